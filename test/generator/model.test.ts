/**
 * What the render model derives from names: an enum label is a string literal type, never a
 * reference to a type, so a label spelled like a type pgtwin imports adds no import (an unused
 * import fails type-checking in projects with noUnusedLocals).
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../generator/model.ts';
import { validateSchema } from '../../generator/validate.ts';
import { defineTable, enumOf, enumType, integer } from '../../schema-dsl/index.ts';

describe('buildModel imports', () => {
  it('imports only the types that columns use, not words inside enum labels', () => {
    const mood = enumType('mood', ['Int8Input', 'JsonValue', 'Generated<x>', 'IntervalOutput']);
    const t = defineTable({ name: 't', columns: { id: integer(), m: enumOf(mood) }, primaryKey: ['id'] });
    const model = buildModel(validateSchema({ modules: [{ file: 'schema/t.ts', exports: { default: t, mood } }], index: { file: 'schema/index.ts', exports: { t, mood } } }));
    const table = model.tables[0];
    expect(table?.runtimeImports.split(', ').filter((n) => n.startsWith('type ') && !['type BatchOptions', 'type CopyIntoOptions', 'type CopyMergeResult', 'type CopyRowsOptions', 'type ParallelCopyOptions', 'type ParallelCopyResult', 'type ParallelCopySource', 'type Queryable'].includes(n))).toEqual([]);
    expect(model.databaseImports).toBe('');
  });
});

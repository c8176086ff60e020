/**
 * What a select returns is valid input (DESIGN, "Whose conventions"): for every column of the
 * type-heavy golden tables, the generated select type is assignable to the insert type, so a
 * row read through node-postgres can be written back without a cast. A compile-time check
 * (`npm run typecheck` fails naming the columns that are not), plus the runtime half: the
 * select types that are PostgreSQL's text are the columns whose insert type takes a string.
 */
import { describe, expect, it } from 'vitest';
import type * as allTypes from './all-types/expected/all-types.ts';
import type * as composites from './composites/expected/records.ts';
import type * as contribBinary from './contrib-raw/expected/contrib-binary.ts';
import type * as contribTypes from './contrib-raw/expected/contrib-types.ts';
import type * as rawTypes from './contrib-raw/expected/raw-types.ts';
import type * as holdings from './domains/expected/holdings.ts';
import type * as multiDim from './multi-dim/expected/multi-dim.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The columns whose selected value is not assignable to their insert type (never when all are). */
type NotInsertable<Row, Insert> = { [K in keyof Row & keyof Insert]-?: Row[K] extends Insert[K] ? never : K }[keyof Row & keyof Insert];
/** `true` when every column is; otherwise a type error listing the columns. */
type Check<Row, Insert> = [NotInsertable<Row, Insert>] extends [never] ? true : { notInsertable: NotInsertable<Row, Insert> };

const checks: readonly true[] = [
  true satisfies Check<allTypes.AllTypesRow, allTypes.AllTypesInsert>,
  true satisfies Check<multiDim.MultiDimRow, multiDim.MultiDimInsert>,
  true satisfies Check<holdings.HoldingsRow, holdings.HoldingsInsert>,
  true satisfies Check<composites.RecordsRow, composites.RecordsInsert>,
  true satisfies Check<contribTypes.ContribTypesRow, contribTypes.ContribTypesInsert>,
  true satisfies Check<contribBinary.ContribBinaryRow, contribBinary.ContribBinaryInsert>,
  true satisfies Check<rawTypes.RawTypesRow, rawTypes.RawTypesInsert>,
];

describe('selected rows are insertable', () => {
  it('every select type that is PostgreSQL\'s text of an array or record has an insert type taking a string', () => {
    expect(checks).toHaveLength(7);
    const file = readFileSync(path.join(import.meta.dirname, 'all-types/expected/all-types.ts'), 'utf8');
    const block = (name: string) => (new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(file)?.[1] ?? '');
    const fields = (body: string) => new Map([...body.matchAll(/^ {2}(?:readonly )?(\w+)\??: (.*);$/gm)].map((m) => [m[1] as string, m[2] as string]));
    const row = fields(block('AllTypesRow'));
    const insert = fields(block('AllTypesInsert'));
    const textColumns = [...row].filter(([, t]) => /^string( \| null)?$/.test(t)).map(([k]) => k);
    expect(textColumns.length).toBeGreaterThan(10);
    for (const k of textColumns) expect(insert.get(k), k).toMatch(/\bstring\b|Input\b/);
  });
});

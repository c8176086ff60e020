/**
 * The type table (runtime/pg-types.ts) is the one place a type is described: these check that
 * what other modules must export for each row is there, so adding a row cannot leave a stage
 * behind silently.
 */
import { describe, expect, it } from 'vitest';
import * as codecs from '@pgtwin/runtime/internal/codecs/index';
import path from 'node:path';
import { Project } from 'ts-morph';
import { DSL_TYPE_NAMES, dslCall, PG_TYPE_NAMES, PG_TYPES, RUNTIME_TYPE_NAMES, TYPE_BY_TYPNAME, typeParamProblems, typeSpec, withTypeDefaults, type RuntimeTypeName } from '@pgtwin/runtime/internal/pg-types';
import * as dsl from '../../schema-dsl/index.ts';

describe('type table', () => {
  it('every row with a DSL constructor is exported by pgtwin/schema under that name, and builds its type', () => {
    for (const type of DSL_TYPE_NAMES) {
      const name = typeSpec(type).dsl as string;
      const make = (dsl as unknown as Record<string, unknown>)[name];
      expect(typeof make, `${type}: schema-dsl exports ${name}`).toBe('function');
      expect((make as () => dsl.ColumnBuilder)().spec.type).toBe(type);
      expect((make as () => dsl.ColumnBuilder).name).toBe(name);
    }
    // Types the schema declares: enumOf(enumType(…)) and compositeOf(compositeType(…)).
    expect(PG_TYPE_NAMES.filter((t) => !DSL_TYPE_NAMES.includes(t))).toEqual(['enum', 'composite']);
  });

  it('DSL constructor arguments are the parameters in table order; left out, the default is filled at validation, not in the DSL', () => {
    expect(dsl.numeric(10, 2).spec).toMatchObject({ precision: 10, scale: 2 });
    expect(dsl.numeric(10).spec).not.toHaveProperty('scale');
    expect(dsl.char().spec).not.toHaveProperty('length');
    expect(dsl.varchar(64).spec).toMatchObject({ length: 64 });
    expect(withTypeDefaults('char', {})).toEqual({ length: 1 });
    expect(withTypeDefaults('numeric', { precision: 10 })).toEqual({ precision: 10, scale: 0 });
    expect(withTypeDefaults('numeric', {})).toEqual({});
    expect(withTypeDefaults('varchar', {})).toEqual({});
  });

  it('pull prints DSL calls from the same table', () => {
    expect(dslCall('numeric', { precision: 10, scale: 2 })).toBe('numeric(10, 2)');
    expect(dslCall('numeric', {})).toBe('numeric()');
    expect(dslCall('char', { length: 1 })).toBe('char(1)');
    expect(dslCall('double precision', {})).toBe('doublePrecision()');
    expect(dslCall('enum', {}, 'mood')).toBe('enumOf(mood)');
    expect(dslCall('composite', {}, 'pair')).toBe('compositeOf(pair)');
  });

  it('parameter ranges: the messages codegen and pull give', () => {
    expect(typeParamProblems('numeric', { precision: 5, scale: -2 })).toEqual(['numeric scale -2 must be an integer from 0 to the precision 5']);
    expect(typeParamProblems('numeric', { precision: 0 })).toEqual(['numeric precision 0 must be an integer from 1 to 1000']);
    expect(typeParamProblems('varchar', { length: 0 })).toEqual(['length 0 must be an integer from 1 to 10485760']);
    expect(typeParamProblems('text', { length: 3 })).toEqual(['type text takes no length']);
    expect(typeParamProblems('numeric', { precision: 5, scale: 5 })).toEqual([]);
    // Was dropped silently (numeric(undefined, 2) was plain numeric).
    expect(typeParamProblems('numeric', { scale: 2 })).toEqual(['numeric scale 2 needs a precision']);
  });

  it('every codec is exported by runtime/codecs (generated modules call it by that name)', () => {
    const exported = new Set(Object.values(codecs));
    for (const type of PG_TYPE_NAMES) expect(exported.has(typeSpec(type).codec), type).toBe(true);
  });

  it('typnames are unique and map back to their row; fixed OIDs are distinct', () => {
    const named = PG_TYPE_NAMES.filter((t) => typeSpec(t).typname !== null);
    expect(TYPE_BY_TYPNAME.size).toBe(named.length);
    for (const t of named) expect(TYPE_BY_TYPNAME.get(typeSpec(t).typname as string)).toBe(t);
    const oids = PG_TYPE_NAMES.flatMap((t) => {
      const o = typeSpec(t).oids;
      return o === 'per-connection' ? [] : [o.oid, o.arrayOid];
    });
    expect(new Set(oids).size).toBe(oids.length);
    expect(PG_TYPES.enum.oids).toBe('per-connection');
  });

  it('every runtime type name the table imports is exported by @pgtwin/runtime', () => {
    const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { allowImportingTsExtensions: true } });
    const index = project.addSourceFileAtPath(path.resolve(import.meta.dirname, '../../runtime/index.ts'));
    project.resolveSourceFileDependencies();
    const exported = new Set(index.getExportedDeclarations().keys());
    for (const name of RUNTIME_TYPE_NAMES) expect(exported.has(name), name).toBe(true);
    expect(exported.has('NotARuntimeName')).toBe(false);
  });

  it('TypeScript types carry the runtime names they use, and only those', () => {
    for (const type of PG_TYPE_NAMES) {
      const s = typeSpec(type);
      for (const t of [s.tsInput({}), s.tsSelect({}), ...(s.tsInputNotNull ? [s.tsInputNotNull({})] : [])]) {
        const mentioned = RUNTIME_TYPE_NAMES.filter((n) => new RegExp(`\\b${n}\\b`).test(t.text));
        expect([...t.imports].sort(), `${type}: ${t.text}`).toEqual([...mentioned].sort());
      }
    }
  });
});

describe('type table: the issue-16 wave-2 rows', () => {
  it('DSL calls pull writes, with bit lengths and the "char" constructor', () => {
    expect(dslCall('bit', { length: 3 })).toBe('bit(3)');
    expect(dslCall('bit varying', {})).toBe('varbit()');
    expect(dslCall('"char"', {})).toBe('singleChar()');
    expect(dslCall('pg_lsn', {})).toBe('pgLsn()');
    expect(withTypeDefaults('bit', {})).toEqual({ length: 1 });
    expect(withTypeDefaults('bit varying', {})).toEqual({});
    expect(typeParamProblems('bit', { length: 0 })).toEqual(['bit length 0 must be an integer from 1 to 83886080']);
    expect(PG_TYPES.bit.sql({ length: 3 })).toBe('bit(3)');
    expect(typeSpec('bit varying').sql({})).toBe('varbit');
    expect(typeSpec('"char"').sql({})).toBe('"char"');
    expect(TYPE_BY_TYPNAME.get('char')).toBe('"char"');
    expect(TYPE_BY_TYPNAME.get('bpchar')).toBe('char');
  });

  it('keys: equality where the server has a btree operator class, hash where it has a hash one', () => {
    const noKey = PG_TYPE_NAMES.filter((t) => !typeSpec(t).key);
    // A composite is a key when every field is (checked at validation, field by field).
    expect(noKey).toEqual(['json', 'lquery', 'ltxtquery', 'xml', 'jsonpath', 'point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle']);
    expect(PG_TYPE_NAMES.filter((t) => typeSpec(t).hash === false)).toEqual(['ltree', 'cube', 'seg', 'bit', 'bit varying', 'money', 'tsvector', 'tsquery', 'composite']);
  });

  it('box arrays use ";" between elements, written and read (box text has commas)', () => {
    const boxes = codecs.arrayCodec(codecs.box(), 603, { delimiter: ';' });
    expect(boxes.toText([[{ x: 1, y: 2 }, { x: 3, y: 4 }], null, '(0,0),(-1,-1)'])).toBe('{"(3,4),(1,2)";NULL;"(0,0),(-1,-1)"}');
    // node-postgres returns box[] unparsed, as the server prints it.
    expect(boxes.toText('{(3,4),(1,2);(0,0),(-1,-1)}')).toBe('{"(3,4),(1,2)";"(0,0),(-1,-1)"}');
    expect(() => boxes.toText('{(3,4),(1,2),(0,0),(-1,-1)}')).toThrow(/not a box/);
    // Other arrays are unchanged: "," between elements.
    expect(codecs.arrayCodec(codecs.point(), 600).toText([{ x: 1, y: 2 }, '(3,4)'])).toBe('{"(1,2)","(3,4)"}');
  });
});

describe('type table: time of day, precisions, interval fields, ranges, multi-dimensional arrays (issue 16 wave 2)', () => {
  it('select types of arrays follow the parsers node-postgres registers: unparsed arrays are strings', async () => {
    const { default: pgTypes } = await import('pg-types');
    const unparsed = pgTypes.getTypeParser(999_999 as never, 'text');
    for (const type of PG_TYPE_NAMES) {
      const spec = typeSpec(type);
      const o = spec.oids;
      // OIDs per database: pg-types has no parser for them (raw: the type is the schema's, see README; composite: text itself).
      if (o === 'per-connection') {
        if (!spec.takesRawType && !spec.takesComposite) expect(spec.arraySelectsText, `${type}[] (OID per connection)`).toBe(true);
        continue;
      }
      expect(spec.arraySelectsText === true, `${type}[] (${o.arrayOid})`).toBe(pgTypes.getTypeParser(o.arrayOid as never, 'text') === unparsed);
    }
  });

  it('DSL: precisions, interval({ fields, precision }), .array(n); pull prints them back', () => {
    expect(dsl.timestamp(3).spec).toMatchObject({ type: 'timestamp', precision: 3 });
    expect(dsl.time().spec).not.toHaveProperty('precision');
    expect(dsl.interval(2).spec).toMatchObject({ precision: 2 });
    expect(dsl.interval({ fields: 'day to second', precision: 1 }).spec).toMatchObject({ fields: 'day to second', precision: 1 });
    expect(dsl.interval({ fieldz: 'day' } as never).spec.problems).toEqual(['interval({ fields, precision }): unknown key "fieldz" (did you mean "fields"?)']);
    expect(dsl.integer().array(2).spec).toMatchObject({ isArray: true, arrayDimensions: 2 });
    expect(dsl.integer().array(1).spec.arrayDimensions).toBeUndefined();
    expect(dsl.integer().array(7).spec.problems).toEqual(['.array(dimensions) takes an integer from 1 to 6 (PostgreSQL\'s limit), not number 7']);
    expect(dslCall('interval', { fields: 'year to month' })).toBe("interval({ fields: 'year to month' })");
    expect(dslCall('interval', { fields: 'hour to second', precision: 0 })).toBe("interval({ fields: 'hour to second', precision: 0 })");
    expect(dslCall('timetz', { precision: 0 })).toBe('timetz(0)');
    expect(typeParamProblems('time', { precision: 7 })).toEqual(['fractional-second precision 7 must be an integer from 0 to 6']);
  });

  it('SQL spellings', () => {
    expect(typeSpec('interval').sql({ fields: 'day to second', precision: 3 })).toBe('interval day to second(3)');
    expect(typeSpec('interval').sql({ precision: 3 })).toBe('interval(3)');
    expect(typeSpec('timestamptz').sql({})).toBe('timestamptz');
    expect(typeSpec('time').sql({ precision: 0 })).toBe('time(0)');
  });

  it('each range type names an element that can be one, each multirange its range', () => {
    for (const type of PG_TYPE_NAMES) {
      const { rangeOf, multirangeOf } = typeSpec(type);
      if (rangeOf !== undefined) expect(typeSpec(rangeOf).rangeElement, type).toBe(true);
      if (multirangeOf !== undefined) expect(typeSpec(multirangeOf).rangeOf, type).toBeDefined();
    }
    expect(PG_TYPE_NAMES.filter((t) => typeSpec(t).rangeOf !== undefined)).toHaveLength(6);
    expect(PG_TYPE_NAMES.filter((t) => typeSpec(t).multirangeOf !== undefined)).toHaveLength(6);
  });
});

import { describe, expect, it } from 'vitest';
import { bigint, bit, char, column, defineTable, enumOf, enumType, integer, interval, json, numeric, raw, sql, text, time, timestamptz, varbit, varchar } from '../../schema-dsl/index.ts';
import { generate } from '../../generator/generate.ts';
import type { LoadedSchema } from '../../generator/load-schema.ts';
import { SchemaError, validateSchema } from '../../generator/validate.ts';

/** A loaded schema made of in-memory modules: `{ 'schema/a.ts': { default: table } }`; index exports every table. */
function schemaOf(files: Record<string, Record<string, unknown>>, options: { index?: boolean } = {}): LoadedSchema {
  const modules = Object.entries(files).map(([file, exports]) => ({ file, exports }));
  const all = Object.fromEntries(modules.flatMap((m, i) => Object.values(m.exports).map((v, j) => [`e${i}_${j}`, v])));
  return { modules, index: options.index === false ? undefined : { file: 'schema/index.ts', exports: all } };
}

function issuesOf(schema: LoadedSchema): string[] {
  try {
    validateSchema(schema);
  } catch (err) {
    if (err instanceof SchemaError) return err.issues.map((i) => `${i.file}|${i.table ?? ''}|${i.column ?? ''}|${i.message}`);
    throw err;
  }
  return [];
}

const okTable = defineTable({ name: 'things', columns: { id: bigint(), name: text() }, primaryKey: ['id'] });

describe('validateSchema', () => {
  it('accepts a valid schema and freezes the IR, columns in declaration order', () => {
    const ir = validateSchema(schemaOf({ 'schema/things.ts': { default: okTable } }));
    expect(ir.tables.map((t) => t.name)).toEqual(['things']);
    const t = ir.tables[0]!;
    expect(t.columns.map((c) => c.name)).toEqual(['id', 'name']);
    expect(t.conflictTarget).toEqual(['id']);
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.columns[0])).toBe(true);
    expect(t.file).toBe('schema/things.ts');
  });

  it('derives camelCase fields from snake_case names unless told otherwise', () => {
    const t = defineTable({ name: 't', columns: { closed_at: bigint(), ledger_seq: bigint().field('seq'), Mixed: text() } });
    const ir = validateSchema(schemaOf({ 'schema/t.ts': { default: t } }));
    expect(ir.tables[0]!.columns.map((c) => c.field)).toEqual(['closedAt', 'seq', 'Mixed']);
  });

  it('derives fields that are identifiers and never Object.prototype members', () => {
    const t = defineTable({ name: 't', columns: { constructor: text(), ['__proto__']: text(), class: text(), '1st': text(), '*/': text() } });
    const ir = validateSchema(schemaOf({ 'schema/t.ts': { default: t } }));
    expect(ir.tables[0]!.columns.map((c) => c.field)).toEqual(['constructor_', 'proto', 'class', '_1st', 'column']);
  });

  const cases: [string, Record<string, Record<string, unknown>>, RegExp][] = [
    ['unknown type', { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { x: column('geometry') } }) } }, /schema\/a\.ts\|a\|x\|unknown type "geometry"/],
    [
      'duplicate table',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { x: text() } }) }, 'schema/b.ts': { default: defineTable({ name: 'a', columns: { y: text() } }) } },
      /schema\/b\.ts\|a\|\|is declared twice \(also in schema\/a\.ts\)/,
    ],
    [
      'duplicate column (two SQL names, one TypeScript field)',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { closed_at: text(), closedAt: text() } }) } },
      /schema\/a\.ts\|a\|closedAt\|TypeScript field "closedAt" is also the field of column "closed_at"/,
    ],
    [
      'a given field that is an Object.prototype member',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { p: text().field('__proto__') } }) } },
      /schema\/a\.ts\|a\|p\|field name "__proto__" is a member of Object\.prototype/,
    ],
    [
      'conflict target that is not a key',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint(), n: bigint() }, primaryKey: ['id'], conflictTarget: ['n'] }) } },
      /schema\/a\.ts\|a\|\|conflict target \(n\) is neither the primary key nor a unique key/,
    ],
    [
      'nullable primary key column',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint().nullable() }, primaryKey: ['id'] }) } },
      /schema\/a\.ts\|a\|id\|is nullable but part of the primary key/,
    ],
    [
      'nullable conflict target column',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint(), k: text().nullable() }, primaryKey: ['id'], unique: [['k']], conflictTarget: ['k'] }) } },
      /schema\/a\.ts\|a\|k\|is nullable but part of the conflict target/,
    ],
    [
      'key naming a missing column',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint() }, primaryKey: ['idd'] }) } },
      /schema\/a\.ts\|a\|idd\|the primary key names a column the table does not have/,
    ],
    ['enum with duplicate labels', { 'schema/e.ts': { e: enumType('mood', ['ok', 'ok']) } }, /schema\/e\.ts\|\|\|enum "mood" has the label "ok" twice/],
    ['enum with an empty label', { 'schema/e.ts': { e: enumType('mood', ['ok', '']) } }, /schema\/e\.ts\|\|\|enum "mood" has an empty label/],
    ['enum with no labels', { 'schema/e.ts': { e: enumType('mood', []) } }, /enum "mood" has no labels/],
    [
      'enum used but not exported',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { m: enumOf(enumType('mood', ['x'])) } }) } },
      /schema\/a\.ts\|a\|m\|enum "mood" is not exported from any schema file/,
    ],
    ['numeric scale > precision', { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { n: numeric(5, 6) } }) } }, /schema\/a\.ts\|a\|n\|numeric scale 6 must be an integer from 0 to the precision 5/],
    ['numeric precision out of range', { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { n: numeric(0) } }) } }, /numeric precision 0 must be/],
    ['varchar length 0', { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { n: varchar(0) } }) } }, /schema\/a\.ts\|a\|n\|length 0 must be an integer/],
    ['parameter on a type without one', { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { n: column('integer', { length: 3 }) } }) } }, /type integer takes no length/],
    ['table name over 63 bytes', { 'schema/a.ts': { default: defineTable({ name: 'x'.repeat(64), columns: { n: text() } }) } }, /table name is 64 bytes; PostgreSQL would truncate it to 63/],
    ['column name over 63 bytes (multi-byte)', { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { ['é'.repeat(32)]: text() } }) } }, /column name is 64 bytes/],
    [
      'no insertable column',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint().identity(), at: text().filledByDatabase(sql('now()')) } }) } },
      /schema\/a\.ts\|a\|\|has no insertable column/,
    ],
    [
      'default on a column the database fills',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint().identity().default(1), v: text() } }) } },
      /schema\/a\.ts\|a\|id\|has \.default\(\) but the database fills it \(identity\)/,
    ],
    [
      'two ways of filling a column',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint().identity().generatedAs(sql('1')), v: text() } }) } },
      /the database can fill a column only one way, but it is declared identity and generated/,
    ],
    ['identity on text', { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: text().identity(), v: text() } }) } }, /an identity column must be smallint, integer or bigint/],
    ['integer-like column name', { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { '1': text() } }) } }, /looks like an integer/],
    ['table with no columns', { 'schema/a.ts': { default: defineTable({ name: 'a', columns: {} }) } }, /schema\/a\.ts\|a\|\|has no columns/],
    ['file exporting nothing', { 'schema/a.ts': { helper: 42 } }, /schema\/a\.ts\|\|\|exports no table/],
    ['enum and table with one name', { 'schema/a.ts': { default: defineTable({ name: 'mood', columns: { n: text() } }), e: enumType('mood', ['x']) } }, /same name as the enum/],
    ['json in a key', { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { j: json() }, unique: [['j']] }) } }, /schema\/a\.ts\|a\|j\|a json column cannot be part of the unique key #1/],
    [
      'foreign key to a missing table',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { p: bigint().references('nope', 'id') } }) } },
      /schema\/a\.ts\|a\|p\|references table "nope", which the schema does not declare/,
    ],
    [
      'foreign key to a non-key column',
      {
        'schema/a.ts': { default: defineTable({ name: 'a', columns: { p: bigint().references('b', 'v') } }) },
        'schema/b.ts': { default: defineTable({ name: 'b', columns: { id: bigint(), v: bigint() }, primaryKey: ['id'] }) },
      },
      /references "b"."v", which is not its primary key or a single-column unique key/,
    ],
    [
      'foreign key cycle',
      {
        'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint(), b: bigint().references('b', 'id') }, primaryKey: ['id'] }) },
        'schema/b.ts': { default: defineTable({ name: 'b', columns: { id: bigint(), a: bigint().references('a', 'id') }, primaryKey: ['id'] }) },
      },
      /foreign keys form a cycle: a → b → a/,
    ],
    [
      'field name that is not an identifier',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { x: integer().field('not valid') } }) } },
      /field name "not valid" is not a TypeScript identifier/,
    ],
    [
      'upsert target that is not a key',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint(), n: bigint() }, primaryKey: ['id'], upsert: { target: ['n'] } }) } },
      /schema\/a\.ts\|a\|\|upsert target \(n\) is neither the primary key nor a unique key/,
    ],
    [
      'upsert updating a key column',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint(), n: bigint() }, primaryKey: ['id'], upsert: { set: { id: 'excluded' } } }) } },
      /schema\/a\.ts\|a\|id\|is part of the upsert target; a key column cannot be updated/,
    ],
    [
      'upsert setting an unknown column',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint(), n: bigint() }, primaryKey: ['id'], upsert: { set: { nn: 'excluded' } } }) } },
      /schema\/a\.ts\|a\|nn\|upsert\.set names a column the table does not have/,
    ],
    [
      'upsert taking EXCLUDED of a column rows do not carry',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint(), at: text().filledByDatabase(sql('now()')) }, primaryKey: ['id'], upsert: { set: { at: 'excluded' } } }) } },
      /schema\/a\.ts\|a\|at\|'excluded' would take the database's default/,
    ],
    [
      'upsert with nothing to update',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint() }, primaryKey: ['id'], upsert: {} }) } },
      /upsert updates no column/,
    ],
    [
      'upsert without any key',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint() }, upsert: { set: { id: 'excluded' } } }) } },
      /upsert needs a target/,
    ],
    [
      'nullable delete key',
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint(), k: text().nullable() }, primaryKey: ['id'], deleteKey: ['k'] }) } },
      /schema\/a\.ts\|a\|k\|is nullable but part of the delete key/,
    ],
    [
      "deleteKey 'primaryKey' without a primary key",
      { 'schema/a.ts': { default: defineTable({ name: 'a', columns: { id: bigint() }, deleteKey: 'primaryKey' }) } },
      /deleteKey: 'primaryKey' but the table has no primary key/,
    ],
  ];

  it.each(cases)('rejects %s, naming file, table and column', (_name, files, expected) => {
    const issues = issuesOf(schemaOf(files));
    expect(issues.some((i) => expected.test(i)), `issues were:\n${issues.join('\n')}`).toBe(true);
  });

  it('rejects a table missing from schema/index.ts, naming both files', () => {
    const loaded: LoadedSchema = { modules: [{ file: 'schema/things.ts', exports: { default: okTable } }], index: { file: 'schema/index.ts', exports: {} } };
    expect(issuesOf(loaded)).toEqual(['schema/index.ts|things||does not export this table (declared in schema/things.ts)']);
    expect(issuesOf({ modules: loaded.modules, index: undefined })).toEqual(['schema/index.ts|||is missing: it must export every table of the schema']);
  });

  it('collects every issue, not just the first', () => {
    const bad = defineTable({ name: 'a', columns: { x: column('geometry'), n: numeric(2, 3) }, primaryKey: ['zz'] });
    expect(issuesOf(schemaOf({ 'schema/a.ts': { default: bad } })).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses tables whose generated names collide, naming every table and file, unless names are pinned; checks pinned names', () => {
    const t = (name: string, names?: { export?: string; file?: string }) => defineTable({ name, columns: { id: integer() }, ...(names && { names }) });
    const three = issuesOf(schemaOf({ 'schema/x.ts': { a: t('a-b'), b: t('a_b') }, 'schema/y.ts': { default: t('A_B') } }));
    expect(three).toHaveLength(3);
    expect(three[0]).toBe(`schema/x.ts|||tables "A_B" (schema/y.ts), "a-b" (schema/x.ts), "a_b" (schema/x.ts) all get the generated file a-b.ts; pgtwin does not number them (a number would move to another table when one is added). Pin distinct names with defineTable({ names: { export, file } }) on all but the table your code already calls aB, such as "a-b": names: { export: 'aB2', file: 'a-b-2' }; "a_b": names: { export: 'aB3', file: 'a-b-3' }`);
    expect(three[1]).toMatch(/all get the export name aB;/);
    expect(three[2]).toMatch(/all get the type name prefix AB;/);
    // Pinned apart: accepted, with the pinned names; pinning only the export still collides on the file.
    const ok = { 'schema/x.ts': { a: t('a-b', { export: 'dash', file: 'dash' }), b: t('a_b', { export: 'under', file: 'under' }) }, 'schema/y.ts': { default: t('A_B') } };
    expect(validateSchema(schemaOf(ok)).tables.map((x) => x.names)).toEqual([{}, { export: 'dash', file: 'dash' }, { export: 'under', file: 'under' }]);
    expect(issuesOf(schemaOf({ 'schema/x.ts': { a: t('a-b', { export: 'dash' }) }, 'schema/y.ts': { default: t('A_B') } }))).toEqual([
      expect.stringMatching(/^schema\/x\.ts\|\|\|tables "A_B" \(schema\/y\.ts\), "a-b" \(schema\/x\.ts, pinned\) all get the generated file a-b\.ts;/),
    ]);
    // A pinned name that equals another table's derived one collides too; `aB` and `AB` share the types AB….
    expect(issuesOf(schemaOf({ 'schema/x.ts': { a: t('zz', { export: 'things' }), b: t('things') } }))).toEqual([expect.stringMatching(/all get the export name things;/), expect.stringMatching(/all get the type name prefix Things;/)]);
    expect(issuesOf(schemaOf({ 'schema/x.ts': { a: t('p', { export: 'AB' }), b: t('q', { export: 'aB' }) } }))).toEqual([expect.stringMatching(/"p" \(schema\/x\.ts, pinned\), "q" \(schema\/x\.ts, pinned\) all get the type name prefix AB;/)]);
    expect(issuesOf(schemaOf({ 'schema/x.ts': { a: t('p', { export: 'class', file: 'Big' }), b: t('q', { file: 'index' }), c: t('r', { export: 'x' as string, files: 'x' } as never) } }))).toEqual([
      'schema/x.ts|r||names: unknown key "files" (did you mean "file"?); known keys: export, file',
      'schema/x.ts|p||names.export "class" is a reserved word or an Object.prototype member',
      expect.stringMatching(/^schema\/x\.ts\|p\|\|names\.file "Big" is not a portable file stem/),
      'schema/x.ts|q||names.file "index" is reserved (index, database, enums and Windows device names)',
    ]);
  });
});

describe('column(type, params)', () => {
  // Every parameter a constructor takes: the generic form must give the same generated code.
  const byConstructor = defineTable({
    name: 't',
    columns: {
      id: bigint(),
      i: interval({ fields: 'day to second', precision: 3 }),
      j: interval({ fields: 'year to month' }),
      k: interval(2),
      n: numeric(10, 2),
      v: varchar(20),
      c: char(3),
      b: bit(4),
      vb: varbit(9),
      tm: time(0),
      tz: timestamptz(3),
      r: raw('vector(3)').nullable(),
    },
    primaryKey: ['id'],
  });
  const byName = defineTable({
    name: 't',
    columns: {
      id: column('bigint'),
      i: column('interval', { fields: 'day to second', precision: 3 }),
      j: column('interval', { fields: 'year to month' }),
      k: column('interval', { precision: 2 }),
      n: column('numeric', { precision: 10, scale: 2 }),
      v: column('varchar', { length: 20 }),
      c: column('char', { length: 3 }),
      b: column('bit', { length: 4 }),
      vb: column('bit varying', { length: 9 }),
      tm: column('time', { precision: 0 }),
      tz: column('timestamptz', { precision: 3 }),
      r: column('raw', { rawType: 'vector(3)' }).nullable(),
    },
    primaryKey: ['id'],
  });

  it('generates the same code as the constructors with the same parameters (interval fields and raw types included)', () => {
    const files = (t: typeof byName) => generate(schemaOf({ 'schema/t.ts': { default: t } }), { root: '.', outDir: 'generated', typecheck: false });
    const expected = files(byConstructor);
    const actual = files(byName);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [name, source] of expected) expect(actual.get(name), name).toBe(source);
    expect(expected.get('schema.sql')).toContain('"i" interval day to second(3) NOT NULL');
    expect(expected.get('schema.sql')).toContain('"j" interval year to month NOT NULL');
  });

  it('refuses a parameter the type does not take, as the constructors do', () => {
    const issues = issuesOf(schemaOf({ 'schema/a.ts': { default: defineTable({ name: 'a', columns: {
      f: column('timestamp', { fields: 'day' }),
      g: column('interval', { fields: 'week' as never }),
      h: column('interval', { fields: 'day', precision: 2 }),
      r: column('text', { rawType: 'text' }),
      e: column('raw'),
      u: column('interval', { field: 'day' } as never),
    } }) } }));
    expect(issues).toEqual([
      'schema/a.ts|a|f|type timestamp takes no interval fields',
      expect.stringMatching(/^schema\/a\.ts\|a\|g\|interval fields "week" must be one of 'year', /),
      'schema/a.ts|a|h|interval day takes no precision (only a restriction ending in second does, as in SQL)',
      'schema/a.ts|a|r|type text takes no raw type (only raw does)',
      expect.stringMatching(/^schema\/a\.ts\|a\|e\|raw\(\) needs the type as spelled in SQL/),
      expect.stringMatching(/^schema\/a\.ts\|a\|u\|column\(type, params\): unknown key "field" \(did you mean "fields"\?\)?.*it takes length, precision, scale, fields, rawType/),
    ]);
  });
});

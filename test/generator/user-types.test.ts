/** Schema errors for domains and composite types: each names the schema file (no database). */
import { describe, expect, it } from 'vitest';
import { SchemaError, validateSchema } from '../../generator/validate.ts';
import { compositeOf, compositeType, defineTable, domainOf, domainType, integer, json, numeric, sql, text } from '../../schema-dsl/index.ts';

function problems(exports: Record<string, unknown>): string[] {
  const table = Object.values(exports).find((v) => (v as { kind?: string }).kind === 'table');
  try {
    validateSchema({ modules: [{ file: 'schema/t.ts', exports }], index: { file: 'schema/index.ts', exports: { t: table } } });
  } catch (e) {
    if (e instanceof SchemaError) return e.issues.map((i) => `${i.file}${i.column ? ` ${i.column}` : ''}: ${i.message}`);
    throw e;
  }
  return [];
}

const amount = domainType('amount', numeric(39, 0), { check: sql('VALUE >= 0') });
const positive = domainType('positive', integer(), { notNull: true });
const tags = domainType('tags', text().array());
const pair = compositeType('pair', { a: integer(), b: text() });

describe('domains and composites in the schema', () => {
  it('a valid schema has no problems, and the IR keeps the domain and composite', () => {
    const t = defineTable({ name: 't', columns: { id: integer(), a: domainOf(amount), p: compositeOf(pair).nullable() }, primaryKey: ['id'] });
    expect(problems({ amount, pair, default: t })).toEqual([]);
  });

  it('a domain over a domain, over a composite, an array of a domain over an array and a composite field .nullable() are valid', () => {
    const small = domainType('small', domainOf(amount), { check: sql('VALUE < 10') });
    const overPair = domainType('over_pair', compositeOf(pair));
    const loose = compositeType('loose', { a: integer().nullable() });
    const t = defineTable({ name: 't', columns: { id: integer(), s: domainOf(small), p: domainOf(overPair).nullable(), tt: domainOf(tags).array().nullable(), l: compositeOf(loose).nullable() }, primaryKey: ['id'] });
    expect(problems({ amount, small, pair, overPair, tags, loose, default: t })).toEqual([]);
  });

  it('reports what PostgreSQL or pgtwin cannot do, naming the file', () => {
    const overArray = domainType('over_array', domainOf(amount).array());
    const selfish = compositeType('selfish', { x: integer() });
    const t = defineTable({
      name: 't',
      columns: {
        id: integer(),
        n: domainOf(positive).nullable(),
        tt: domainOf(tags).array(2).nullable(),
        missing: domainOf(domainType('elsewhere', integer())),
        p: compositeOf(compositeType('pair', { a: integer() })),
      },
      primaryKey: ['id'],
    });
    const found = problems({ amount, positive, tags, pair, overArray, selfish, badField: compositeType('bad_field', { a: integer().default(1) }), default: t });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^schema\/t\.ts: domain "over_array": a domain over an array of domain "amount" is not supported/),
      expect.stringMatching(/^schema\/t\.ts bad_field\.a: composite type "bad_field": field "a" is a type only/),
      expect.stringMatching(/^schema\/t\.ts n: domain "positive" is NOT NULL: a column of it cannot be \.nullable\(\)/),
      expect.stringMatching(/^schema\/t\.ts tt: an array of domain "tags", whose base is an array, takes one dimension/),
      expect.stringMatching(/^schema\/t\.ts missing: domain "elsewhere" is not exported from any schema file/),
      expect.stringMatching(/^schema\/t\.ts p: composite type "pair" is not the one exported from schema\/t\.ts/),
    ]));
    expect(found.some((m) => /composite type "pair" is not exported/.test(m))).toBe(false);
  });

  it('a composite is a key when every field is (record equality compares field by field)', () => {
    const doc = compositeType('doc', { id: integer(), body: json() });
    const wrapped = compositeType('wrapped', { pair: compositeOf(pair), doc: compositeOf(doc) });
    const overDoc = domainType('over_doc', compositeOf(doc));
    const ok = defineTable({ name: 't', columns: { k: compositeOf(pair), n: integer() }, primaryKey: ['k'], upsert: { set: { n: 'excluded' } }, deleteKey: 'primaryKey' });
    expect(problems({ pair, default: ok })).toEqual([]);
    const bad = defineTable({ name: 't', columns: { k: compositeOf(doc), w: compositeOf(wrapped), o: domainOf(overDoc), n: integer() }, primaryKey: ['k'], unique: [['w'], ['o']] });
    expect(problems({ pair, doc, wrapped, overDoc, default: bad })).toEqual([
      'schema/t.ts k: a composite type doc (field body: json) column cannot be part of the primary key (json has no equality operator; use jsonb)',
      'schema/t.ts w: a composite type wrapped (field doc: composite type doc (field body: json)) column cannot be part of the unique key #1 (json has no equality operator; use jsonb)',
      'schema/t.ts o: a composite type doc (field body: json) column cannot be part of the unique key #2 (json has no equality operator; use jsonb)',
    ]);
  });

  it('a composite that contains itself through another is refused', () => {
    const a: { kind: 'composite'; name: string; fields: [string, unknown][]; problems: string[] } = { kind: 'composite', name: 'a', fields: [], problems: [] };
    const b = compositeType('b', { a: compositeOf(a as never) });
    a.fields.push(['b', compositeOf(b).spec]);
    expect(problems({ a, b })).toEqual(expect.arrayContaining([expect.stringMatching(/composite type "a" contains itself \(a → b → a\)/)]));
  });
});

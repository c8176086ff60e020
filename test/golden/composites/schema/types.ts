import { compositeOf, compositeType, domainOf, domainType, enumOf, enumType, integer, numeric, sql, text, timestamptz } from 'pgtwin/schema';

export const mood = enumType('mood', ['calm', 'tense']);
export const amount = domainType('amount', numeric(39, 0), { check: sql('VALUE >= 0') });
/** The example. */
export const pair = compositeType('pair', { a: integer(), b: text() });
/** Nested: fields of an enum, a domain, another composite and arrays. */
export const entry = compositeType('entry', {
  label: text(),
  mood: enumOf(mood),
  moods: enumOf(mood).array(),
  amount: domainOf(amount),
  pair: compositeOf(pair),
  pairs: compositeOf(pair).array(),
  at: timestamptz(),
  'odd name': integer().array(),
});
/** A key: record equality compares field by field. `.nullable()` on a field says what every field is. */
export const pairKey = compositeType('pair_key', { a: integer(), b: text().nullable() });

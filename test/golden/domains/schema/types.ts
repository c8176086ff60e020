import { compositeOf, compositeType, domainOf, domainType, enumOf, enumType, integer, numeric, sql, text, timestamptz } from 'pgtwin/schema';

export const mood = enumType('mood', ['calm', 'tense']);
/** A domain over numeric with a check (the example). */
export const amount = domainType('amount', numeric(39, 0), { check: sql('VALUE >= 0') });
/** Named checks, NOT NULL and a default. */
export const percent = domainType('percent', integer(), { check: { percent_min: sql('VALUE >= 0'), percent_max: sql('VALUE <= 100') }, notNull: true, default: 0 });
/** A domain over an array. */
export const tags = domainType('tags', text().array(), { check: sql('cardinality(VALUE) <= 3') });
/** Domains over an enum and over an enum array. */
export const calmMood = domainType('calm_mood', enumOf(mood), { check: sql("VALUE <> 'tense'") });
export const moods = domainType('moods', enumOf(mood).array());
export const stamp = domainType('stamp', timestamptz());
/** A domain over a domain: both checks apply. */
export const smallAmount = domainType('small_amount', domainOf(amount), { check: sql('VALUE < 1000') });
/** A domain over a domain over an array. */
export const shortTags = domainType('short_tags', domainOf(tags), { check: sql('cardinality(VALUE) <= 2') });
/** A domain over a composite type. */
export const pair = compositeType('pair', { a: integer(), b: text() });
export const positivePair = domainType('positive_pair', compositeOf(pair), { check: sql('(VALUE).a > 0') });

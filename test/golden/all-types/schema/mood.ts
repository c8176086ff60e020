import { compositeOf, compositeType, domainOf, domainType, enumType, integer, text } from 'pgtwin/schema';

/** Labels a COPY text field or an array literal must quote or escape: a space, quotes, a comma, braces, a backslash, non-BMP. */
export const mood = enumType('mood', ['happy', 'so so', "it's", 'say "hi"', 'a,b', '{x}', 'back\\slash', '🦀', 'NULL']);

/** A composite type (issue 16): fields a record literal must quote (text with quotes, commas, parentheses, backslashes). */
export const pair = compositeType('pair', { a: integer(), b: text() });

/** Domains over a domain and over a composite (issue 16): the base type's values, sent as the base type's binary form. */
export const count = domainType('count', integer());
export const count2 = domainType('count2', domainOf(count));
export const pairD = domainType('pair_d', compositeOf(pair));

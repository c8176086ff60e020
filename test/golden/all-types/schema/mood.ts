import { compositeType, enumType, integer, text } from 'pgtwin/schema';

/** Labels a COPY text field or an array literal must quote or escape: a space, quotes, a comma, braces, a backslash, non-BMP. */
export const mood = enumType('mood', ['happy', 'so so', "it's", 'say "hi"', 'a,b', '{x}', 'back\\slash', '🦀', 'NULL']);

/** A composite type (issue 16): fields a record literal must quote (text with quotes, commas, parentheses, backslashes). */
export const pair = compositeType('pair', { a: integer(), b: text() });

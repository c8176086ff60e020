import { enumType } from 'pgtwin/schema';

/** Labels a COPY text field or an array literal must quote or escape: a space, quotes, a comma, braces, a backslash, non-BMP. */
export const mood = enumType('mood', ['happy', 'so so', "it's", 'say "hi"', 'a,b', '{x}', 'back\\slash', '🦀', 'NULL']);

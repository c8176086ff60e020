import { compositeType, enumType, integer, text } from 'pgtwin/schema';

/** all_types' labels (its server value generator picks them): ones an array literal must quote or escape. */
export const mood = enumType('mood', ['happy', 'so so', "it's", 'say "hi"', 'a,b', '{x}', 'back\\slash', '🦀', 'NULL']);

/** A composite: record literals inside array literals. */
export const pair = compositeType('pair', { a: integer(), b: text() });

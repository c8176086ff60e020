import { defineTable, domainOf, integer } from 'pgtwin/schema';
import { amount, calmMood, moods, percent, positivePair, shortTags, smallAmount, stamp, tags } from './types.ts';

export default defineTable({
  name: 'holdings',
  columns: {
    id: integer(),
    amount: domainOf(amount),
    maybe_amount: domainOf(amount).nullable(),
    amounts: domainOf(amount).array().nullable(),
    share: domainOf(percent),
    tags: domainOf(tags).nullable(),
    mood: domainOf(calmMood).nullable(),
    moods: domainOf(moods).nullable(),
    calm_moods: domainOf(calmMood).array().nullable(),
    at: domainOf(stamp).nullable(),
    small: domainOf(smallAmount).nullable(),
    short_tags: domainOf(shortTags).nullable(),
    // An array of a domain over an array: each element is one tags value.
    tag_lists: domainOf(tags).array().nullable(),
    pair: domainOf(positivePair).nullable(),
    pairs: domainOf(positivePair).array().nullable(),
  },
  primaryKey: ['id'],
  upsert: { set: { amount: 'excluded', share: 'excluded' } },
  deleteKey: ['amount', 'id'],
});

import { citext, cube, defineTable, hstore, isbn13, ltree, seg, text } from 'pgtwin/schema';

/** Contrib types with equality in a key: conflict target, upsert target and delete key. */
export default defineTable({
  name: 'contrib_keys',
  columns: {
    email: citext(),
    path: ltree(),
    box: cube(),
    tags: hstore(),
    book: isbn13(),
    span: seg(),
    note: text().nullable(),
  },
  primaryKey: ['email', 'path', 'box', 'tags', 'book', 'span'],
  upsert: { set: { note: 'excluded' } },
  deleteKey: 'primaryKey',
});

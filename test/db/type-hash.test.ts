/**
 * The type table's `hash` against the real server: a key type can be a hash partition (and
 * Citus distribution) column only when PostgreSQL has a hash operator class for it, which
 * `PARTITION BY HASH` needs. A type marked hashable that is not would pass codegen and fail
 * when schema.sql is applied.
 */
import { describe, expect, it } from 'vitest';
import { PG_TYPE_NAMES, typeSpec, withTypeDefaults } from '@pgtwin/runtime/internal/pg-types';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

describe('type table: hash operator classes', () => {
  it('a key type the type table calls hashable can be a hash partition column on the server', async () => {
    for (const e of ['citext', 'hstore', 'ltree', 'cube', 'isn', 'seg']) await db.client.query(`CREATE EXTENSION IF NOT EXISTS ${e}`);
    const wrong: string[] = [];
    for (const name of PG_TYPE_NAMES) {
      const spec = typeSpec(name);
      if (spec.typname === null || !spec.key) continue;
      const sql = spec.sql(withTypeDefaults(name, {}));
      const hashable = await db.client.query(`CREATE TEMP TABLE hash_probe (c ${sql}) PARTITION BY HASH (c)`).then(
        () => true,
        (e: Error) => {
          if (!/has no default operator class for access method "hash"/.test(e.message)) throw e;
          return false;
        },
      );
      await db.client.query('DROP TABLE IF EXISTS hash_probe');
      // hash: false where the server could hash is only conservative (ltree gained a hash class in PostgreSQL 16).
      if (!hashable && spec.hash !== false) wrong.push(`${name}: the server cannot hash it, the type table says it can`);
    }
    expect(wrong).toEqual([]);
  });
});

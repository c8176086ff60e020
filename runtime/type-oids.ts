import type { ClientBase } from 'pg';

export interface TypeOids {
  readonly oid: number;
  readonly arrayOid: number;
}

/**
 * Enum OIDs differ per database, and binary COPY of an enum array must name its element
 * OID. They are looked up once per connection and cached for its lifetime (a type dropped
 * and recreated while the connection is open needs a new connection).
 */
const cache = new WeakMap<ClientBase, Map<string, TypeOids>>();

export async function lookupTypeOids(client: ClientBase, typeNames: readonly string[]): Promise<ReadonlyMap<string, TypeOids>> {
  let known = cache.get(client);
  if (!known) {
    known = new Map();
    cache.set(client, known);
  }
  const missing = typeNames.filter((n) => !known.has(n));
  if (missing.length > 0) {
    const { rows } = await client.query<{ name: string; oid: number; array_oid: number }>(
      'SELECT n.name, t.oid::int4 AS oid, t.typarray::int4 AS array_oid FROM unnest($1::text[]) AS n(name) JOIN pg_type t ON t.oid = n.name::regtype',
      [missing],
    );
    for (const r of rows) known.set(r.name, { oid: r.oid, arrayOid: r.array_oid });
  }
  return known;
}

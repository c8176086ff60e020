/**
 * Where a batch statement runs: a pg Client, PoolClient or Pool, or a Kysely instance or
 * transaction. The runtime does not import kysely; it only calls `executeQuery` with a
 * compiled raw query, which is how Kysely runs SQL it did not build.
 */
export interface PgQueryable {
  query(text: string, values: unknown[]): Promise<{ rowCount: number | null }>;
}

export interface KyselyQueryable {
  executeQuery(query: never): Promise<{ numAffectedRows?: bigint }>;
}

export type Queryable = PgQueryable | KyselyQueryable;

function isKysely(db: Queryable): db is KyselyQueryable {
  return typeof (db as KyselyQueryable).executeQuery === 'function';
}

let queryCounter = 0;

/** Runs one statement and returns the number of rows it affected. */
export async function runStatement(db: Queryable, sql: string, parameters: readonly unknown[]): Promise<number> {
  if (isKysely(db)) {
    const compiled = {
      sql,
      parameters,
      query: { kind: 'RawNode', sqlFragments: [sql], parameters: [] },
      queryId: { queryId: `pgtwin-${++queryCounter}` },
    };
    const result = await db.executeQuery(compiled as never);
    return Number(result.numAffectedRows ?? 0n);
  }
  const result = await db.query(sql, [...parameters]);
  return result.rowCount ?? 0;
}

/**
 * Where a batch statement runs: a pg Client, PoolClient or Pool, or a Kysely instance or
 * transaction. The runtime does not import kysely; it only calls `executeQuery` with a
 * compiled raw query, which is how Kysely runs SQL it did not build.
 */
export interface PgQueryable {
  query(text: string, values: unknown[]): Promise<{ rowCount: number | null; rows: unknown[] }>;
}

export interface KyselyQueryable {
  executeQuery(query: never): Promise<{ numAffectedRows?: bigint; rows: unknown[] }>;
}

export type Queryable = PgQueryable | KyselyQueryable;

export interface StatementResult {
  /** Rows affected (INSERT, UPDATE, DELETE). */
  readonly rowCount: number;
  readonly rows: readonly Record<string, unknown>[];
}

function isKysely(db: Queryable): db is KyselyQueryable {
  return typeof (db as KyselyQueryable).executeQuery === 'function';
}

let queryCounter = 0;

/** Runs one statement with its parameters. */
export async function runStatement(db: Queryable, sql: string, parameters: readonly unknown[]): Promise<StatementResult> {
  if (isKysely(db)) {
    const compiled = {
      sql,
      parameters,
      query: { kind: 'RawNode', sqlFragments: [sql], parameters: [] },
      queryId: { queryId: `pgtwin-${++queryCounter}` },
    };
    const result = await db.executeQuery(compiled as never);
    return { rowCount: Number(result.numAffectedRows ?? 0n), rows: result.rows as Record<string, unknown>[] };
  }
  const result = await db.query(sql, [...parameters]);
  return { rowCount: result.rowCount ?? 0, rows: result.rows as Record<string, unknown>[] };
}

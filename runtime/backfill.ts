/**
 * Backfill helpers: a pg Pool tuned for bulk loading, and a multi-table COPY in dependency
 * order, all or nothing.
 */
import pg from 'pg';
import type { ClientBase, PoolConfig } from 'pg';
import type { CopyFormat } from './table.ts';
import { atomically } from './transaction.ts';

export interface BackfillPoolConfig extends PoolConfig {
  /**
   * Also `SET session_replication_role = replica` on every new connection (default true):
   * triggers and foreign-key checks do not fire. Needs a superuser (or, from PostgreSQL 15,
   * a role granted SET on it); where the role may not, a warning is reported once and the
   * pool works without it.
   */
  readonly replicaRole?: boolean;
  /** Where warnings go (default console.warn). */
  readonly onWarning?: (message: string) => void;
}

/**
 * A pg Pool for backfills: every connection starts with `synchronous_commit = off` (and
 * `session_replication_role = replica` where the role may set it), both through the
 * connection's startup options, so no statement is queued ahead of the caller's. Without
 * synchronous commit a crash can lose the last few hundred milliseconds of commits — it
 * never corrupts data, and a backfill can be rerun (`copyInto` with `onConflict:
 * 'doNothing'`). Whether the role may use `replica` is probed once with one connection.
 */
export async function createBackfillPool(config: BackfillPoolConfig = {}): Promise<pg.Pool> {
  const { replicaRole = true, onWarning = (m: string) => console.warn(m), ...rest } = config;
  // pg lets a connection string's `options` override `config.options`: move them into one list.
  const { connectionString, urlOptions } = splitOptions(rest.connectionString);
  const poolConfig: PoolConfig = { ...rest, ...(connectionString !== undefined && { connectionString }) };
  const base = [urlOptions, poolConfig.options, '-c synchronous_commit=off'].filter(Boolean).join(' ');
  let options = base;
  const probeWith = async (opts: string): Promise<{ sc: string; srr: string }> => {
    const probe = new pg.Client({ ...poolConfig, options: opts });
    try {
      await probe.connect();
      const { rows } = await probe.query<{ sc: string; srr: string }>("SELECT current_setting('synchronous_commit') AS sc, current_setting('session_replication_role') AS srr");
      return rows[0] as { sc: string; srr: string };
    } finally {
      await probe.end().catch(() => {});
    }
  };
  let seen: { sc: string; srr: string } | undefined;
  if (replicaRole) {
    const withReplica = `${base} -c session_replication_role=replica`;
    try {
      seen = await probeWith(withReplica);
      options = withReplica;
    } catch (err) {
      onWarning(`pgtwin: backfill pool: could not SET session_replication_role = replica (${(err as Error).message}); triggers and foreign keys stay active on these connections`);
    }
  }
  seen ??= await probeWith(options);
  if (seen.sc !== 'off') onWarning(`pgtwin: backfill pool: synchronous_commit is ${seen.sc}, not off, on these connections (something overrides the startup options)`);
  return new pg.Pool({ ...poolConfig, options });
}

/** Takes `options` out of a URL connection string (pg would let it override config.options). */
function splitOptions(connectionString: string | undefined): { connectionString: string | undefined; urlOptions: string | undefined } {
  if (connectionString === undefined) return { connectionString, urlOptions: undefined };
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return { connectionString, urlOptions: undefined };
  }
  const urlOptions = url.searchParams.get('options') ?? undefined;
  if (urlOptions === undefined) return { connectionString, urlOptions };
  url.searchParams.delete('options');
  return { connectionString: url.toString(), urlOptions };
}

/** What `copyTables` needs of a generated table module. */
export interface CopyModule<Row> {
  readonly tableName: string;
  readonly backfillRank: number;
  copyInto(client: ClientBase, rows: Iterable<Row> | AsyncIterable<Row>, options?: { readonly format?: CopyFormat }): Promise<number>;
}

export interface TableRows {
  readonly module: CopyModule<never>;
  readonly rows: Iterable<unknown> | AsyncIterable<unknown>;
}

/** Pairs a generated module with its rows, type-checked: `tableRows(ledgers, ledgerRows)`. */
export function tableRows<Row>(module: CopyModule<Row>, rows: Iterable<Row> | AsyncIterable<Row>): TableRows {
  return { module: module as unknown as CopyModule<never>, rows };
}

/**
 * Copies several tables in one transaction (the caller's, under a savepoint, or its own),
 * parents before children whatever the order given: all rows or none. Returns rows copied
 * per table name.
 */
export async function copyTables(client: ClientBase, tables: readonly TableRows[], options: { readonly format?: CopyFormat } = {}): Promise<Record<string, number>> {
  const ordered = [...tables].sort((a, b) => a.module.backfillRank - b.module.backfillRank);
  return atomically(client, async () => {
    const counts: Record<string, number> = {};
    for (const t of ordered) {
      const n = await t.module.copyInto(client, t.rows as Iterable<never>, options.format !== undefined ? { format: options.format } : {});
      counts[t.module.tableName] = (counts[t.module.tableName] ?? 0) + n;
    }
    return counts;
  });
}

/**
 * The engines' part of `npm run bench` (issue 18): copyInto binary and batchInsert 10k into a
 * TimescaleDB hypertable, into a hypertable whose chunks are compressed (columnstore), and into
 * a Citus distributed table (coordinator + two workers, 32 shards), each as a ratio to the same
 * method into a plain table on the same server. Plus what the counted statement of distributed
 * tables (`WITH w AS (INSERT … RETURNING 1) SELECT count(*)`) costs on a plain table.
 *
 * Each target first holds the same half of the rows (the other half in the columnstore case
 * compressed), then the timed method inserts the other half: the conflict checks of
 * batchInsert hit stored (and compressed) rows, as they do for live ingestion.
 * The servers are scripts/engines.sh's throwaway ones (fsync off), on the same cores as this
 * process: figures are ratios on one machine, not capacities.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as distributed from './engines/generated/ledger-entries-distributed.ts';
import * as hypertable from './engines/generated/ledger-entries-hypertable.ts';
import type { LedgerEntriesInsert } from './generated/ledger-entries.ts';

export interface EngineFigure {
  readonly engine: 'timescaledb' | 'citus' | 'postgresql';
  readonly target: string;
  readonly method: string;
  readonly rowsPerSec: number | null;
  /** rows/s divided by the same method's rows/s into the plain table on the same server. */
  readonly ratio: number | null;
  readonly error: string | null;
}

export interface EngineBench {
  readonly rows: number;
  readonly figures: readonly EngineFigure[];
  readonly error: string | null;
}

const repo = path.resolve(import.meta.dirname, '..');
const script = path.join(repo, 'scripts/engines.sh');
const DB = 'pgtwin_bench_engines';

function withDatabase(url: string, database: string, port?: number): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (port !== undefined) u.port = String(port);
  return u.toString();
}

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
  await c.connect();
  return c;
}

async function once(url: string, sql: string): Promise<void> {
  const c = await connect(url);
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function* slices<T>(rows: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

interface Target {
  readonly engine: EngineFigure['engine'];
  readonly name: string;
  readonly client: pg.Client;
  /** Schema holding the table (search_path). */
  readonly schema: string;
  /** Empties the table and loads the preloaded half (compressing it where asked). */
  readonly reset: () => Promise<void>;
}

type Method = { name: string; run: (c: pg.Client, rows: readonly LedgerEntriesInsert[]) => Promise<number> };

const hyperMethods: Method[] = [
  { name: 'copyInto binary', run: (c, rows) => hypertable.copyInto(c, rows) },
  {
    name: 'batchInsert 10k',
    run: async (c, rows) => {
      let n = 0;
      for (const b of slices(rows, 10_000)) n += await hypertable.batchInsert(c, b);
      return n;
    },
  },
];
const distMethods: Method[] = [
  { name: 'copyInto binary', run: (c, rows) => distributed.copyInto(c, rows) },
  {
    name: 'batchInsert 10k',
    run: async (c, rows) => {
      let n = 0;
      for (const b of slices(rows, 10_000)) n += await distributed.batchInsert(c, b);
      return n;
    },
  },
];

async function timeMethod(t: Target, m: Method, timed: readonly LedgerEntriesInsert[], runs: number, digestSql: string): Promise<{ rowsPerSec: number | null; digest: string | null; error: string | null }> {
  const seconds: number[] = [];
  let digest: string | null = null;
  try {
    await t.client.query(`SET search_path = ${t.schema}, public`);
    for (let i = 0; i < runs; i++) {
      await t.reset();
      const started = performance.now();
      const n = await m.run(t.client, timed);
      seconds.push((performance.now() - started) / 1000);
      if (n !== timed.length) throw new Error(`${m.name} returned ${n}, expected ${timed.length}`);
      digest = (await t.client.query<{ d: string }>(digestSql)).rows[0]?.d ?? null;
    }
    return { rowsPerSec: timed.length / median(seconds), digest, error: null };
  } catch (err) {
    return { rowsPerSec: null, digest, error: (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '' };
  }
}

/**
 * batchInsert 10k of the same rows into two identical plain tables: the bare statement (plain
 * tables, hypertables) and the counted one (distributed tables), A B A B…; the ratio is the
 * median of the pairs' ratios, so drifting machine speed cancels out.
 */
async function benchCounted(plainUrl: string, ddl: string, preload: readonly LedgerEntriesInsert[], timed: readonly LedgerEntriesInsert[], pairs: number, log: (s: string) => void): Promise<EngineFigure[]> {
  const db = 'pgtwin_bench_counted';
  await once(plainUrl, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await once(plainUrl, `CREATE DATABASE ${db}`);
  const c = await connect(withDatabase(plainUrl, db));
  try {
    await c.query(ddl);
    const variants = [
      { name: 'bare INSERT … ON CONFLICT (plain tables, hypertables)', table: 'ledger_entries_hypertable', mod: hypertable as typeof hypertable | typeof distributed, seconds: [] as number[] },
      { name: 'WITH w AS (INSERT … RETURNING 1) SELECT count(*) (distributed tables)', table: 'ledger_entries_distributed', mod: distributed as typeof hypertable | typeof distributed, seconds: [] as number[] },
    ];
    const ratios: number[] = [];
    for (let i = 0; i < pairs; i++) {
      for (const v of variants) {
        await c.query(`TRUNCATE ${v.table}`);
        await v.mod.copyInto(c, preload);
        await c.query('CHECKPOINT');
        const started = performance.now();
        let n = 0;
        for (const b of slices(timed, 10_000)) n += await v.mod.batchInsert(c, b);
        v.seconds.push((performance.now() - started) / 1000);
        if (n !== timed.length) throw new Error(`${v.name} returned ${n}, expected ${timed.length}`);
      }
      ratios.push((variants[0]?.seconds[i] as number) / (variants[1]?.seconds[i] as number));
    }
    const ratio = median(ratios);
    log(`    batchInsert 10k on plain PostgreSQL, counted / bare, ${pairs} interleaved pairs: ${ratios.map((r) => r.toFixed(2)).join(' ')} → median ${ratio.toFixed(2)}`);
    return variants.map((v, i) => ({ engine: 'postgresql' as const, target: v.name, method: 'batchInsert 10k', rowsPerSec: timed.length / median(v.seconds), ratio: i === 0 ? 1 : ratio, error: null }));
  } finally {
    await c.end();
    await once(plainUrl, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
  }
}

export async function benchEngines(allRows: readonly LedgerEntriesInsert[], runs: number, log: (s: string) => void, plainUrl: string): Promise<EngineBench> {
  const preload = allRows.filter((_, i) => i % 2 === 1);
  const timed = allRows.filter((_, i) => i % 2 === 0);
  const figures: EngineFigure[] = [];
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'pgtwin-bench-engines-')), 'servers');
  execFileSync('chmod', ['755', path.dirname(dir)]);
  const clients: pg.Client[] = [];
  try {
    let env: Record<string, string>;
    try {
      const out = execFileSync(script, ['start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      env = Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      return { rows: timed.length, figures, error: `the engine servers did not start: ${(e.stderr || e.message).trim()}` };
    }
    const ddl = readFileSync(path.join(repo, 'bench/engines/generated/schema.sql'), 'utf8');
    const plainDdl = ddl.replace(/\) WITH \(\s*tsdb\.[^;]*\);/g, ');');
    const cols = hypertable.insertColumns.map((c) => `"${c}"`).join(', ');
    const digestOf = (table: string) => `SELECT md5(string_agg(ROW(${cols})::text, E'\\n' ORDER BY id))::text || '/' || count(*) AS d FROM ${table}`;

    // ---- TimescaleDB: plain table, hypertable, hypertable with every chunk compressed.
    const tsUrl = String(env.TIMESCALEDB_URL);
    await once(tsUrl, `CREATE DATABASE ${DB}`);
    const ts = await connect(withDatabase(tsUrl, DB));
    clients.push(ts);
    await ts.query('CREATE EXTENSION timescaledb');
    await ts.query(`CREATE SCHEMA plain; SET search_path = plain; ${plainDdl}`);
    await ts.query(`CREATE SCHEMA hyper; SET search_path = hyper; ${ddl}`);
    await ts.query(`CREATE SCHEMA columnstore; SET search_path = columnstore; ${ddl}`);
    await ts.query('RESET search_path');
    const load = async (c: pg.Client, table: string, compress: boolean) => {
      await c.query(`TRUNCATE ${table}`);
      await hypertable.copyInto(c, preload);
      if (compress) await c.query(`SELECT count(compress_chunk(c)) FROM show_chunks('${table}') c`);
      await c.query('CHECKPOINT');
    };
    const tsTargets: Target[] = [
      { engine: 'timescaledb', name: 'plain table', client: ts, schema: 'plain', reset: () => load(ts, 'plain.ledger_entries_hypertable', false) },
      { engine: 'timescaledb', name: 'hypertable', client: ts, schema: 'hyper', reset: () => load(ts, 'hyper.ledger_entries_hypertable', false) },
      { engine: 'timescaledb', name: 'hypertable, chunks compressed', client: ts, schema: 'columnstore', reset: () => load(ts, 'columnstore.ledger_entries_hypertable', true) },
    ];
    log(`  TimescaleDB: ${preload.length.toLocaleString('en-US')} rows stored first, ${timed.length.toLocaleString('en-US')} timed`);
    for (const m of hyperMethods) {
      let base: number | null = null;
      let baseDigest: string | null = null;
      for (const t of tsTargets) {
        const r = await timeMethod(t, m, timed, runs, digestOf('ledger_entries_hypertable'));
        if (t.schema === 'plain') [base, baseDigest] = [r.rowsPerSec, r.digest];
        const error = r.error ?? (baseDigest !== null && r.digest !== baseDigest ? 'stored rows differ from the plain table' : null);
        figures.push({ engine: t.engine, target: t.name, method: m.name, rowsPerSec: r.rowsPerSec, ratio: r.rowsPerSec !== null && base !== null ? r.rowsPerSec / base : null, error });
        log(`    ${m.name} → ${t.name}: ${r.rowsPerSec === null ? r.error : `${Math.round(r.rowsPerSec).toLocaleString('en-US')} rows/s`}`);
      }
    }

    // ---- The counted statement on plain PostgreSQL (the machine's server, DATABASE_URL): the
    // same batches into two identical tables, bare and counted, interleaved pair by pair.
    figures.push(...(await benchCounted(plainUrl, plainDdl, preload, timed, Math.max(3, runs * 3), log)));

    // ---- Citus: a local table on the coordinator vs the distributed table (32 shards, two workers).
    const cUrl = String(env.CITUS_URL);
    const workers = String(env.CITUS_WORKER_PORTS).split(',').map(Number);
    for (const url of [cUrl, ...workers.map((p) => withDatabase(cUrl, 'postgres', p))]) {
      await once(url, `CREATE DATABASE ${DB}`);
      await once(withDatabase(url, DB), 'CREATE EXTENSION citus');
    }
    const co = await connect(withDatabase(cUrl, DB));
    clients.push(co);
    await co.query(`SELECT citus_set_coordinator_host('127.0.0.1', ${new URL(cUrl).port})`);
    for (const p of workers) await co.query(`SELECT citus_add_node('127.0.0.1', ${p})`);
    const distDdl = plainDdl.replace(/CREATE TABLE "ledger_entries_hypertable"[\s\S]*?\);/, '');
    await co.query(`CREATE SCHEMA plain; SET search_path = plain; ${distDdl}`);
    await co.query(`CREATE SCHEMA dist; SET search_path = dist; ${distDdl}`);
    await co.query("SELECT create_distributed_table('dist.ledger_entries_distributed', 'id')");
    await co.query('RESET search_path');
    const cLoad = async (table: string) => {
      await co.query(`TRUNCATE ${table}`);
      await distributed.copyInto(co, preload);
      await co.query('CHECKPOINT');
    };
    const cTargets: Target[] = [
      { engine: 'citus', name: 'local table on the coordinator', client: co, schema: 'plain', reset: () => cLoad('plain.ledger_entries_distributed') },
      { engine: 'citus', name: 'distributed table (32 shards, 2 workers)', client: co, schema: 'dist', reset: () => cLoad('dist.ledger_entries_distributed') },
    ];
    log('  Citus:');
    for (const m of distMethods) {
      let base: number | null = null;
      let baseDigest: string | null = null;
      for (const t of cTargets) {
        const r = await timeMethod(t, m, timed, runs, digestOf('ledger_entries_distributed'));
        if (t.schema === 'plain') [base, baseDigest] = [r.rowsPerSec, r.digest];
        const error = r.error ?? (baseDigest !== null && r.digest !== baseDigest ? 'stored rows differ from the local table' : null);
        figures.push({ engine: 'citus', target: t.name, method: m.name, rowsPerSec: r.rowsPerSec, ratio: r.rowsPerSec !== null && base !== null ? r.rowsPerSec / base : null, error });
        log(`    ${m.name} → ${t.name}: ${r.rowsPerSec === null ? r.error : `${Math.round(r.rowsPerSec).toLocaleString('en-US')} rows/s`}`);
      }
    }
    return { rows: timed.length, figures, error: null };
  } catch (err) {
    return { rows: timed.length, figures, error: (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '' };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    try {
      execFileSync(script, ['stop', dir], { stdio: 'ignore' });
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  }
}

export function formatEngineBench(b: EngineBench): string {
  const lines = [`engines (issue 18): ${b.rows.toLocaleString('en-US')} rows timed into each target after the same number stored; ratio to the same method into the plain table on the same server:`];
  const w = [12, 72, 16, 12, 8];
  const row = (cells: string[]) => cells.map((c, i) => (i >= 3 ? c.padStart(w[i] as number) : c.padEnd(w[i] as number))).join('  ');
  lines.push(row(['engine', 'target', 'method', 'rows/s', 'ratio']));
  for (const f of b.figures) lines.push(`${row([f.engine, f.target, f.method, f.rowsPerSec === null ? '-' : Math.round(f.rowsPerSec).toLocaleString('en-US'), f.ratio === null ? '-' : f.ratio.toFixed(2)])}${f.error ? `  ${f.error}` : ''}`);
  if (b.error) lines.push(`engines: FAILED: ${b.error}`);
  return lines.join('\n');
}

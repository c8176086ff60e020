/**
 * `npm run bench` (issue 11): every insert path, side by side in one run, on the real server,
 * as rows/s and as a ratio to L = `psql \copy` of the same rows from a text file that the
 * server itself encoded (`\copy … TO`); also the binary-file limit, the peers, the encoders
 * alone, peak RSS of a 10-million-row copyInto and codegen of 200 tables; copyIntoParallel
 * with 2 and 4 connections against L and against as many concurrent `psql \copy` (issue 19).
 *
 *   npm run bench                      # 200,000 rows, 3 runs each, median
 *   npm run bench -- --quick           # ~1 minute smoke run: 50,000 rows, 1 run, 1,000,000-row memory test
 *   npm run bench -- --rows 50000 --runs 5 --json
 *   npm run bench -- --engines-only    # only the TimescaleDB/Citus ratios (bench/engines.ts)
 *   npm run bench -- --parallel-only   # only L and the copyIntoParallel rounds (issue 19); --rows-per-chunk N to try other chunk sizes
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; the
 * benchmark creates and drops a database of its own, `pgtwin_bench`.
 * The table is declared in bench/schema/ and generated into bench/generated/ with
 *   npx tsx --conditions=pgtwin-source generator/cli.ts --schema bench/schema --out bench/generated
 * Progress goes to stderr; stdout gets the table, or with --json one JSON object.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSync } from 'esbuild';
import pg from 'pg';
import { benchCodegen, type CodegenBench } from './codegen-200.ts';
import { benchEncodersIsolated, type EncoderBench } from './encoder.ts';
import { benchEngines, formatEngineBench, type EngineBench } from './engines.ts';
import { generateRows, SQL_COLUMNS, toSqlRow, type SqlRow } from './data.ts';
import { batchInsert, batchUpsert, copyInto, copyRows, type LedgerEntriesInsert } from './generated/ledger-entries.ts';
import * as partitioned from './generated/ledger-entries-partitioned.ts';
import { peers, type Runner } from './peers.ts';

const repo = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    rows: { type: 'string' },
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'memory-rows': { type: 'string' },
    'encoder-rows': { type: 'string' },
    'no-codegen': { type: 'boolean', default: false },
    'engine-rows': { type: 'string' },
    'no-engines': { type: 'boolean', default: false },
    'engines-only': { type: 'boolean', default: false },
    'parallel-only': { type: 'boolean', default: false },
    'rows-per-chunk': { type: 'string' },
  },
});
const quick = args.quick;
const N = Number(args.rows ?? (quick ? 50_000 : 200_000));
const RUNS = Number(args.runs ?? (quick ? 1 : 3));
const MEMORY_ROWS = Number(args['memory-rows'] ?? (quick ? 1_000_000 : 10_000_000));
const ENCODER_ROWS = Number(args['encoder-rows'] ?? N);
/**
 * Rows of the engine comparison: half stored first, half timed (bench/engines.ts). Kept small:
 * COPY into compressed chunks slows down with their size (measured: 4,458 rows/s timing 10,000
 * rows, 431 rows/s timing 50,000).
 */
const ENGINE_ROWS = Number(args['engine-rows'] ?? (quick ? 10_000 : 40_000));
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'pgtwin_bench';
const TABLE = 'ledger_entries';
const COLUMN_LIST = SQL_COLUMNS.map((c) => `"${c}"`).join(', ');

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const benchUrl = withDatabase(serverUrl, BENCH_DB);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message.split('\n')[0] ?? '').slice(0, 200);
}

// ---------------------------------------------------------------- database plumbing

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
  await client.connect();
  return client;
}

async function createBenchDatabase(): Promise<void> {
  const admin = await connect(serverUrl);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  } finally {
    await admin.end();
  }
}

async function dropBenchDatabase(): Promise<void> {
  const admin = await connect(serverUrl);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Empties the table and flushes dirty pages, so every run starts from the same state. */
/** The partitioned twin of TABLE (issue 9): same columns and rows, 12 range partitions on closed_at. */
const PARTITIONED_TABLE = 'ledger_entries_partitioned';
/** Whichever of the two tables a method filled (the other is empty): one digest for both. */
const STORED = `(SELECT * FROM ${TABLE} UNION ALL SELECT * FROM ${PARTITIONED_TABLE})`;

async function reset(admin: pg.Client): Promise<void> {
  await admin.query(`TRUNCATE ${TABLE}, ${PARTITIONED_TABLE}`);
  await admin.query('CHECKPOINT');
}

const DIGEST_SQL = `SELECT md5(string_agg(t::text, E'\\n' ORDER BY id)) AS digest, count(*)::int AS n FROM ${STORED} t`;

async function digestOf(admin: pg.Client): Promise<string> {
  const { rows } = await admin.query<{ digest: string | null; n: number }>(DIGEST_SQL);
  return `${rows[0]?.digest ?? 'empty'}/${rows[0]?.n ?? 0}`;
}

/** What differs from the reference load, per column, for a digest mismatch. */
async function describeMismatch(admin: pg.Client): Promise<string> {
  const counts = SQL_COLUMNS.filter((c) => c !== 'id').map((c) => `count(*) FILTER (WHERE r."${c}" IS DISTINCT FROM t."${c}")::int AS "${c}"`);
  const { rows } = await admin.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM bench_reference) - (SELECT count(*)::int FROM ${STORED} s) AS missing, ${counts.join(', ')}
     FROM bench_reference r JOIN ${STORED} t USING (id)`,
  );
  const row = rows[0] ?? {};
  const parts = Object.entries(row)
    .filter(([, n]) => n !== 0)
    .map(([c, n]) => (c === 'missing' ? `${n} rows missing` : `${c} differs in ${n} rows`));
  return `stored different values: ${parts.join(', ') || 'row text differs'}`;
}

function psql(command: string): void {
  const r = spawnSync('psql', [benchUrl, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', command], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed (${r.status}): ${r.stderr.trim()}`);
}

// ---------------------------------------------------------------- the methods

interface BenchMethod {
  readonly method: string;
  readonly batch: number | null;
  open(): Promise<Runner & { prepare?: () => Promise<void> }>;
}

interface Result {
  method: string;
  batch: number | null;
  rowsPerSec: number | null;
  ratio: number | null;
  digestOk: boolean | null;
  error: string | null;
}

/** Builds the UNNEST parameters of a few batches without a database (a Queryable that discards them). */
async function warmBatches(rows: readonly LedgerEntriesInsert[]): Promise<void> {
  const discard = { query: async () => ({ rowCount: 0, rows: [] }) };
  for (const b of slices(rows.slice(0, 50_000), 10_000)) await batchInsert(discard, b);
}

function* slices<T>(rows: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

function psqlMethod(method: string, file: string, binary: boolean): BenchMethod {
  return {
    method,
    batch: null,
    async open() {
      return {
        run: async () => psql(`\\copy ${TABLE} (${COLUMN_LIST}) FROM '${file}'${binary ? ' WITH (FORMAT binary)' : ''}`),
        close: async () => {},
      };
    },
  };
}

function pgtwinMethod(
  method: string,
  batch: number | null,
  run: (client: pg.Client) => Promise<unknown>,
  prepare?: (client: pg.Client) => Promise<unknown>,
): BenchMethod {
  return {
    method,
    batch,
    async open() {
      const client = await connect(benchUrl);
      return {
        prepare: prepare && (async () => void (await prepare(client))),
        run: async () => void (await run(client)),
        close: () => client.end(),
      };
    },
  };
}

/**
 * Times `RUNS` runs of one method (table emptied before each), checks each run's table against
 * the reference digest, and returns the median as rows/s. A failure is recorded, not thrown.
 */
async function measure(admin: pg.Client, m: BenchMethod, reference: string | null, limit: number | null): Promise<Result & { seconds: number[]; digest: string | null }> {
  const result = { method: m.method, batch: m.batch, rowsPerSec: null as number | null, ratio: null as number | null, digestOk: null as boolean | null, error: null as string | null };
  const seconds: number[] = [];
  let digest: string | null = null;
  let runner: Awaited<ReturnType<BenchMethod['open']>> | undefined;
  try {
    runner = await m.open();
    for (let i = 0; i < RUNS; i++) {
      await reset(admin);
      await runner.prepare?.();
      const started = performance.now();
      await runner.run();
      seconds.push((performance.now() - started) / 1000);
      digest = await digestOf(admin);
      const ok = reference === null ? true : digest === reference;
      result.digestOk = (result.digestOk ?? true) && ok;
      if (!ok && result.error === null) result.error = await describeMismatch(admin);
    }
  } catch (err) {
    result.error = firstLine(err);
  } finally {
    await runner?.close().catch(() => {});
  }
  if (seconds.length > 0 && seconds.length === RUNS) {
    result.rowsPerSec = N / median(seconds);
    result.ratio = limit === null ? 1 : result.rowsPerSec / limit;
  }
  log(
    `  ${m.method}${m.batch ? ` @${m.batch}` : ''}: ${seconds.map((s) => s.toFixed(2)).join(' / ')} s${result.rowsPerSec ? `, ${Math.round(result.rowsPerSec).toLocaleString('en-US')} rows/s` : ''}${
      result.digestOk === false ? ', DIGEST MISMATCH' : ''
    }${result.error ? `, ${result.error}` : ''}`,
  );
  return { ...result, seconds, digest };
}

// ---------------------------------------------------------------- parallel (issue 19)

interface ParallelFigure {
  connections: number;
  /** Median rows/s of N concurrent `psql \copy`, each of one Nth of the text file. */
  psqlRowsPerSec: number | null;
  rowsPerSec: number | null;
  /** Medians of the ratios of each run to the L and the concurrent-psql run just before it. */
  ratioToL: number | null;
  ratioToPsql: number | null;
  psqlRatioToL: number | null;
  digestOk: boolean | null;
  /** CPU the copyIntoParallel child process used during its runs, in cores (the machine has os.cpus().length). */
  nodeCores: number | null;
  /** CPU the server backends of the pool used during those runs, in cores (null when the server is not local). */
  serverCores: number | null;
  error: string | null;
}

/** Splits a COPY text file into `n` files of consecutive rows (one row a line: text COPY escapes newlines). */
function splitTextFile(file: string, n: number, dir: string): string[] {
  const text = readFileSync(file);
  const lineEnds: number[] = [];
  for (let i = text.indexOf(10); i !== -1; i = text.indexOf(10, i + 1)) lineEnds.push(i + 1);
  const files: string[] = [];
  let start = 0;
  for (let k = 1; k <= n; k++) {
    const end = k === n ? text.length : (lineEnds[Math.floor((lineEnds.length * k) / n) - 1] as number);
    const part = path.join(dir, `rows.${n}.${k}.copy`);
    writeFileSync(part, text.subarray(start, end));
    files.push(part);
    start = end;
  }
  return files;
}

/** `psql \copy` of each file, all at once, each its own process and connection. */
async function concurrentPsql(files: readonly string[]): Promise<void> {
  await Promise.all(
    files.map(
      (file) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn('psql', [benchUrl, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy ${TABLE} (${COLUMN_LIST}) FROM '${file}'`], { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql failed (${code}): ${stderr.trim()}`))));
        }),
    ),
  );
}

/** CPU seconds a local process has used (Linux /proc; clock ticks assumed 100 a second), or null elsewhere. */
function cpuSecondsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function timed(admin: pg.Client, run: () => Promise<void>): Promise<number> {
  await reset(admin);
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/**
 * For each connection count, RUNS rounds of (L, N concurrent psql, copyIntoParallel) back to
 * back: each ratio compares runs minutes apart at most, so the machine's drift over the run
 * (±20 %) does not decide it. The figure is the median of the per-round ratios.
 */
async function benchParallel(admin: pg.Client, rows: readonly LedgerEntriesInsert[], textFile: string, tmp: string, reference: string): Promise<ParallelFigure[]> {
  const figures: ParallelFigure[] = [];
  for (const connections of [2, 4]) {
    const figure: ParallelFigure = { connections, psqlRowsPerSec: null, rowsPerSec: null, ratioToL: null, ratioToPsql: null, psqlRatioToL: null, digestOk: null, nodeCores: null, serverCores: null, error: null };
    const app = `pgtwin-bench-parallel-${connections}`;
    // copyIntoParallel runs in a child process of its own (bench/parallel-child.ts says why),
    // over a pool whose connections it opens first, as an application's pool would have them.
    await reset(admin); // the child's warm-up copy goes into an empty table
    const child = await ParallelChild.start(rows.length, connections, app);
    try {
      const files = splitTextFile(textFile, connections, tmp);
      const rounds: { l: number; psql: number; pgtwin: number; cores: number; server: number | null }[] = [];
      const backends = child.backendPids;
      const serverCpu = (): number | null => {
        const each = backends.map((pid) => cpuSecondsOf(pid));
        return each.length === connections && each.every((x) => x !== null) ? (each as number[]).reduce((a, b) => a + b, 0) : null;
      };
      for (let i = 0; i < RUNS; i++) {
        const l = await timed(admin, async () => psql(`\\copy ${TABLE} (${COLUMN_LIST}) FROM '${textFile}'`));
        const p = await timed(admin, () => concurrentPsql(files));
        if ((await digestOf(admin)) !== reference) throw new Error(`${connections} concurrent psql stored other rows`);
        await reset(admin);
        const serverBefore = serverCpu();
        const { seconds: t, cores } = await child.copy();
        const serverAfter = serverCpu();
        const ok = (await digestOf(admin)) === reference;
        figure.digestOk = (figure.digestOk ?? true) && ok;
        if (!ok && figure.error === null) figure.error = await describeMismatch(admin);
        const server = serverBefore === null || serverAfter === null ? null : (serverAfter - serverBefore) / t;
        rounds.push({ l, psql: p, pgtwin: t, cores, server });
        log(`  round ${i + 1}, ${connections} connections: L ${l.toFixed(2)} s, ${connections}x psql ${p.toFixed(2)} s, copyIntoParallel ${t.toFixed(2)} s (node ${rounds.at(-1)?.cores.toFixed(2)} cores, backends ${server?.toFixed(2) ?? '?'} cores)${ok ? '' : ', DIGEST MISMATCH'}`);
      }
      figure.psqlRowsPerSec = N / median(rounds.map((r) => r.psql));
      figure.rowsPerSec = N / median(rounds.map((r) => r.pgtwin));
      figure.ratioToL = median(rounds.map((r) => r.l / r.pgtwin));
      figure.ratioToPsql = median(rounds.map((r) => r.psql / r.pgtwin));
      figure.psqlRatioToL = median(rounds.map((r) => r.l / r.psql));
      figure.nodeCores = median(rounds.map((r) => r.cores));
      figure.serverCores = rounds.every((r) => r.server !== null) ? median(rounds.map((r) => r.server as number)) : null;
    } catch (err) {
      figure.error = firstLine(err);
      log(`  ${connections} connections: ${figure.error}`);
    } finally {
      child.stop();
    }
    figures.push(figure);
  }
  return figures;
}

/** bench/parallel-child.ts, started once per connection count and told `go` once per round. */
class ParallelChild {
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private stderr = '';

  private constructor(
    private readonly proc: ReturnType<typeof spawn>,
    readonly backendPids: number[],
  ) {}

  static async start(rows: number, connections: number, app: string): Promise<ParallelChild> {
    const script = path.join(repo, 'bench/parallel-child.ts');
    const chunk = args['rows-per-chunk'] ? ['--rows-per-chunk', args['rows-per-chunk']] : [];
    const proc = spawn(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', script, '--rows', String(rows), '--url', benchUrl, '--connections', String(connections), '--app', app, ...chunk], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
    const child = new ParallelChild(proc, []);
    proc.stderr?.on('data', (d: Buffer) => (child.stderr += d.toString()));
    let buffered = '';
    proc.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString();
      for (let i = buffered.indexOf('\n'); i !== -1; i = buffered.indexOf('\n')) {
        child.push(buffered.slice(0, i));
        buffered = buffered.slice(i + 1);
      }
    });
    proc.on('close', () => child.push(null));
    const ready = await child.next();
    if (!ready?.startsWith('ready ')) throw new Error(`the copyIntoParallel child did not start: ${child.stderr.split('\n').find((l) => /error/i.test(l)) ?? child.stderr.trim().split('\n').at(-1) ?? ready}`);
    child.backendPids.push(...ready.slice(6).split(',').map(Number));
    return child;
  }

  private push(line: string | null): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(line);
    } else if (line !== null) this.lines.push(line);
  }

  private next(): Promise<string | null> {
    const line = this.lines.shift();
    return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => (this.waiting = resolve));
  }

  async copy(): Promise<{ seconds: number; cores: number }> {
    this.proc.stdin?.write('go\n');
    const line = await this.next();
    if (line === null) throw new Error(`the copyIntoParallel child failed: ${this.stderr.trim().split('\n').slice(-3).join(' ')}`);
    return JSON.parse(line) as { seconds: number; cores: number };
  }

  stop(): void {
    this.proc.stdin?.end();
  }
}

// ---------------------------------------------------------------- encoders alone (child process)

/**
 * Each variant in a child process of its own (bench/encoder.ts): in this process the heap
 * holds every method's row arrays, and the GC work they cause made the figures swing 2x
 * between runs; see benchEncodersIsolated for why one process per variant.
 */
function benchEncoders(): EncoderBench {
  return benchEncodersIsolated(ENCODER_ROWS, Math.max(RUNS, 5));
}

// ---------------------------------------------------------------- memory (child process)

interface MemoryFigure {
  rows: number;
  seconds: number | null;
  rowsPerSec: number | null;
  peakRssMB: number | null;
  baselineRssMB: number | null;
  samples?: { rows: number; rssMB: number; heapMB: number; externalMB: number }[];
  error: string | null;
}

/**
 * The memory child runs as an application would: compiled to plain JavaScript (esbuild
 * bundles it with pgtwin's runtime; pg stays external) and run by node without a TypeScript
 * loader, whose own ~45 MB would otherwise count in the peak.
 */
function benchMemory(connections: number | null = null): MemoryFigure {
  const bundle = path.join(repo, '.tmp', 'bench-memory.mjs');
  buildSync({
    entryPoints: [path.join(repo, 'bench/memory.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['pgtwin-source'],
    external: ['pg', 'pg-copy-streams'],
    outfile: bundle,
    logLevel: 'error',
  });
  const r = spawnSync(process.execPath, [bundle, '--rows', String(MEMORY_ROWS), '--url', benchUrl, ...(connections === null ? [] : ['--connections', String(connections)])], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) return { rows: MEMORY_ROWS, seconds: null, rowsPerSec: null, peakRssMB: null, baselineRssMB: null, error: firstLine(r.stderr || `exit ${r.status}`) };
  return { ...(JSON.parse(r.stdout.trim()) as Omit<MemoryFigure, 'error'>), error: null };
}

// ---------------------------------------------------------------- machine and server

async function serverSettings(admin: pg.Client): Promise<Record<string, string>> {
  const names = ['server_version', 'shared_buffers', 'wal_level', 'synchronous_commit', 'fsync', 'max_wal_size', 'full_page_writes', 'wal_compression'];
  const { rows } = await admin.query<{ name: string; setting: string }>(`SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1)`, [names]);
  return Object.fromEntries(names.map((n) => [n, rows.find((r) => r.name === n)?.setting ?? '?']));
}

function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

// ---------------------------------------------------------------- output

function fmtInt(n: number | null): string {
  return n === null ? '-' : Math.round(n).toLocaleString('en-US');
}

function fmtRatio(n: number | null): string {
  return n === null ? '-' : `${n.toFixed(2)}x`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function formatParallel(parallel: readonly ParallelFigure[]): string {
  return table(
    ['connections', `N x psql rows/s`, 'N x psql / L', 'copyIntoParallel rows/s', '/ L', '/ N x psql', 'digest', 'node cores', 'backend cores', 'error'],
    parallel.map((f) => [String(f.connections), fmtInt(f.psqlRowsPerSec), fmtRatio(f.psqlRatioToL), fmtInt(f.rowsPerSec), fmtRatio(f.ratioToL), fmtRatio(f.ratioToPsql), f.digestOk === null ? '-' : f.digestOk ? 'ok' : 'MISMATCH', f.nodeCores === null ? '-' : f.nodeCores.toFixed(2), f.serverCores === null ? '-' : f.serverCores.toFixed(2), f.error ?? '']),
    [true, true, true, true, true, true, false, true, true, false],
  );
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const host = machine();
  if (args['engines-only']) {
    log(`pgtwin bench, engines only: ${ENGINE_ROWS.toLocaleString('en-US')} rows, ${RUNS} run(s) each, median; ${host.cpu}, ${host.cores} cores`);
    const engines = await benchEngines([...generateRows(ENGINE_ROWS)], RUNS, log, serverUrl);
    process.stdout.write(args.json ? `${JSON.stringify({ engines })}\n` : `${formatEngineBench(engines)}\n`);
    if (engines.error) process.exitCode = 1;
    return;
  }
  log(`pgtwin bench: ${N.toLocaleString('en-US')} rows, ${RUNS} run(s) each, median; ${host.cpu}, ${host.cores} cores, ${host.memoryGB} GB`);
  // First, while the server is idle: after the loads below its checkpointer and autovacuum
  // keep working for a while and would share the two cores with the encoder.
  log('encoders (no database)…');
  const encoder = benchEncoders();
  await createBenchDatabase();
  const admin = await connect(benchUrl);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pgtwin-bench-'));
  try {
    const settings = await serverSettings(admin);
    await admin.query(readFileSync(path.join(repo, 'bench/generated/schema.sql'), 'utf8'));

    log('generating rows…');
    const rows: LedgerEntriesInsert[] = [...generateRows(N)];
    const sqlRows: SqlRow[] = rows.map(toSqlRow);

    // The limits' files are the server's own encoding: load once, then \copy … TO.
    const textFile = path.join(tmp, 'rows.copy');
    const binaryFile = path.join(tmp, 'rows.bin');
    {
      const seed = await connect(benchUrl);
      await copyInto(seed, rows);
      await seed.end();
      psql(`\\copy ${TABLE} (${COLUMN_LIST}) TO '${textFile}'`);
      psql(`\\copy ${TABLE} (${COLUMN_LIST}) TO '${binaryFile}' WITH (FORMAT binary)`);
    }
    const fileMB = { text: statSync(textFile).size / 1e6, binary: statSync(binaryFile).size / 1e6 };
    log(`files: text ${fileMB.text.toFixed(1)} MB, binary ${fileMB.binary.toFixed(1)} MB`);

    log('limits:');
    const limitText = await measure(admin, psqlMethod('psql \\copy text file (L)', textFile, false), null, null);
    if (limitText.rowsPerSec === null || limitText.digest === null) throw new Error(`the text-file limit failed: ${limitText.error}`);
    const L = limitText.rowsPerSec;
    const reference = limitText.digest;
    await admin.query(`CREATE TABLE bench_reference AS SELECT * FROM ${TABLE}`);
    limitText.ratio = 1;
    limitText.digestOk = true;
    const limitBinary = await measure(admin, psqlMethod('psql \\copy binary file', binaryFile, true), reference, L);
    if (args['parallel-only']) {
      log('parallel (rounds of L, N concurrent psql \\copy, copyIntoParallel):');
      const parallel = await benchParallel(admin, rows, textFile, tmp, reference);
      process.stdout.write(args.json ? `${JSON.stringify({ L, parallel })}\n` : `L = ${fmtInt(L)} rows/s\n${formatParallel(parallel)}\n`);
      return;
    }

    log('pgtwin:');
    // Warm-up, untimed: the first method measured would otherwise pay for JIT compilation of
    // the encoders (seen: 0.95 / 1.09 / 0.56 s for the same COPY).
    for (const format of ['binary', 'text'] as const) copyRows(rows, { format });
    await warmBatches(rows);
    const evenIdsAltered = rows.filter((r) => (r.id as number) % 2 === 0).map((r) => ({ ...r, flag: !r.flag, memo: `old ${r.memo}`, meta: null }));
    const pgtwinMethods: BenchMethod[] = [
      pgtwinMethod('pgtwin.copyInto.binary', null, (c) => copyInto(c, rows)),
      pgtwinMethod('pgtwin.copyInto.text', null, (c) => copyInto(c, rows, { format: 'text' })),
      pgtwinMethod('pgtwin.copyInto.onConflict', null, (c) => copyInto(c, rows, { onConflict: 'doNothing' })),
      ...[1000, 10000].map((size) =>
        pgtwinMethod('pgtwin.batchInsert', size, async (c) => {
          for (const b of slices(rows, size)) await batchInsert(c, b);
        }),
      ),
      // The same rows into 12 partitions (issue 9: target within 15% of the unpartitioned figures).
      pgtwinMethod('pgtwin.copyInto.binary.partitioned', null, (c) => partitioned.copyInto(c, rows)),
      pgtwinMethod('pgtwin.batchInsert.partitioned', 10000, async (c) => {
        for (const b of slices(rows, 10000)) await partitioned.batchInsert(c, b);
      }),
      // The same batches without sorting by key (issue 4: what the deadlock-avoiding sort costs).
      pgtwinMethod('pgtwin.batchInsert.unsorted', 10000, async (c) => {
        for (const b of slices(rows, 10000)) await batchInsert(c, b, { sort: false });
      }),
      // Half the keys (even ids) already present with other values; every row ends as in L.
      pgtwinMethod(
        'pgtwin.batchUpsert',
        10000,
        async (c) => {
          for (const b of slices(rows, 10000)) await batchUpsert(c, b);
        },
        (c) => copyInto(c, evenIdsAltered),
      ),
    ];
    const results: Result[] = [limitText, limitBinary];
    for (const m of pgtwinMethods) results.push(await measure(admin, m, reference, L));

    log('parallel (rounds of L, N concurrent psql \\copy, copyIntoParallel):');
    const parallel = await benchParallel(admin, rows, textFile, tmp, reference);

    log('peers:');
    for (const p of peers) results.push(await measure(admin, { method: p.method, batch: p.batch, open: () => p.open(benchUrl, sqlRows) }, reference, L));

    let engines: EngineBench | null = null;
    if (!args['no-engines']) {
      log('engines (TimescaleDB, Citus; scripts/engines.sh servers):');
      engines = await benchEngines(rows.slice(0, ENGINE_ROWS), RUNS, log, serverUrl);
    }

    log(`memory: copyInto of ${MEMORY_ROWS.toLocaleString('en-US')} rows from an async generator, in a child process…`);
    const memory = benchMemory();
    log(`memory: copyIntoParallel of ${MEMORY_ROWS.toLocaleString('en-US')} rows over 4 connections, in a child process…`);
    const parallelMemory = benchMemory(4);

    let codegen: (CodegenBench & { error: null }) | { tables: number; codegenSeconds: null; checkSeconds: null; error: string } | null = null;
    if (!args['no-codegen']) {
      log('codegen, 200 tables…');
      try {
        codegen = { ...benchCodegen(repo, 200), error: null };
      } catch (err) {
        codegen = { tables: 200, codegenSeconds: null, checkSeconds: null, error: firstLine(err) };
      }
    }

    const clean = (r: Result): Result => ({ method: r.method, batch: r.batch, rowsPerSec: r.rowsPerSec, ratio: r.ratio, digestOk: r.digestOk, error: r.error });
    const out = {
      rows: N,
      limitRowsPerSec: L,
      limitBinaryRowsPerSec: limitBinary.rowsPerSec,
      results: results.map(clean),
      encoder,
      memory,
      parallel,
      parallelMemory,
      codegen,
      engines,
    };
    if (args.json) {
      process.stdout.write(`${JSON.stringify(out)}\n`);
    } else {
      printHuman(out, host, settings, fileMB);
    }
  } finally {
    await admin.end().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
    await dropBenchDatabase().catch((err) => log(`could not drop ${BENCH_DB}: ${firstLine(err)}`));
  }
}

type Output = {
  rows: number;
  limitRowsPerSec: number;
  limitBinaryRowsPerSec: number | null;
  results: Result[];
  encoder: EncoderBench;
  memory: MemoryFigure;
  parallel: ParallelFigure[];
  parallelMemory: MemoryFigure;
  codegen: { tables: number; codegenSeconds: number | null; checkSeconds: number | null; error: string | null } | null;
  engines: EngineBench | null;
};

function printHuman(out: Output, host: ReturnType<typeof machine>, settings: Record<string, string>, fileMB: { text: number; binary: number }): void {
  const p = (s = '') => process.stdout.write(`${s}\n`);
  p(`machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGB} GB, node ${host.node}`);
  p(`postgres: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  p(`rows: ${out.rows.toLocaleString('en-US')} per method, ${RUNS} run(s), median; files: text ${fileMB.text.toFixed(1)} MB, binary ${fileMB.binary.toFixed(1)} MB`);
  p();
  p(
    table(
      ['method', 'batch', 'rows/s', 'ratio to L', 'digest', 'error'],
      out.results.map((r) => [r.method, r.batch === null ? '-' : String(r.batch), fmtInt(r.rowsPerSec), fmtRatio(r.ratio), r.digestOk === null ? '-' : r.digestOk ? 'ok' : 'MISMATCH', r.error ?? '']),
      [false, true, true, true, false, false],
    ),
  );
  p();
  p(`parallel (issue 19): rounds of L, N concurrent psql \\copy of the text file split in N, then copyIntoParallel binary with N connections; ratios are medians of the per-round ratios:`);
  p(formatParallel(out.parallel));
  for (const line of projection(out)) p(line);
  p();
  const e = out.encoder;
  p(`encoder alone (copyRows, ${e.rows.toLocaleString('en-US')} rows, one core, each variant in its own process):`);
  p(
    table(
      ['variant', 'rows/s', 'MB/s'],
      [
        ['binary, jsonb as objects', fmtInt(e.binary.rowsPerSec), e.binary.mbPerSec.toFixed(1)],
        ['text, jsonb as objects', fmtInt(e.text.rowsPerSec), e.text.mbPerSec.toFixed(1)],
        ['binary, jsonb as jsonText()', fmtInt(e.binaryJsonText.rowsPerSec), e.binaryJsonText.mbPerSec.toFixed(1)],
        ['binary, jsonb NULL', fmtInt(e.binaryNoJsonb.rowsPerSec), e.binaryNoJsonb.mbPerSec.toFixed(1)],
        ['text, jsonb NULL', fmtInt(e.textNoJsonb.rowsPerSec), e.textNoJsonb.mbPerSec.toFixed(1)],
        ['binary, one call per 1,000 rows', fmtInt(e.binaryPer1000.rowsPerSec), e.binaryPer1000.mbPerSec.toFixed(1)],
        ['text, one call per 1,000 rows', fmtInt(e.textPer1000.rowsPerSec), e.textPer1000.mbPerSec.toFixed(1)],
        ['binary, the same 1,000 rows (in cache)', fmtInt(e.binaryHot.rowsPerSec), e.binaryHot.mbPerSec.toFixed(1)],
        ['text, the same 1,000 rows (in cache)', fmtInt(e.textHot.rowsPerSec), e.textHot.mbPerSec.toFixed(1)],
      ],
      [false, true, true],
    ),
  );
  p(`share of encoder time on jsonb: binary ${(e.jsonbShareBinary * 100).toFixed(0)}%, text ${(e.jsonbShareText * 100).toFixed(0)}%`);
  p();
  const m = out.memory;
  p(
    m.error
      ? `memory: copyInto of ${m.rows.toLocaleString('en-US')} rows failed: ${m.error}`
      : `memory: copyInto of ${m.rows.toLocaleString('en-US')} rows from an async generator: peak RSS ${m.peakRssMB?.toFixed(0)} MB (${m.baselineRssMB?.toFixed(0)} MB before; compiled, plain node), ${fmtInt(m.rowsPerSec)} rows/s; RSS/heap by rows: ${(m.samples ?? []).map((x) => `${(x.rows / 1e6).toFixed(0)}M ${x.rssMB}/${x.heapMB} MB`).join(', ')}`,
  );
  const pm = out.parallelMemory;
  p(
    pm.error
      ? `memory: copyIntoParallel of ${pm.rows.toLocaleString('en-US')} rows failed: ${pm.error}`
      : `memory: copyIntoParallel (4 connections, default chunks of 3,200 rows) of ${pm.rows.toLocaleString('en-US')} rows from an async generator: peak RSS ${pm.peakRssMB?.toFixed(0)} MB (${pm.baselineRssMB?.toFixed(0)} MB before), ${fmtInt(pm.rowsPerSec)} rows/s; RSS/heap by rows: ${(pm.samples ?? []).map((x) => `${(x.rows / 1e6).toFixed(0)}M ${x.rssMB}/${x.heapMB} MB`).join(', ')}`,
  );
  const c = out.codegen;
  if (c) p(c.error ? `codegen, ${c.tables} tables: failed: ${c.error}` : `codegen, ${c.tables} tables: ${c.codegenSeconds?.toFixed(2)} s (first run, writing and type-checking all: ${'freshSeconds' in c && typeof c.freshSeconds === 'number' ? c.freshSeconds.toFixed(2) : '-'} s); codegen --check: ${c.checkSeconds?.toFixed(2)} s`);
  if (out.engines) {
    p();
    p(formatEngineBench(out.engines));
  }
  p();
  printTargets(out);
}

function printTargets(out: Output): void {
  const find = (method: string, batch: number | null = null) => out.results.find((r) => r.method === method && r.batch === batch);
  const L = out.limitRowsPerSec;
  const B = out.limitBinaryRowsPerSec;
  const multiRowPeers = out.results.filter((r) => ['kysely.insert.onConflict', 'pg-promise.helpers.insert', 'postgres.js.insert', '@databases/pg-bulk.bulkInsert'].includes(r.method) && r.rowsPerSec !== null && r.digestOk);
  const bestPeer = multiRowPeers.reduce<Result | null>((best, r) => (best === null || (r.rowsPerSec as number) > (best.rowsPerSec as number) ? r : best), null);
  const rate = (r: Result | undefined) => (r && r.digestOk ? r.rowsPerSec : null);
  const checks: [string, number | null, number][] = [
    ['copyInto binary / L', ratioOf(rate(find('pgtwin.copyInto.binary')), L), 1.25],
    ['copyInto binary / binary-file limit', ratioOf(rate(find('pgtwin.copyInto.binary')), B), 1.0],
    ['copyInto text / L', ratioOf(rate(find('pgtwin.copyInto.text')), L), 0.98],
    ['batchInsert 10k / L', ratioOf(rate(find('pgtwin.batchInsert', 10000)), L), 0.36],
    [`batchInsert 10k / best multi-row peer (${bestPeer?.method ?? 'none'})`, ratioOf(rate(find('pgtwin.batchInsert', 10000)), bestPeer?.rowsPerSec ?? null), 1.1],
    ['copyInto onConflict / L', ratioOf(rate(find('pgtwin.copyInto.onConflict')), L), 0.75],
    ['copyInto binary partitioned / unpartitioned (issue 9)', ratioOf(rate(find('pgtwin.copyInto.binary.partitioned')), rate(find('pgtwin.copyInto.binary'))), 0.85],
    ['batchInsert 10k partitioned / unpartitioned (issue 9)', ratioOf(rate(find('pgtwin.batchInsert.partitioned', 10000)), rate(find('pgtwin.batchInsert', 10000))), 0.85],
    ['batchInsert 10k sorted / unsorted (issue 4: cost of sorting)', ratioOf(rate(find('pgtwin.batchInsert', 10000)), rate(find('pgtwin.batchInsert.unsorted', 10000))), 0],
    ['encoder binary, M rows/s', out.encoder.binary.rowsPerSec / 1e6, 0.55],
    ['encoder binary, 1,000 rows a call (as copyInto encodes), M rows/s', out.encoder.binaryPer1000.rowsPerSec / 1e6, 0.55],
    ['encoder text, M rows/s', out.encoder.text.rowsPerSec / 1e6, 0.45],
    ['encoder text, 1,000 rows a call (as copyInto encodes), M rows/s', out.encoder.textPer1000.rowsPerSec / 1e6, 0.45],
    ['encoder binary with jsonText, M rows/s', out.encoder.binaryJsonText.rowsPerSec / 1e6, 1.0],
  ];
  const lines = checks.map(([name, value, target]) => [name, value === null ? '-' : value.toFixed(2), `>= ${target}`, value !== null && value >= target ? 'met' : 'MISSED']);
  const rss = out.memory.peakRssMB;
  lines.push([`peak RSS, ${out.memory.rows.toLocaleString('en-US')} rows, MB`, rss === null ? '-' : rss.toFixed(0), '< 150', rss !== null && rss < 150 ? 'met' : 'MISSED']);
  const par = (n: number) => out.parallel.find((f) => f.connections === n && f.digestOk);
  lines.push(['copyIntoParallel 2 connections / L (issue 19)', par(2)?.ratioToL?.toFixed(2) ?? '-', '>= 1.5', (par(2)?.ratioToL ?? 0) >= 1.5 ? 'met' : 'MISSED']);
  for (const n of [2, 4]) lines.push([`copyIntoParallel ${n} connections / ${n} concurrent psql (issue 19)`, par(n)?.ratioToPsql?.toFixed(2) ?? '-', '>= 0.9', (par(n)?.ratioToPsql ?? 0) >= 0.9 ? 'met' : 'MISSED']);
  const prss = out.parallelMemory.peakRssMB;
  lines.push([`copyIntoParallel peak RSS, ${out.parallelMemory.rows.toLocaleString('en-US')} rows, MB`, prss === null ? '-' : prss.toFixed(0), '< 200', prss !== null && prss < 200 ? 'met' : 'MISSED']);
  const cg = out.codegen;
  if (cg) {
    const worst = cg.codegenSeconds === null || cg.checkSeconds === null ? null : Math.max(cg.codegenSeconds, cg.checkSeconds);
    lines.push(['codegen 200 tables (slower of codegen, --check), s', worst === null ? '-' : worst.toFixed(2), '< 3', worst !== null && worst < 3 ? 'met' : 'MISSED']);
  }
  process.stdout.write(`targets (issue 11):\n${table(['target', 'value', 'wanted', ''], lines, [false, true, false, false])}\n`);
}

/**
 * Bigger servers, on paper, from this run's per-row costs: a backend spends 1/B core-seconds
 * a row (B: the binary-file psql rate, one backend), pgtwin's one event loop c core-seconds a
 * row (its CPU over its rows in the 2-connection runs: encoder, protocol and GC). One event
 * loop tops out at 1/c rows/s whatever the cores; with C cores shared between k backends and
 * the event loop the best is min(1/c, (C - 1) B). Encoding in w worker threads would lift
 * the client's ceiling to about w/c, so the best split of C cores gives C / (1/B + c).
 */
function projection(out: Output): string[] {
  const B = out.limitBinaryRowsPerSec;
  const two = out.parallel.find((f) => f.connections === 2);
  if (B === null || !two?.rowsPerSec || two.nodeCores === null) return ['projection: not computed (a figure is missing)'];
  // CPU time, not wall time, where the server is local: this machine is shared and loaded.
  const server = two.serverCores !== null ? two.serverCores / two.rowsPerSec : 1 / B;
  const client = two.nodeCores / two.rowsPerSec;
  const encoder = 1 / out.encoder.binaryPer1000.rowsPerSec;
  const lines = [
    `projection (paper; per-row CPU costs from this run's 2-connection copyIntoParallel): server ${(server * 1e6).toFixed(2)} us a row (${two.serverCores !== null ? 'backend CPU time' : 'binary-file psql wall time'}), pgtwin client ${(client * 1e6).toFixed(2)} us a row on its one thread (encoder alone, wall time per 1,000-row call: ${(encoder * 1e6).toFixed(2)} us)`,
  ];
  for (const cores of [2, 8, 16, 32]) {
    const oneLoop = Math.min(1 / client, (cores - 1) / server);
    const threads = cores / (server + client);
    lines.push(`  ${String(cores).padStart(2)} cores: one event loop ${fmtInt(oneLoop)} rows/s (${oneLoop === 1 / client ? 'client-bound' : 'server-bound'}); with encoder threads at best ${fmtInt(threads)} rows/s`);
  }
  return lines;
}

function ratioOf(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a / b;
}

await main();

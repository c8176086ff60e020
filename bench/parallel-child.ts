/**
 * Child process of `npm run bench` for the copyIntoParallel rounds (issue 19): the bench's rows
 * (generateRows is deterministic, so the same rows as the parent's), copied with
 * copyIntoParallel over a pool of its own, in a process whose heap holds only those rows. The
 * parent's heap holds every method's rows, the text and binary files' data and the row
 * arrays of the SQL peers: there the same copy used 0.76 to 0.92 cores of Node against 0.5 to
 * 0.6 in a process of its own (2026-11-30, quiet machine), which is GC work an application's
 * backfill would not do. The psql methods it is compared with run in processes of their own too.
 *
 * stdio protocol: prints `ready <backend pid>,…` once the pool's connections are open and one
 * untimed warm-up copy of a tenth of the rows is done (the parent empties the table before each
 * timed run); for each
 * line `go` on stdin, copies all rows and prints `{"seconds":…,"cores":…}`; exits on EOF.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateRows } from './data.ts';
import { copyIntoParallel, type LedgerEntriesInsert } from './generated/ledger-entries.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, url: { type: 'string' }, connections: { type: 'string' }, 'rows-per-chunk': { type: 'string' }, app: { type: 'string' } } });
const connections = Number(values.connections);
const rows: LedgerEntriesInsert[] = [...generateRows(Number(values.rows))];
// No idle timeout: the same backends for every round, whose CPU time the parent reads from /proc.
const pool = new pg.Pool({ connectionString: values.url, max: connections, idleTimeoutMillis: 0, application_name: values.app, options: '-c TimeZone=UTC' });
const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
const pids = await Promise.all(clients.map(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid));
for (const c of clients) c.release();
const options = { connections, ...(values['rows-per-chunk'] ? { rowsPerChunk: Number(values['rows-per-chunk']) } : {}) };
// One untimed copy of a tenth of the rows first, so the rounds measure warmed-up code (JIT), as
// in a backfill of any length; the parent empties the table before every timed run.
await copyIntoParallel(pool, rows.slice(0, Math.ceil(rows.length / 10)), options);
process.stdout.write(`ready ${pids.join(',')}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'go') continue;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await copyIntoParallel(pool, rows, options);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({ seconds, cores: (used.user + used.system) / 1e6 / seconds })}\n`);
}
await pool.end();

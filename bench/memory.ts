/**
 * Child process of `npm run bench`: `copyInto` of `--rows` generated rows from an async
 * generator, in a process of its own so its peak RSS is pgtwin's and not the parent's
 * (which holds the benchmark's row arrays). The rows go into a temporary copy of the table
 * inside a transaction that is rolled back, so nothing is left behind.
 * With `--connections N`: `copyIntoParallel` over N connections instead, into an unlogged
 * copy of the table in a scratch schema (each chunk commits, so no rollback), dropped after.
 * Prints one JSON object: { rows, seconds, rowsPerSec, peakRssMB, baselineRssMB, samples }.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateRowsAsync } from './data.ts';
import { copyInto, copyIntoParallel } from './generated/ledger-entries.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, url: { type: 'string' }, connections: { type: 'string' } } });
const rows = Number(values.rows);
const connections = values.connections === undefined ? null : Number(values.connections);
const SCRATCH = 'pgtwin_memory';
const client = new pg.Client({ connectionString: values.url });
await client.connect();
if (connections === null) {
  await client.query('BEGIN');
  // pg_temp is searched first, so the generated COPY statement lands in the temporary table.
  await client.query('CREATE TEMP TABLE ledger_entries (LIKE public.ledger_entries) ON COMMIT DROP');
} else {
  await client.query(`DROP SCHEMA IF EXISTS ${SCRATCH} CASCADE; CREATE SCHEMA ${SCRATCH}; CREATE UNLOGGED TABLE ${SCRATCH}.ledger_entries (LIKE public.ledger_entries)`);
}
const baselineRssMB = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
// RSS and heap sampled about every million rows: growth with the row count would be a leak, a plateau is GC slack.
const samples: { rows: number; rssMB: number; heapMB: number; externalMB: number }[] = [];
let nextSample = 0;
const sample = (done: number): void => {
  if (done < nextSample) return;
  nextSample += 1_000_000;
  const m = process.memoryUsage();
  samples.push({ rows: done, rssMB: Math.round(m.rss / 2 ** 20), heapMB: Math.round(m.heapUsed / 2 ** 20), externalMB: Math.round(m.external / 2 ** 20) });
};
let copied: number;
let ended: number | null = null;
if (connections === null) {
  copied = await copyInto(client, generateRowsAsync(rows), { onProgress: (p) => sample(p.rows) });
  await client.query('ROLLBACK');
} else {
  // The generated COPY names "ledger_entries" unqualified: the scratch schema comes first.
  const pool = new pg.Pool({ connectionString: values.url, max: connections, options: `-c search_path=${SCRATCH}` });
  try {
    copied = (await copyIntoParallel(pool, generateRowsAsync(rows), { connections, onProgress: (p) => sample(p.rows) })).rows;
    ended = performance.now();
  } finally {
    await pool.end();
    await client.query(`DROP SCHEMA ${SCRATCH} CASCADE`);
  }
}
const seconds = ((ended ?? performance.now()) - started) / 1000;
await client.end();
if (copied !== rows) throw new Error(`copied ${copied} rows, expected ${rows}`);
// maxRSS is in kilobytes (KiB).
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ rows, seconds, rowsPerSec: rows / seconds, peakRssMB, baselineRssMB, samples })}\n`);

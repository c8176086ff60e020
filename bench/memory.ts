/**
 * Child process of `npm run bench`: `copyInto` of `--rows` generated rows from an async
 * generator, in a process of its own so its peak RSS is pgtwin's and not the parent's
 * (which holds the benchmark's row arrays). The rows go into a temporary copy of the table
 * inside a transaction that is rolled back, so nothing is left behind.
 * Prints one JSON object: { rows, seconds, rowsPerSec, peakRssMB, baselineRssMB, samples }.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateRowsAsync } from './data.ts';
import { copyInto } from './generated/ledger-entries.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, url: { type: 'string' } } });
const rows = Number(values.rows);
const client = new pg.Client({ connectionString: values.url });
await client.connect();
await client.query('BEGIN');
// pg_temp is searched first, so the generated COPY statement lands in the temporary table.
await client.query('CREATE TEMP TABLE ledger_entries (LIKE public.ledger_entries) ON COMMIT DROP');
const baselineRssMB = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
// RSS and heap sampled about every million rows: growth with the row count would be a leak, a plateau is GC slack.
const samples: { rows: number; rssMB: number; heapMB: number; externalMB: number }[] = [];
let nextSample = 0;
const copied = await copyInto(client, generateRowsAsync(rows), {
  onProgress: (p) => {
    if (p.rows < nextSample) return;
    nextSample += 1_000_000;
    const m = process.memoryUsage();
    samples.push({ rows: p.rows, rssMB: Math.round(m.rss / 2 ** 20), heapMB: Math.round(m.heapUsed / 2 ** 20), externalMB: Math.round(m.external / 2 ** 20) });
  },
});
const seconds = (performance.now() - started) / 1000;
await client.query('ROLLBACK');
await client.end();
if (copied !== rows) throw new Error(`copied ${copied} rows, expected ${rows}`);
// maxRSS is in kilobytes (KiB).
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ rows, seconds, rowsPerSec: rows / seconds, peakRssMB, baselineRssMB, samples })}\n`);

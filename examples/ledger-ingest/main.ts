/**
 * A small ledger indexer on pgtwin's generated modules: backfills a range of synthetic
 * ledgers with copyIntoParallel (several COPY connections per table, parents first; one
 * progress bar for the total of all tables with rows/s, time left and rows per connection,
 * and a checkpoint table so that a rerun of the same job resumes), then ingests new ledgers live,
 * one transaction per ledger (batchInsert, batchApply, batchUpsert), and prints a summary.
 *
 *   npm run example -- [--ledgers 20000] [--live 50] [--json] [--keep]
 *
 * Uses DATABASE_URL, or starts an embedded PostgreSQL when it is unset. Works in a database
 * of its own, dropped at the end unless --keep.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pg from 'pg';
import * as accountStats from '../../generated/account-stats.ts';
import * as balances from '../../generated/balances.ts';
import * as ledgers from '../../generated/ledgers.ts';
import * as operations from '../../generated/operations.ts';
import * as stateChanges from '../../generated/state-changes.ts';
import * as transactions from '../../generated/transactions.ts';
import { createBackfillPool, type ParallelCopyProgress } from '@pgtwin/runtime';
import { startServer } from '../../test/support/server.ts';
import { syntheticLedger, type SyntheticLedger } from './synthetic.ts';

const { values } = parseArgs({
  options: {
    ledgers: { type: 'string', default: '20000' },
    live: { type: 'string', default: '50' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const backfillCount = Number(values.ledgers);
const liveCount = Number(values.live);
const log = (line: string) => {
  if (!values.json) console.log(line);
};

/** Rows of one table over a range of ledgers, generated lazily (memory stays flat). */
function* rowsOf<T>(from: number, to: number, pick: (l: SyntheticLedger) => readonly T[]): Generator<T> {
  for (let seq = from; seq <= to; seq++) yield* pick(syntheticLedger(seq));
}

async function main(): Promise<void> {
  const server = await startServer();
  const database = `ledger_ingest_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  // copyIntoParallel uses the pool's size, at most the server's cores.
  const pool = await createBackfillPool({ connectionString: url.toString(), max: 4, replicaRole: false });
  pool.on('error', () => {}); // an idle connection closed by the server is replaced, not fatal
  try {
    await pool.query(readFileSync(path.join(import.meta.dirname, '../../generated/schema.sql'), 'utf8'));

    // Backfill: each table over several connections (chunks of consecutive rows, one COPY
    // and one transaction each), parents first; the rows are generated on the fly.
    const perLedger = syntheticLedger(1);
    const total = backfillCount * (1 + perLedger.transactions.length + perLedger.operations.length + perLedger.stateChanges.length);
    const bar = new cliProgress.SingleBar(
      { format: 'backfill [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted} | {table} per connection: {connections}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    if (!values.json) bar.start(total, 0, { rate: 0, table: '', connections: '' });
    const started = performance.now();
    let done = 0;
    try {
      // The bar's total counts rows a rerun skips (already stored) as well as rows copied.
      let skipped = 0;
      const copied = (r: { rows: number; skipped: number }) => ((skipped += r.skipped), r.rows);
      const options = (table: string) => ({
        // A rerun of the same range skips the chunks already committed.
        checkpoint: { table: 'backfill_jobs', job: `${table}:1-${backfillCount}` },
        onProgress: (p: ParallelCopyProgress) => {
          const seconds = (performance.now() - started) / 1000;
          if (!values.json) bar.update(skipped + p.skippedRows + done + p.rows, { rate: Math.round((done + p.rows) / Math.max(seconds, 0.001)), table, connections: p.connections.map((c) => c.rows).join(' / ') });
        },
      });
      done += copied(await ledgers.copyIntoParallel(pool, rowsOf(1, backfillCount, (l) => [l.ledger]), options('ledgers')));
      done += copied(await transactions.copyIntoParallel(pool, rowsOf(1, backfillCount, (l) => l.transactions), options('transactions')));
      done += copied(await operations.copyIntoParallel(pool, rowsOf(1, backfillCount, (l) => l.operations), options('operations')));
      done += copied(await stateChanges.copyIntoParallel(pool, rowsOf(1, backfillCount, (l) => l.stateChanges), options('state_changes')));
      // Balances: the state after the range (the last change of each key wins).
      const finalBalances = new Map<string, balances.BalancesInsert>();
      for (let seq = 1; seq <= backfillCount; seq++) {
        const l = syntheticLedger(seq);
        for (const b of l.balances) finalBalances.set(`${b.account}|${b.asset}`, b);
        for (const r of l.removed) finalBalances.delete(`${r.account}|${r.asset}`);
      }
      const client = await pool.connect();
      try {
        await balances.copyInto(client, finalBalances.values());
      } finally {
        client.release();
      }
    } finally {
      if (!values.json) bar.stop();
    }
    const backfillSeconds = (performance.now() - started) / 1000;
    log(`backfill: ${done} rows in ${backfillSeconds.toFixed(2)} s (${Math.round(done / backfillSeconds)} rows/s)`);

    // Live ingestion: one transaction per new ledger.
    const liveStarted = performance.now();
    for (let seq = backfillCount + 1; seq <= backfillCount + liveCount; seq++) {
      const l = syntheticLedger(seq);
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await ledgers.batchInsert(c, [l.ledger]);
        await transactions.batchInsert(c, l.transactions);
        await operations.batchInsert(c, l.operations);
        await stateChanges.batchInsert(c, l.stateChanges);
        await balances.batchApply(c, { upsert: l.balances, delete: l.removed });
        const fees = new Map<string, accountStats.AccountStatsInsert>();
        for (const t of l.transactions) {
          const prev = fees.get(t.sourceAccount);
          fees.set(t.sourceAccount, {
            account: t.sourceAccount,
            operationCount: Number(prev?.operationCount ?? 0) + t.operationCount,
            feesPaid: BigInt(prev?.feesPaid ?? 0) + BigInt(t.feeCharged),
            lastSeenLedger: seq,
          });
        }
        await accountStats.batchUpsert(c, [...fees.values()]);
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        c.release();
      }
    }
    const liveSeconds = (performance.now() - liveStarted) / 1000;
    log(`live: ${liveCount} ledgers in ${liveSeconds.toFixed(2)} s (${liveCount ? ((liveSeconds * 1000) / liveCount).toFixed(1) : '0'} ms per ledger)`);

    const { rows } = await pool.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM ledgers) AS ledgers, (SELECT count(*)::int FROM transactions) AS transactions,
              (SELECT count(*)::int FROM operations) AS operations, (SELECT count(*)::int FROM state_changes) AS state_changes,
              (SELECT count(*)::int FROM balances) AS balances, (SELECT count(*)::int FROM account_stats) AS account_stats`,
    );
    const summary = { backfillRows: done, backfillSeconds, liveLedgers: liveCount, liveSeconds, tables: rows[0] };
    if (values.json) console.log(JSON.stringify(summary));
    else {
      log('summary:');
      for (const [table, n] of Object.entries(rows[0] ?? {})) log(`  ${table.padEnd(14)} ${n}`);
    }
  } finally {
    await pool.end();
    if (!values.keep) await admin.query(`DROP DATABASE "${database}" WITH (FORCE)`);
    else log(`kept database ${database}`);
    await admin.end();
    await server.stop();
  }
}

await main();

/**
 * The example's tables on Citus (test/engines/citus.test.ts): balances and account_stats
 * hash-distributed and co-located, transactions a distributed partitioned table, ledgers a
 * reference table (`distributeBy: { reference: true }`).
 */
export { default as accountStats } from './account-stats.ts';
export { default as balances } from './balances.ts';
export { default as ledgers } from './ledgers.ts';
export { default as transactions } from './transactions.ts';

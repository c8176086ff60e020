/** The engine benchmark's tables (bench/engines.ts); generated into bench/engines/generated/. */
export { default as ledgerEntriesDistributed } from './ledger-entries-distributed.ts';
export { default as ledgerEntriesHypertable } from './ledger-entries-hypertable.ts';

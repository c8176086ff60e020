/** The benchmark's schema (`npm run bench`); generated into bench/generated/. */
export { default as ledgerEntries } from './ledger-entries.ts';
export { default as ledgerEntriesPartitioned } from './ledger-entries-partitioned.ts';

export { default as accounts } from './accounts.ts';
export { default as buckets } from './buckets.ts';
export { default as customers } from './customers.ts';
export { default as events } from './events.ts';
export { default as ledgerEntries } from './ledger-entries.ts';
export { default as metrics, ticks } from './metrics.ts';
export { region } from './region.ts';
export { default as surnames } from './surnames.ts';

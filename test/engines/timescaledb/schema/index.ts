/** The example's event tables as TimescaleDB hypertables (test/engines/timescaledb.test.ts). */
export { operationType } from './enums.ts';
export { default as ledgers } from './ledgers.ts';
export { default as operations } from './operations.ts';
export { default as transactions } from './transactions.ts';

/** Every table of the schema (codegen checks that none is missing). */
export { default as accountStats } from './account-stats.ts';
export { default as balances } from './balances.ts';
export { operationType, stateChangeReason } from './enums.ts';
export { default as ledgers } from './ledgers.ts';
export { default as operations } from './operations.ts';
export { default as stateChanges } from './state-changes.ts';
export { default as transactions } from './transactions.ts';

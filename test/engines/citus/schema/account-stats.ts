import type { TableDef } from 'pgtwin/schema';
import example from '../../../../schema/account-stats.ts';

/** The example's `account_stats`, distributed by account and co-located with balances. */
export default Object.freeze({ ...example, distributeBy: { column: 'account', colocateWith: 'balances' } }) satisfies TableDef;

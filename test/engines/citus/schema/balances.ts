import type { TableDef } from 'pgtwin/schema';
import example from '../../../../schema/balances.ts';

/** The example's `balances`, hash-distributed by account (the key's first column). */
export default Object.freeze({ ...example, distributeBy: { column: 'account' } }) satisfies TableDef;

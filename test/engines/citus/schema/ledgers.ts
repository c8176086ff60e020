import type { TableDef } from 'pgtwin/schema';
import example from '../../../../schema/ledgers.ts';

/** The example's `ledgers` as a Citus reference table: `transactions` references it. */
export default Object.freeze({ ...example, distributeBy: { reference: true as const } }) satisfies TableDef;

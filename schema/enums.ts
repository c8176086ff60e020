import { enumType } from 'pgtwin/schema';

/** What an operation does (a subset of a ledger's operation types). */
export const operationType = enumType('operation_type', [
  'create_account',
  'payment',
  'path_payment_strict_send',
  'manage_sell_offer',
  'change_trust',
  'account_merge',
]);

/** Why an account's state changed. */
export const stateChangeReason = enumType('state_change_reason', ['credit', 'debit', 'trustline', 'signer', 'data', 'offer']);

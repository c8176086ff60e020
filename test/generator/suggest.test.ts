/** "Did you mean …" (runtime/suggest.ts): for row fields and schema keys. */
import { describe, expect, it } from 'vitest';
import { closestName } from '@pgtwin/runtime/internal/suggest';

describe('closestName', () => {
  it('suggests the field a slip was meant for', () => {
    expect(closestName('refundLedgerSequnce', ['ledgerSequence', 'refundLedgerSequence'])).toBe('refundLedgerSequence');
    expect(closestName('primarykey', ['primaryKey', 'unique'])).toBe('primaryKey');
    expect(closestName('bb', ['b', 'a'])).toBe('b');
  });

  it('a snake_case name (a column name, a row from SELECT *) suggests its camelCase field, however many words', () => {
    expect(closestName('ledger_sequence', ['ledgerSequence'])).toBe('ledgerSequence');
    expect(closestName('fee_bump_inner_tx_hash', ['feeBumpInnerTxHash', 'hash'])).toBe('feeBumpInnerTxHash');
  });

  it('replacing the whole name is no suggestion', () => {
    expect(closestName('x', ['a', 'id'])).toBeUndefined();
    expect(closestName('q', ['a'])).toBeUndefined();
  });
});

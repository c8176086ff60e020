/**
 * Deterministic synthetic ledgers: each has 3 transactions of 2 payments, one state change
 * per operation, and balance changes for the accounts involved.
 */
import type * as balances from '../../generated/balances.ts';
import type * as ledgers from '../../generated/ledgers.ts';
import type * as operations from '../../generated/operations.ts';
import type * as stateChanges from '../../generated/state-changes.ts';
import type * as transactions from '../../generated/transactions.ts';

export interface SyntheticLedger {
  readonly ledger: ledgers.LedgersInsert;
  readonly transactions: transactions.TransactionsInsert[];
  readonly operations: operations.OperationsInsert[];
  readonly stateChanges: stateChanges.StateChangesInsert[];
  readonly balances: balances.BalancesInsert[];
  /** Trustlines removed in this ledger. */
  readonly removed: balances.BalancesKey[];
}

const GENESIS = Date.UTC(2024, 0, 1);
const ACCOUNTS = 500;

function hash(kind: number, n: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32BE(kind, 0);
  b.writeBigUInt64BE(BigInt(n), 24);
  return b;
}

const account = (i: number) => `G${String(i % ACCOUNTS).padStart(55, 'A')}`;

export function syntheticLedger(seq: number): SyntheticLedger {
  const closedAt = new Date(GENESIS + seq * 5_000);
  const txs: transactions.TransactionsInsert[] = [];
  const ops: operations.OperationsInsert[] = [];
  const changes: stateChanges.StateChangesInsert[] = [];
  const touched = new Map<string, balances.BalancesInsert>();
  for (let t = 0; t < 3; t++) {
    const txId = BigInt(seq) * 100n + BigInt(t);
    const source = account(seq * 3 + t);
    txs.push({
      id: txId,
      hash: hash(1, Number(txId)),
      ledgerSequence: seq,
      applicationOrder: t,
      sourceAccount: source,
      accountSequence: BigInt(seq) * 10n + BigInt(t),
      feeCharged: 100,
      maxFee: 1000,
      operationCount: 2,
      successful: t !== 2 || seq % 5 !== 0,
      memoType: t === 0 ? 'text' : 'none',
      memo: t === 0 ? `ledger ${seq}\tpayment` : null,
      signatures: [`sig-${seq}-${t}`],
      resultMeta: { fee: 100, ops: 2 },
      closedAt,
    } as transactions.TransactionsInsert);
    for (let o = 0; o < 2; o++) {
      const opId = txId * 10n + BigInt(o);
      const to = account(seq * 7 + t * 2 + o);
      const amount = `${(seq % 1000) + o}.${String(t).padStart(7, '0')}`;
      ops.push({ id: opId, transactionId: txId, applicationOrder: o, type: 'payment', sourceAccount: source, amount, details: { to, asset: 'native' }, closedAt });
      changes.push({ operationId: opId, changeIndex: 0, ledgerSequence: seq, account: to, reason: 'credit', amount, closedAt });
      touched.set(to, { account: to, asset: 'native', balance: BigInt(seq) * 1000n + BigInt(o), lastModifiedLedger: seq, updatedAt: closedAt });
    }
  }
  const removed = seq % 10 === 0 ? [{ account: account(seq + 1), asset: `USD:${seq % 3}` }] : [];
  return {
    ledger: {
      sequence: seq,
      hash: hash(0, seq),
      prevHash: hash(0, seq - 1),
      closedAt,
      protocolVersion: 21,
      transactionCount: txs.length,
      operationCount: ops.length,
      totalCoins: '1000000000000000000',
      feePool: BigInt(seq) * 300n,
    },
    transactions: txs,
    operations: ops,
    stateChanges: changes,
    balances: [...touched.values()].filter((b) => !removed.some((r) => r.account === b.account && r.asset === b.asset)),
    removed,
  };
}

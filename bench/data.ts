/**
 * The benchmark's rows (issue 11), generated deterministically from a seeded PRNG so every
 * method, every run and the memory child process see exactly the same values.
 */
import type { LedgerEntriesInsert } from './generated/ledger-entries.ts';

/** mulberry32: small, fast and good enough to spread values; no Math.random anywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 11;
const WORDS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_:.';
/** Pieces of the nullable note: every byte COPY text must escape, plus non-BMP and the literal `\N`. */
const NOTE_PIECES = ['pay', 'ment', ' ', '\t', '\n', '\r', '\\', '\\N', '🦀', '𝄞', 'é', '"', "'", ',', '{', '}', 'x'];
/** Array elements that trip naive array-literal encoders: comma, quote, braces, backslash, the string NULL. */
const TAGS = ['fee', 'swap', 'a,b', 'q"t', '{x}', 'back\\slash', 'NULL', 'sp ace', '🦀', ''];
const ASSETS = ['native', 'USD:GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN', 'EURT:GAP5LETOV6YIE62YAM56STDANPRDO7ZFDBGSNHJQIYGGKSMOZAHOOS2S'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The same string, flat in memory, as JSON.parse or a database driver hands strings over.
 * Strings built by concatenation, as below, are ropes in V8, and reading their characters
 * measured about 2.3x slower (numeric parsing 0.14 us vs 0.06 us a value): without this the
 * encoder figures would measure how this file builds its data.
 */
function flat(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/** One row's values; `next` advances the shared PRNG, so rows must be made in order. */
function makeRow(id: number, next: () => number): LedgerEntriesInsert {
  const hash = Buffer.allocUnsafe(32);
  for (let i = 0; i < 32; i += 4) hash.writeUInt32BE(Math.floor(next() * 4294967296), i);
  const ledger = Math.floor(next() * 4294967296) - 2147483648;
  // 2015..2025, microseconds kept: a Date has milliseconds only, so the ISO string carries them.
  const ms = 1420070400000 + Math.floor(next() * 11 * 365 * 86400000);
  const closedAt = `${new Date(ms).toISOString().slice(0, 23)}${pad(Math.floor(next() * 1000), 3)}Z`;
  const digits = 1 + Math.floor(next() * 30);
  let amount = next() < 0.1 ? '-' : '';
  amount += String(1 + Math.floor(next() * 9));
  for (let i = 1; i < digits; i++) amount += String(Math.floor(next() * 10));
  let memo = '';
  const memoLen = 10 + Math.floor(next() * 30);
  for (let i = 0; i < memoLen; i++) memo += WORDS[Math.floor(next() * WORDS.length)];
  let note: string | null = null;
  if (next() >= 0.2) {
    note = '';
    const pieces = Math.floor(next() * 12);
    for (let i = 0; i < pieces; i++) note += NOTE_PIECES[Math.floor(next() * NOTE_PIECES.length)];
  }
  const flag = next() < 0.5;
  // About 100 bytes of JSON, sometimes with an escape or a non-ASCII character.
  const meta =
    next() < 0.15
      ? null
      : {
          op: next() < 0.5 ? 'payment' : 'path_payment_strict_send',
          asset: ASSETS[Math.floor(next() * ASSETS.length)] as string,
          amount: String(Math.floor(next() * 1e12)),
          path: [Math.floor(next() * 1000), Math.floor(next() * 1000)],
          ok: next() < 0.9,
          memo: next() < 0.1 ? 'caf\u00e9 "quoted" \\ 🦀' : 'm',
        };
  let tags: (string | null)[] | null = null;
  if (next() >= 0.25) {
    tags = [];
    const n = Math.floor(next() * 5);
    for (let i = 0; i < n; i++) tags.push(next() < 0.05 ? null : (TAGS[Math.floor(next() * TAGS.length)] as string));
  }
  return { id, hash, ledger, closedAt: flat(closedAt), amount: flat(amount), memo: flat(memo), note: note === null ? null : flat(note), flag, meta, tags };
}

/** Rows 1..n in id order (the same sequence every time). */
export function* generateRows(n: number): Generator<LedgerEntriesInsert> {
  const next = prng(SEED);
  for (let i = 1; i <= n; i++) yield makeRow(i, next);
}

/** The same rows as an async generator, as a pipeline reading a source would give them. */
export async function* generateRowsAsync(n: number): AsyncGenerator<LedgerEntriesInsert> {
  yield* generateRows(n);
}

/** The row with SQL column names, as peers take it (built once, outside the timed part). */
export interface SqlRow {
  readonly id: number;
  readonly hash: Buffer;
  readonly ledger: number;
  readonly closed_at: string;
  readonly amount: string;
  readonly memo: string;
  readonly note: string | null;
  readonly flag: boolean;
  readonly meta: object | null;
  readonly tags: (string | null)[] | null;
}

export function toSqlRow(r: LedgerEntriesInsert): SqlRow {
  return {
    id: r.id as number,
    hash: r.hash as Buffer,
    ledger: r.ledger,
    closed_at: r.closedAt as string,
    amount: r.amount as string,
    memo: r.memo,
    note: r.note ?? null,
    flag: r.flag,
    meta: (r.meta as object | null | undefined) ?? null,
    tags: (r.tags as (string | null)[] | null | undefined) ?? null,
  };
}

export const SQL_COLUMNS = ['id', 'hash', 'ledger', 'closed_at', 'amount', 'memo', 'note', 'flag', 'meta', 'tags'] as const;

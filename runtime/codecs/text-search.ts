/**
 * tsvector and tsquery: the text form is parsed as tsvector_parser.c and tsquery.c parse
 * it, and the binary form is what tsvectorsend / tsquerysend write for the stored value
 * (lexemes sorted and merged, positions sorted and deduplicated; query items in the
 * server's prefix order), so all paths store the same value and keys compare as the
 * server's btree equality does.
 */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';
import { checkString } from './strings.ts';

/** A tsvector as PostgreSQL's text of it ("'fat':2A 'rat':3"), as node-postgres returns it. */
export type TsvectorInput = string;
/** A tsquery as PostgreSQL's text of it ("'fat' & ( 'rat' | !'cat' ) <-> 'x':*A"), as node-postgres returns it. */
export type TsqueryInput = string;

/** MAXSTRLEN: a lexeme has fewer bytes. */
const MAX_LEXEME_BYTES = 2047;
/** MAXSTRPOS: the lexemes of one tsvector together. */
const MAX_TSVECTOR_BYTES = (1 << 20) - 1;
/** MAXENTRYPOS - 1: larger positions are stored as this. */
const MAX_POS = 16383;
/** MAXNUMPOS: positions kept per lexeme. */
const MAX_NUM_POS = 256;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** tsquery's operator characters, which end an unquoted lexeme there. */
function isOperator(c: string | undefined): boolean {
  return c === '!' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<';
}

class TsSyntax extends Error {}

/**
 * Unicode spaces: whether the server's parser treats them as spaces depends on the
 * database's LC_CTYPE (iswspace), so outside quotes they are refused rather than guessed.
 */
const LOCALE_SPACE = /[\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

function refuseLocaleSpace(s: string, c: string): void {
  if (LOCALE_SPACE.test(c)) {
    throw new CodecError(`${describeValue(s)}: U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} outside quotes is a space or not depending on the database's LC_CTYPE; quote the lexeme`);
  }
}

interface Token {
  lexeme: string;
  /** weight << 14 | position, as WordEntryPos */
  positions: number[];
  end: number;
}

/**
 * gettoken_tsvector: one lexeme (quoted or not, backslash escapes) at s[i], with positions
 * when `isQuery` is false. Returns undefined at the end of the input.
 */
function getToken(s: string, i: number, isQuery: boolean): Token | undefined {
  const n = s.length;
  let word = '';
  const positions: number[] = [];
  while (i < n && isSpace(s[i])) i++;
  if (i >= n) return undefined;
  const escape = (): void => {
    i++;
    if (i >= n) throw new CodecError(`${describeValue(s)}: there is no escaped character`);
    const cp = s.codePointAt(i) as number;
    word += String.fromCodePoint(cp);
    i += cp > 0xffff ? 2 : 1;
  };
  if (s[i] === "'") {
    i++;
    for (;;) {
      if (i >= n) throw new TsSyntax();
      const c = s[i];
      if (c === "'") {
        if (s[i + 1] === "'") {
          word += "'";
          i += 2;
          continue;
        }
        i++;
        break;
      }
      if (c === '\\') escape();
      else word += s[i++];
    }
    if (word === '') throw new TsSyntax();
    if (isQuery || s[i] !== ':') return { lexeme: word, positions, end: i };
    i++;
  } else {
    if (isQuery && isOperator(s[i])) throw new TsSyntax();
    for (;;) {
      const c = s[i];
      if (c === '\\') escape();
      else if (i >= n || isSpace(c) || (isQuery && isOperator(c))) {
        if (word === '') throw new TsSyntax();
        return { lexeme: word, positions, end: i };
      } else if (c === ':') {
        if (word === '') throw new TsSyntax();
        if (isQuery) return { lexeme: word, positions, end: i };
        i++;
        break;
      } else {
        refuseLocaleSpace(s, c as string);
        word += s[i++];
      }
    }
  }
  // INPOSINFO / WAITPOSDELIM: "1A,2,3b"
  for (;;) {
    if (!isDigit(s[i])) throw new TsSyntax();
    let j = i;
    while (isDigit(s[j])) j++;
    // atoi beyond int range is not meaningful; such positions are refused.
    if (j - i > 9) throw new CodecError(`${describeValue(s)}: position ${s.slice(i, j)} is too large`);
    const pos = Math.min(Number(s.slice(i, j)), MAX_POS);
    if (pos === 0) throw new CodecError(`${describeValue(s)}: wrong position info in tsvector (positions start at 1)`);
    let weight = 0;
    i = j;
    for (;;) {
      const c = s[i];
      if (c === ',') {
        i++;
        break;
      }
      const w = c === undefined ? -1 : 'dDcCbBaA*'.indexOf(c);
      if (w >= 0) {
        if (weight !== 0) throw new TsSyntax();
        weight = c === '*' ? 3 : w >> 1;
        i++;
      } else if (i >= n || isSpace(c)) {
        positions.push((weight << 14) | pos);
        return { lexeme: word, positions, end: i };
      } else if (isDigit(c)) {
        // Digits after a weight are skipped, as by the server ("1A2" is 1A).
        i++;
      } else throw new TsSyntax();
    }
    positions.push((weight << 14) | pos);
  }
}

interface Entry {
  bytes: Buffer;
  lexeme: string;
  positions: number[] | undefined;
}

/** uniquePos: sorted by position, one per position (the highest weight), at most 256. */
function uniquePositions(a: number[]): number[] {
  if (a.length <= 1) return a;
  a.sort((x, y) => (x & 0x3fff) - (y & 0x3fff));
  const out = [a[0] as number];
  for (let k = 1; k < a.length; k++) {
    const p = a[k] as number;
    const last = out[out.length - 1] as number;
    if ((p & 0x3fff) !== (last & 0x3fff)) {
      out.push(p);
      if (out.length >= MAX_NUM_POS) break;
      if ((p & 0x3fff) === MAX_POS) {
        // The server stops here too, keeping the weight of whichever 16383 its (unstable) qsort
        // put first: with several weights at 16383 the stored value is not determined by the text.
        for (let r = k + 1; r < a.length; r++) {
          if (((a[r] as number) & 0x3fff) === MAX_POS && (a[r] as number) >> 14 !== p >> 14) {
            throw new CodecError('a lexeme has several positions at or past 16383 with different weights: PostgreSQL keeps one of them depending on its sort order; give it one weight there');
          }
        }
        break;
      }
    } else if (p >> 14 > last >> 14) {
      out[out.length - 1] = (p & 0xc000) | (last & 0x3fff);
    }
  }
  return out;
}

/** tsvectorin: the entries sorted by lexeme bytes (shorter first on a common prefix), duplicates merged. */
function parseTsvector(v: unknown): Entry[] {
  const s = checkString(v);
  const raw: Entry[] = [];
  let total = 0;
  let i = 0;
  try {
    for (;;) {
      const t = getToken(s, i, false);
      if (t === undefined) break;
      const bytes = Buffer.from(t.lexeme, 'utf8');
      if (bytes.length >= MAX_LEXEME_BYTES) throw new CodecError(`${describeValue(s)}: word is too long (${bytes.length} bytes, max ${MAX_LEXEME_BYTES - 1} bytes)`);
      total += bytes.length;
      if (total > MAX_TSVECTOR_BYTES) throw new CodecError(`${describeValue(s)}: string is too long for tsvector (${total} bytes, max ${MAX_TSVECTOR_BYTES} bytes)`);
      raw.push({ bytes, lexeme: t.lexeme, positions: t.positions.length > 0 ? t.positions : undefined });
      i = t.end;
    }
  } catch (e) {
    if (e instanceof TsSyntax) throw new CodecError(`${describeValue(s)} is not a tsvector (syntax error)`);
    throw e;
  }
  raw.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const out: Entry[] = [];
  for (const e of raw) {
    const last = out[out.length - 1];
    if (last !== undefined && last.bytes.equals(e.bytes)) {
      if (e.positions !== undefined) last.positions = last.positions === undefined ? e.positions : last.positions.concat(e.positions);
    } else out.push({ ...e });
  }
  for (const e of out) if (e.positions !== undefined) e.positions = uniquePositions(e.positions);
  return out;
}

/** tsvectorout: each lexeme quoted (' and \ doubled), then :position with weight letter (none for D). */
function tsvectorText(entries: readonly Entry[]): string {
  let out = '';
  for (const e of entries) {
    if (out !== '') out += ' ';
    out += `'${e.lexeme.replace(/['\\]/g, (c) => c + c)}'`;
    if (e.positions !== undefined) {
      out += ':';
      e.positions.forEach((p, k) => {
        out += `${k > 0 ? ',' : ''}${p & 0x3fff}${['', 'C', 'B', 'A'][p >> 14]}`;
      });
    }
  }
  return out;
}

/** tsvectorsend: count; per lexeme its bytes, a zero byte, uint16 count and the positions. */
function writeTsvector(w: ByteWriter, entries: readonly Entry[]): void {
  w.i32(entries.length);
  for (const e of entries) {
    w.bytes(e.bytes);
    w.u8(0);
    const p = e.positions ?? [];
    w.u16(p.length);
    for (const x of p) w.u16(x);
  }
}

export function tsvector(): ColumnCodec {
  return {
    textIsCopySafe: false,
    toText: (v) => tsvectorText(parseTsvector(v)),
    writeText: (w, v) => w.copyText(tsvectorText(parseTsvector(v))),
    writeBinary: (w, v) => writeTsvector(w, parseTsvector(v)),
  };
}

// ---- tsquery

const OP_NOT = 1;
const OP_AND = 2;
const OP_OR = 3;
const OP_PHRASE = 4;
/** tsearch_op_priority, by operator code - 1. */
const PRIORITY = [4, 2, 1, 3];

type QueryItem = { kind: 'val'; bytes: Buffer; weight: number; prefix: boolean } | { kind: 'opr'; op: number; distance: number };

/**
 * parse_tsquery: gettoken_query_standard + makepol. Items are collected as the server's
 * polstr list (each new item in front), which is the order tsquerysend writes.
 */
function parseTsquery(v: unknown): QueryItem[] {
  const s = checkString(v);
  const items: QueryItem[] = [];
  let i = 0;
  let state: 'first' | 'operand' | 'operator' = 'first';
  let depth = 0;
  const syntax = (): CodecError => new CodecError(`${describeValue(s)} is not a tsquery (syntax error)`);

  type Token = { type: 'val'; item: QueryItem } | { type: 'opr'; op: number; distance: number } | { type: 'open' } | { type: 'close' } | { type: 'end' };

  const nextToken = (): Token => {
    for (;;) {
      const c = s[i];
      if (state !== 'operator') {
        if (c === '!') {
          i++;
          state = 'operand';
          return { type: 'opr', op: OP_NOT, distance: 0 };
        }
        if (c === '(') {
          i++;
          depth++;
          state = 'operand';
          return { type: 'open' };
        }
        if (c === ':') throw syntax();
        if (!isSpace(c)) {
          let t: ReturnType<typeof getToken>;
          try {
            t = getToken(s, i, true);
          } catch (e) {
            if (e instanceof TsSyntax) throw syntax();
            throw e;
          }
          if (t === undefined) {
            if (state === 'first') return { type: 'end' };
            throw new CodecError(`${describeValue(s)}: no operand in tsquery`);
          }
          const bytes = Buffer.from(t.lexeme, 'utf8');
          if (bytes.length >= MAX_LEXEME_BYTES) throw new CodecError(`${describeValue(s)}: word is too long in tsquery (${bytes.length} bytes, max ${MAX_LEXEME_BYTES - 1} bytes)`);
          i = t.end;
          // get_modifiers: ":" then weights a-d and "*" for a prefix match.
          let weight = 0;
          let prefix = false;
          if (s[i] === ':') {
            i++;
            for (;;) {
              const m = s[i];
              if (m === 'a' || m === 'A') weight |= 8;
              else if (m === 'b' || m === 'B') weight |= 4;
              else if (m === 'c' || m === 'C') weight |= 2;
              else if (m === 'd' || m === 'D') weight |= 1;
              else if (m === '*') prefix = true;
              else break;
              i++;
            }
          }
          state = 'operator';
          return { type: 'val', item: { kind: 'val', bytes, weight, prefix } };
        }
      } else {
        if (c === '&' || c === '|') {
          i++;
          state = 'operand';
          return { type: 'opr', op: c === '&' ? OP_AND : OP_OR, distance: 0 };
        }
        const distance = phraseOperator();
        if (distance !== undefined) {
          state = 'operand';
          return { type: 'opr', op: OP_PHRASE, distance };
        }
        if (c === ')') {
          i++;
          depth--;
          if (depth < 0) throw syntax();
          return { type: 'close' };
        }
        if (c === undefined) {
          if (depth !== 0) throw syntax();
          return { type: 'end' };
        }
        if (!isSpace(c)) {
          refuseLocaleSpace(s, c);
          throw syntax();
        }
      }
      i++;
    }
  };

  /** parse_phrase_operator: "<->" or "<N>" (0..16384), followed by at least one more character. */
  const phraseOperator = (): number | undefined => {
    if (s[i] !== '<') return undefined;
    let p = i + 1;
    let distance = 1;
    if (s[p] === '-') p++;
    else {
      if (!isDigit(s[p])) return undefined;
      let q = p;
      while (isDigit(s[q])) q++;
      distance = Number(s.slice(p, q));
      if (distance > 16384) throw new CodecError(`${describeValue(s)}: distance in phrase operator must be an integer value between zero and 16384 inclusive`);
      p = q;
    }
    if (s[p] !== '>') return undefined;
    p++;
    if (p >= s.length) return undefined;
    i = p;
    return distance;
  };

  const pushOp = (op: number, distance: number): void => {
    items.unshift({ kind: 'opr', op, distance });
  };

  const cleanOpStack = (stack: { op: number; distance: number }[], op: number): void => {
    const priority = PRIORITY[op - 1] as number;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { op: number; distance: number };
      const topPriority = PRIORITY[top.op - 1] as number;
      // NOT is right associative, the others left associative.
      if ((op !== OP_NOT && priority > topPriority) || (op === OP_NOT && priority >= topPriority)) break;
      stack.pop();
      pushOp(top.op, top.distance);
    }
  };

  const makepol = (): void => {
    const stack: { op: number; distance: number }[] = [];
    for (;;) {
      const t = nextToken();
      if (t.type === 'end') break;
      if (t.type === 'val') items.unshift(t.item);
      else if (t.type === 'opr') {
        cleanOpStack(stack, t.op);
        stack.push({ op: t.op, distance: t.distance });
      } else if (t.type === 'open') makepol();
      else {
        cleanOpStack(stack, OP_OR);
        return;
      }
    }
    cleanOpStack(stack, OP_OR);
  };

  makepol();
  checkTree(items, s);
  return items;
}

/** findoprnd: every operator has its operands (the tree covers the whole list). */
function checkTree(items: readonly QueryItem[], s: string): void {
  if (items.length === 0) return;
  let at = 0;
  const walk = (): void => {
    const item = items[at++];
    if (item === undefined) throw new CodecError(`${describeValue(s)}: malformed tsquery: operand not found`);
    if (item.kind === 'opr') {
      walk();
      if (item.op !== OP_NOT) walk();
    }
  };
  walk();
  if (at !== items.length) throw new CodecError(`${describeValue(s)}: malformed tsquery`);
}

/** tsquerysend: item count; per item its type, then weight, prefix and the lexeme (zero-terminated), or the operator (and the phrase distance). */
function writeTsquery(w: ByteWriter, items: readonly QueryItem[]): void {
  w.i32(items.length);
  for (const item of items) {
    if (item.kind === 'val') {
      w.u8(1);
      w.u8(item.weight);
      w.u8(item.prefix ? 1 : 0);
      w.bytes(item.bytes);
      w.u8(0);
    } else {
      w.u8(2);
      w.u8(item.op);
      if (item.op === OP_PHRASE) w.i16(item.distance);
    }
  }
}

export function tsquery(): ColumnCodec {
  return {
    textIsCopySafe: false,
    toText(v) {
      parseTsquery(v);
      // The server parses this same text the same way.
      return v as string;
    },
    writeText(w, v) {
      parseTsquery(v);
      w.copyText(v as string);
    },
    writeBinary: (w, v) => writeTsquery(w, parseTsquery(v)),
  };
}


/**
 * money: an int64 count of the currency's smallest unit (cents). How many fraction digits
 * that unit has, and how the text form is spelled, come from the server's lc_monetary:
 * binary COPY sends the int64 and is right under any lc_monetary with `fractionDigits`
 * fraction digits; the text paths (text COPY, UNNEST of a text literal, a plain INSERT of a
 * string) are read by the server's cash_in in its locale, and the text written here is
 * "-1234.56", which means that amount only where the monetary decimal point is "." (C,
 * POSIX, en_US, ...). Under a locale with "," as the decimal point the "." is read as a
 * thousands separator, so the text paths would store another amount.
 */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec, TypeParams } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

/**
 * An amount: a number (its shortest decimal, as node-postgres sends it) or a decimal string
 * in the C locale's spelling, which is how node-postgres returns money ("$1,234.56",
 * "-$0.50"); cash_in's other spellings ("(3.00)", "1,234", trailing "-") are read as it reads them.
 */
export type MoneyInput = number | string;

export interface MoneyOptions {
  /** lc_monetary's frac_digits: 2 for C/POSIX (the server's own default) and most locales. */
  readonly fractionDigits?: number;
}

const INT64_MIN = -(2n ** 63n);

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * cash_in (cash.c) with the C locale's symbols ("$", "+", "-", ".", ","): the value in
 * units of 10^-fpoint, rounded half up on the first extra digit; the rest ignored, as there.
 */
function cashIn(str: string, fpoint: number): bigint {
  const bad = (): CodecError => new CodecError(`${describeValue(str)} is not a money amount (expected a decimal such as "-1234.56" or "$1,234.56")`);
  const range = (): CodecError => new CodecError(`${describeValue(str)} is out of range for type money`);
  let s = 0;
  const skipSpaceAndSymbol = (): void => {
    while (isSpace(str[s])) s++;
    if (str[s] === '$') s++;
    while (isSpace(str[s])) s++;
  };
  skipSpaceAndSymbol();
  let negative = false;
  if (str[s] === '-' || str[s] === '(') {
    negative = true;
    s++;
  } else if (str[s] === '+') {
    s++;
  }
  skipSpaceAndSymbol();
  // Built in the negative, as the server does, so that the most negative amount fits.
  let value = 0n;
  let dec = 0;
  let seenDot = false;
  for (; s < str.length; s++) {
    const c = str[s] as string;
    if (isDigit(c) && (!seenDot || dec < fpoint)) {
      value = value * 10n - BigInt(c.charCodeAt(0) - 48);
      if (value < INT64_MIN) throw range();
      if (seenDot) dec++;
    } else if (c === '.' && !seenDot) {
      seenDot = true;
    } else if (c !== ',') {
      break;
    }
  }
  if (isDigit(str[s]) && (str[s] as string) >= '5') value -= 1n;
  for (; dec < fpoint; dec++) value *= 10n;
  if (value < INT64_MIN) throw range();
  while (isDigit(str[s])) s++;
  for (; s < str.length; s++) {
    const c = str[s];
    if (c === '-') negative = true;
    else if (!(isSpace(c) || c === ')' || c === '+' || c === '$')) throw bad();
  }
  if (!negative) {
    if (value === INT64_MIN) throw range();
    return -value;
  }
  return value;
}

function checkMoney(v: unknown, fpoint: number): bigint {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CodecError(`${describeValue(v)} is not a money amount`);
    const s = String(v);
    // node-postgres would send the exponent form, which cash_in refuses.
    if (s.includes('e')) throw new CodecError(`${describeValue(v)} has no plain decimal form for money; pass a decimal string`);
    return cashIn(s, fpoint);
  }
  if (typeof v === 'string') return cashIn(v, fpoint);
  throw new CodecError(typeMismatch('a number or a decimal string', v));
}

/** "-1234.56": the amount with `fpoint` fraction digits, no symbols or separators. */
function moneyText(units: bigint, fpoint: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(fpoint + 1, '0');
  const whole = digits.slice(0, digits.length - fpoint);
  const text = fpoint === 0 ? whole : `${whole}.${digits.slice(digits.length - fpoint)}`;
  return negative ? `-${text}` : text;
}

/** The type table calls it with the column's (empty) TypeParams: the default fraction digits. */
export function money(options: MoneyOptions & TypeParams = {}): ColumnCodec {
  const fpoint = options.fractionDigits ?? 2;
  // cash_in's own range: other frac_digits fall back to 2.
  if (!Number.isInteger(fpoint) || fpoint < 0 || fpoint > 10) throw new CodecError(`money: fractionDigits must be an integer from 0 to 10, got ${describeValue(fpoint)}`);
  return {
    textIsCopySafe: true,
    toText: (v) => moneyText(checkMoney(v, fpoint), fpoint),
    writeBinary: (w: ByteWriter, v) => w.i64(checkMoney(v, fpoint)),
  };
}

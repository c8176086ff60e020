/** Decimal strings compared by value (partition bounds, partition error keys). */

/** Sign, significant digits without leading or trailing zeros, and the exponent of the last digit. */
export function decimalParts(s: string): { readonly sign: number; readonly digits: string; readonly exp: number } | undefined {
  const m = /^([+-])?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(s.trim());
  if (!m || `${m[2] ?? ''}${m[3] ?? ''}` === '') return undefined;
  const frac = m[3] ?? '';
  let digits = `${m[2] ?? ''}${frac}`.replace(/^0+/, '');
  let exp = Number(m[4] ?? 0) - frac.length;
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    exp++;
  }
  return { sign: digits === '' ? 0 : m[1] === '-' ? -1 : 1, digits, exp };
}

export function canonicalDecimal(s: string): string | undefined {
  const p = decimalParts(s);
  return p && (p.sign === 0 ? '0' : `${p.sign < 0 ? '-' : ''}${p.digits}e${p.exp}`);
}

/** Orders two decimal strings by value (`'1.50'` equals `'1.5'`, `'1e3'` equals `'1000'`). */
export function compareDecimal(a: string, b: string): number {
  const x = decimalParts(a);
  const y = decimalParts(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  if (x.sign !== y.sign) return x.sign - y.sign;
  if (x.sign === 0) return 0;
  let mag = x.digits.length + x.exp - (y.digits.length + y.exp);
  if (mag === 0) {
    const n = Math.max(x.digits.length, y.digits.length);
    const dx = x.digits.padEnd(n, '0');
    const dy = y.digits.padEnd(n, '0');
    mag = dx < dy ? -1 : dx > dy ? 1 : 0;
  }
  return x.sign * Math.sign(mag);
}

/**
 * Escaping shared by the COPY text row encoder and the array codec.
 */

/**
 * Escapes one field for COPY text format: backslash, newline, carriage return and tab
 * (the only characters COPY text treats specially inside a field besides the `\N` marker,
 * which this turns into `\\N`, i.e. the literal string). Returns `s` itself when nothing
 * needs escaping, the common case, found with one char-code scan and no allocation.
 */
export function copyTextEscape(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    // backslash, or \b \t \n \v \f \r (8..13): escaped as the server's COPY TO escapes them
    if (c === 92 || (c >= 8 && c <= 13)) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let from = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c === 92) rep = '\\\\';
    else if (c === 10) rep = '\\n';
    else if (c === 13) rep = '\\r';
    else if (c === 9) rep = '\\t';
    else if (c === 8) rep = '\\b';
    else if (c === 11) rep = '\\v';
    else if (c === 12) rep = '\\f';
    else continue;
    out += s.slice(from, i) + rep;
    from = i + 1;
  }
  return out + s.slice(from);
}

/**
 * Quotes one element of an array literal: always double-quoted (so empty strings, `NULL`,
 * whitespace, commas and braces are taken literally), with `"` and `\` backslash-escaped.
 */
export function arrayLiteralQuote(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92) break;
  }
  if (i === n) return `"${s}"`;
  let out = '"' + s.slice(0, i);
  let from = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c !== 34 && c !== 92) continue;
    out += s.slice(from, i) + '\\';
    from = i;
  }
  return out + s.slice(from) + '"';
}

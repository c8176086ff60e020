/**
 * Every way a name or value from a schema (or from a database, through `pull`) is printed
 * into generated TypeScript: one function per output context. Templates and `pull` print
 * nothing derived from a SQL name without one of these. SQL identifiers and literals are
 * quoted by runtime/sql-quote.ts; names are derived by naming.ts.
 */
import { isIdentifierName } from './ts-identifier.ts';

const LINE_TERMINATORS = /[\r\n\u2028\u2029]/g;

function unicodeEscape(c: string): string {
  return `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`;
}

/**
 * Any JSON-representable value as a TypeScript expression. JSON.stringify alone is not
 * enough: it leaves U+2028/U+2029 raw, which the TypeScript scanner takes as a line break
 * ("Unterminated string literal"). Lone surrogates are already escaped by JSON.stringify.
 */
export function jsLiteral(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error(`jsLiteral: ${typeof value} has no literal`);
  return json.replace(/[\u2028\u2029]/g, unicodeEscape);
}

/** A JS/TS string literal, double-quoted. */
export function jsString(s: string): string {
  return jsLiteral(String(s));
}

/**
 * Text inside a block or doc comment, kept on one line: `*\/` cannot close the comment, line
 * terminators are shown as escapes (a name cannot start a new doc line or a `@tag`), and `@` is
 * escaped as TSDoc's `\@` so a name cannot add a tag (`@deprecated`, `@type`) to the doc.
 */
export function commentText(s: string): string {
  return String(s)
    .replace(/\\/g, '\\\\')
    .replace(/\*\//g, '*\\/')
    .replace(LINE_TERMINATORS, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : unicodeEscape(c)))
    .replace(/@/g, '\\@');
}

/**
 * Text of a line comment (`// …` in TypeScript, `-- …` in SQL): a line terminator would end
 * the comment and turn the rest into code, so each is shown as an escape.
 */
export function lineCommentText(s: string): string {
  return String(s).replace(/\\/g, '\\\\').replace(LINE_TERMINATORS, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : unicodeEscape(c)));
}

/**
 * The body of a template literal (between backticks): backslash, backtick and `${` escaped;
 * CR escaped too, since a template literal turns a raw CR or CRLF into LF.
 */
export function templateLiteralText(s: string): string {
  return String(s).replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/\r/g, '\\r');
}

/**
 * A property key in an object literal or interface: bare when it is an identifier name, else a
 * string literal; `__proto__` is computed (`["__proto__"]`), since in an object literal both
 * `__proto__:` and `"__proto__":` set the prototype instead of adding a property.
 */
export function propertyKey(name: string): string {
  if (name === '__proto__') return `[${jsString(name)}]`;
  return isIdentifierName(name) ? name : jsString(name);
}

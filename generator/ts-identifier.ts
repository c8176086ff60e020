/**
 * The TypeScript identifier rule, the one place for it: which names pgtwin may print bare
 * (as a property key, a field, an export) and which it must never derive.
 */

const IDENTIFIER_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Reserved words of JavaScript (strict mode and modules included) and TypeScript type names
 * that cannot name a binding or a type: an identifier pgtwin derives is never one of these.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'arguments', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'eval',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new',
  'null', 'package', 'private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof',
  'var', 'void', 'while', 'with', 'yield', 'undefined', 'NaN', 'Infinity',
  // TypeScript: predefined type names cannot be declared as types.
  'any', 'bigint', 'boolean', 'never', 'number', 'object', 'string', 'symbol', 'unknown', 'type', 'as', 'satisfies',
]);

/**
 * Names of Object.prototype members (`__proto__`, `constructor`, `toString`…): as a row field,
 * `row[field]` would read the prototype's member when the field is absent, and assigning
 * `__proto__` replaces the prototype instead of storing a value.
 */
export const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** An ASCII identifier name: letters, digits, `_` and `$`, not starting with a digit. */
export function isIdentifierName(s: string): boolean {
  return IDENTIFIER_NAME.test(s);
}

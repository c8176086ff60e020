/** Short, readable rendering of a rejected value for CodecError messages. */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'undefined':
    case 'boolean':
    case 'symbol':
      return String(v);
    case 'function':
      return 'a function';
    default:
      if (v === null) return 'null';
      if (Array.isArray(v)) return 'an array';
      if (v instanceof Date) return 'a Date';
      if (v instanceof Uint8Array) return 'a Uint8Array';
      return `an object (${Object.getPrototypeOf(v)?.constructor?.name ?? 'null prototype'})`;
  }
}

/** "expected a number, got "abc"" */
export function typeMismatch(expected: string, v: unknown): string {
  return `expected ${expected}, got ${describeValue(v)}`;
}

/** Arrays of one or more dimensions (rectangular, lower bounds 1), derived from any element codec. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { BinaryContext, ColumnCodec } from '../codec.ts';
import { arrayLiteralQuote } from './copy-text.ts';
import { typeMismatch } from './describe-value.ts';
import { arrayLiteralText } from './text-forms.ts';

function elementError(i: number, el: unknown, e: unknown): unknown {
  if (!(e instanceof CodecError)) return e;
  // Element codecs reject JS arrays unless arrays are valid values (json): only then is it a nested array.
  if (Array.isArray(el)) return new CodecError(`${RAGGED} (element 0 is not an array, element ${i} is)`);
  return new CodecError(`element ${i}: ${e.message}`);
}

/** PostgreSQL's own message for a ragged array. */
const RAGGED = 'multidimensional arrays must have array expressions with matching dimensions';
/** PostgreSQL's MAXDIM. */
const MAX_DIMENSIONS = 6;

/** A JS array, or undefined for PostgreSQL's text of one (then read by `literalOf`); anything else throws. */
function checkArray(v: unknown): readonly unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return undefined;
  throw new CodecError(typeMismatch('an array (or PostgreSQL\'s text of one)', v));
}

/**
 * PostgreSQL's text of an array ("{1,2,NULL}", "{{1,2},{3,4}}"): the slow path. Read as
 * array_in reads it, dimensions from the braces (not from the element type's declared count).
 */
function literalOf(s: string, element: ColumnCodec, delimiter: number): Flat {
  const { dims, items } = arrayLiteralText(s, delimiter);
  const fromText = element.elementFromText;
  return { dims, items: fromText === undefined ? items : items.map((t) => (t === null ? null : fromText(t))) };
}

interface Flat {
  readonly dims: readonly number[];
  readonly items: readonly unknown[];
}

/**
 * The dimensions of a nested JS array (from its first elements, at most `maxDepth` deep) and
 * its elements in row-major order; throws PostgreSQL's error when it is not rectangular.
 */
function flatten(a: readonly unknown[], maxDepth: number, elementTakesArrays: boolean): Flat {
  const dims = [a.length];
  let first: unknown = a[0];
  while (Array.isArray(first) && dims.length < maxDepth) {
    dims.push(first.length);
    first = first[0];
  }
  if (dims.length > MAX_DIMENSIONS) throw new CodecError(`number of array dimensions (${dims.length}) exceeds the maximum allowed (${MAX_DIMENSIONS})`);
  const items: unknown[] = [];
  const last = dims.length - 1;
  const walk = (x: readonly unknown[], depth: number, path: string): void => {
    if (x.length !== dims[depth]) throw new CodecError(`${RAGGED} (${path === '' ? 'the array' : `element ${path}`} has ${x.length} elements, expected ${dims[depth]})`);
    for (let i = 0; i < x.length; i++) {
      const el = x[i];
      if (depth < last) {
        if (!Array.isArray(el)) throw new CodecError(`${RAGGED} (element ${path}[${i}] is ${el === null || el === undefined ? 'NULL' : 'not an array'}, element [0]... is an array)`);
        walk(el, depth + 1, `${path}[${i}]`);
      } else {
        if (Array.isArray(el) && !elementTakesArrays) throw new CodecError(`${RAGGED} (element ${path}[${i}] is an array, element ${path}[0]... is not)`);
        items.push(el);
      }
    }
  };
  walk(a, 0, '');
  // array_in refuses "{{}}" (node-postgres's literal for [[]]): no dimension may be empty.
  if (items.length === 0) throw new CodecError(`an array with an empty sub-array has no PostgreSQL form (dimensions ${dims.join('x')}); pass [] for an empty array`);
  return { dims, items };
}

/** Element index as PostgreSQL names it in errors: [1][2] (1-based). */
function position(k: number, dims: readonly number[]): string {
  let out = '';
  for (let d = dims.length - 1; d >= 0; d--) {
    const len = dims[d] as number;
    out = `[${(k % len) + 1}]${out}`;
    k = Math.floor(k / len);
  }
  return out;
}

function multiElementError(k: number, dims: readonly number[], e: unknown): unknown {
  return e instanceof CodecError ? new CodecError(`element ${position(k, dims)}: ${e.message}`) : e;
}

export interface ArrayCodecOptions {
  /** The element type's typdelim, one ASCII character: `','`, except box (`';'`), whose text has commas, and raw types that say so. */
  readonly delimiter?: string;
  /**
   * Dimensions of an element type whose values may themselves be JS arrays (json, jsonb,
   * multiranges): nested arrays deeper than this are element values. Default 1. For other
   * element types every nested JS array is a dimension, as PostgreSQL ignores the declared count.
   */
  readonly dimensions?: number;
}

/**
 * Array codec over `element`. Elements may be null or undefined (NULL elements). Nested JS
 * arrays (or a "{{1,2},{3,4}}" literal) are a multi-dimensional array: rectangular, lower
 * bounds 1, at most 6 dimensions; a ragged one is refused with PostgreSQL's message.
 * `textIsCopySafe` is inherited from the element: every codec whose text is COPY-safe also
 * never produces a double quote (which the literal would escape with a backslash); the
 * enum codec accounts for quotes in its labels for this reason.
 * `delimiter`: the element type's typdelim, `','` except for box (`';'`), whose text has commas.
 */
export function arrayCodec(element: ColumnCodec, elementOid: number | ((ctx: BinaryContext) => number), options: ArrayCodecOptions = {}): ColumnCodec {
  const delimiter = options.delimiter ?? ',';
  const delim = delimiter.charCodeAt(0);
  // json and multiranges take a JS array as one value: for them nesting is only as declared.
  let elementTakesArrays = element.valuesAreArrays === true;
  if (!elementTakesArrays) try {
    element.toText([]);
    elementTakesArrays = true;
  } catch {
    // a CodecError: arrays are not values of this element type
  }
  const maxDepth = elementTakesArrays ? (options.dimensions ?? 1) : MAX_DIMENSIONS + 1;
  // Whether a value is multi-dimensional: one inline check of its first element keeps 1-D as fast as before.
  const mayNest = maxDepth > 1;

  function flatText({ dims, items }: Flat): string {
    if (dims.length === 0) return '{}';
    let k = 0;
    const level = (depth: number): string => {
      let out = '{';
      for (let i = 0; i < (dims[depth] as number); i++) {
        if (i > 0) out += delimiter;
        if (depth < dims.length - 1) {
          out += level(depth + 1);
          continue;
        }
        const el = items[k];
        if (el === null || el === undefined) out += 'NULL';
        else {
          try {
            out += arrayLiteralQuote(element.toText(el));
          } catch (e) {
            throw multiElementError(k, dims, e);
          }
        }
        k++;
      }
      return out + '}';
    };
    return level(0);
  }

  // Also the empty array: ndim 0, no null flag, the element type, no dimensions (array_send).
  function flatBinary(w: ByteWriter, { dims, items }: Flat, ctx: BinaryContext, oid: number): void {
    w.i32(dims.length);
    w.i32(items.some((el) => el === null || el === undefined) ? 1 : 0);
    w.u32(oid);
    for (const d of dims) {
      w.i32(d);
      w.i32(1);
    }
    for (let k = 0; k < items.length; k++) {
      const el = items[k];
      if (el === null || el === undefined) {
        w.i32(-1);
        continue;
      }
      const at = w.beginLength();
      try {
        element.writeBinary(w, el, ctx);
      } catch (e) {
        throw multiElementError(k, dims, e);
      }
      w.endLength(at);
    }
  }

  return {
    textIsCopySafe: element.textIsCopySafe,
    toText(v) {
      const a = checkArray(v);
      if (a === undefined) return flatText(literalOf(v as string, element, delim));
      if (mayNest && a.length > 0 && Array.isArray(a[0])) return flatText(flatten(a, maxDepth, elementTakesArrays));
      const n = a.length;
      if (n === 0) return '{}';
      let out = '{';
      for (let i = 0; i < n; i++) {
        const el = a[i];
        if (i > 0) out += delimiter;
        if (el === null || el === undefined) {
          out += 'NULL';
          continue;
        }
        try {
          out += arrayLiteralQuote(element.toText(el));
        } catch (e) {
          throw elementError(i, el, e);
        }
      }
      return out + '}';
    },
    // COPY text: the literal written straight into the buffer (no literal string, no escape pass).
    writeText(w: ByteWriter, v: unknown) {
      const a = checkArray(v);
      // Text of an array, or multi-dimensional: the slow path (the literal, then COPY escaping).
      if (a === undefined) {
        w.copyText(flatText(literalOf(v as string, element, delim)));
        return;
      }
      if (mayNest && a.length > 0 && Array.isArray(a[0])) {
        w.copyText(flatText(flatten(a, maxDepth, elementTakesArrays)));
        return;
      }
      const n = a.length;
      w.u8(123); // {
      for (let i = 0; i < n; i++) {
        const el = a[i];
        if (i > 0) w.u8(delim);
        if (el === null || el === undefined) {
          w.utf8('NULL');
          continue;
        }
        let text: string;
        try {
          text = element.toText(el);
        } catch (e) {
          throw elementError(i, el, e);
        }
        w.copyTextArrayElement(text);
      }
      w.u8(125); // }
    },
    writeBinary(w: ByteWriter, v: unknown, ctx: BinaryContext) {
      const a = checkArray(v);
      const oid = typeof elementOid === 'number' ? elementOid : elementOid(ctx);
      if (a === undefined) {
        flatBinary(w, literalOf(v as string, element, delim), ctx, oid);
        return;
      }
      if (mayNest && a.length > 0 && Array.isArray(a[0])) {
        flatBinary(w, flatten(a, maxDepth, elementTakesArrays), ctx, oid);
        return;
      }
      // The 1-D case, the common one, stays a loop of its own rather than a call of flatBinary:
      // no dims array, no flatten, its own element error (measured by npm run bench:columns).
      const n = a.length;
      if (n === 0) {
        // array_send of an empty array: ndim 0, no null flag, element type, no dimensions.
        w.i32(0);
        w.i32(0);
        w.u32(oid);
        return;
      }
      let hasNull = 0;
      for (let i = 0; i < n; i++) {
        if (a[i] === null || a[i] === undefined) {
          hasNull = 1;
          break;
        }
      }
      w.i32(1);
      w.i32(hasNull);
      w.u32(oid);
      w.i32(n);
      w.i32(1);
      for (let i = 0; i < n; i++) {
        const el = a[i];
        if (el === null || el === undefined) {
          w.i32(-1);
          continue;
        }
        const at = w.beginLength();
        try {
          element.writeBinary(w, el, ctx);
        } catch (e) {
          throw elementError(i, el, e);
        }
        w.endLength(at);
      }
    },
    // Elementwise keys, without the element OID (which an enum array would have to look up).
    // A multi-dimensional key starts with minus its dimension count, then the dimensions:
    // '{{1,2}}' and '{1,2}' differ, as array_eq says.
    writeKey(w: ByteWriter, v: unknown) {
      const given = checkArray(v);
      const flat = given === undefined ? literalOf(v as string, element, delim) : mayNest && given.length > 0 && Array.isArray(given[0]) ? flatten(given, maxDepth, elementTakesArrays) : undefined;
      if (flat !== undefined && flat.dims.length > 1) {
        w.i32(-flat.dims.length);
        for (const d of flat.dims) w.i32(d);
      }
      const a = flat === undefined ? (given as readonly unknown[]) : flat.items;
      w.i32(a.length);
      for (let i = 0; i < a.length; i++) {
        const el = a[i];
        if (el === null || el === undefined) {
          w.i32(-1);
          continue;
        }
        const at = w.beginLength();
        try {
          if (element.writeKey) element.writeKey(w, el);
          else element.writeBinary(w, el, NO_TYPE_OIDS);
        } catch (e) {
          throw elementError(i, el, e);
        }
        w.endLength(at);
      }
    },
  };
}

const NO_TYPE_OIDS: BinaryContext = { typeOids: new Map() };

/** One-dimensional arrays, derived from any element codec. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { BinaryContext, ColumnCodec } from '../codec.ts';
import { arrayLiteralQuote } from './copy-text.ts';
import { typeMismatch } from './describe-value.ts';
import { arrayLiteralText } from './text-forms.ts';

function elementError(i: number, el: unknown, e: unknown): unknown {
  if (!(e instanceof CodecError)) return e;
  // Element codecs reject JS arrays unless arrays are valid values (json): only then is it a nested array.
  if (Array.isArray(el)) return new CodecError(`element ${i} is an array: only one-dimensional arrays are supported`);
  return new CodecError(`element ${i}: ${e.message}`);
}

function checkArray(v: unknown, element: ColumnCodec, delimiter: number): readonly unknown[] {
  if (Array.isArray(v)) return v;
  // PostgreSQL's text of an array ("{1,2,NULL}"): the slow path.
  if (typeof v === 'string') {
    const items = arrayLiteralText(v, delimiter);
    const fromText = element.elementFromText;
    return fromText === undefined ? items : items.map((t) => (t === null ? null : fromText(t)));
  }
  throw new CodecError(typeMismatch('an array (or PostgreSQL\'s text of one)', v));
}

/**
 * Array codec over `element`. Elements may be null or undefined (NULL elements).
 * `textIsCopySafe` is inherited from the element: every codec whose text is COPY-safe also
 * never produces a double quote (which the literal would escape with a backslash); the
 * enum codec accounts for quotes in its labels for this reason.
 * `delimiter`: the element type's typdelim, `','` except for box (`';'`), whose text has commas.
 */
export function arrayCodec(element: ColumnCodec, elementOid: number | ((ctx: BinaryContext) => number), delimiter: ',' | ';' = ','): ColumnCodec {
  const delim = delimiter.charCodeAt(0);
  return {
    textIsCopySafe: element.textIsCopySafe,
    toText(v) {
      const a = checkArray(v, element, delim);
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
      const a = checkArray(v, element, delim);
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
      const a = checkArray(v, element, delim);
      const oid = typeof elementOid === 'number' ? elementOid : elementOid(ctx);
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
    writeKey(w: ByteWriter, v: unknown) {
      const a = checkArray(v, element, delim);
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

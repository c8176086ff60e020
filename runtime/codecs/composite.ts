/** Composite types (`CREATE TYPE pair AS (a int4, b text)`): a JS object with the type's fields. */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { BinaryContext, ColumnCodec, TypeParams } from '../codec.ts';
import { describeValue } from './describe-value.ts';

/** One field of a composite type as its codec needs it. */
export interface CompositeField {
  /** The attribute's SQL name, also the key of the JS object. */
  readonly name: string;
  readonly codec: ColumnCodec;
  /** The field type's OID, or its SQL name when it differs per database (enums, domains, composites), looked up per connection. */
  readonly oid: number | string;
}

const NO_TYPE_OIDS: BinaryContext = { typeOids: new Map() };

/** record_out's rule: a field is quoted when empty or holding a quote, backslash, parenthesis, comma or C isspace() (ASCII only). */
const NEEDS_QUOTES = /^$|[",\\() \t\n\v\f\r]/;

function recordQuote(text: string): string {
  // record_out doubles a quote or backslash inside quotes (record_in also reads a backslash escape).
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/["\\]/g, '$&$&')}"` : text;
}

/**
 * Codec of a composite type: `p.compositeName` and `p.compositeFields` (in attribute order).
 * Every field may be NULL (undefined or null); a key that is not a field is refused, as a row's
 * unknown fields are.
 */
/**
 * The field texts of a record literal as record_in reads it (`(1,"a ""b""",)`: an empty
 * unquoted field is NULL; quotes group, `""` inside quotes and a backslash escape one character).
 * node-postgres returns composites as this text, so it is valid input.
 */
function recordFieldTexts(s: string, name: string, count: number): (string | null)[] {
  const bad = (why: string) => new CodecError(`malformed record literal for composite type ${name}: ${why} (${JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s)})`);
  let i = 0;
  while (i < s.length && /\s/.test(s[i] as string)) i++;
  if (s[i] !== '(') throw bad('missing "("');
  i++;
  const out: (string | null)[] = [];
  for (;;) {
    if (s[i] === ',' || s[i] === ')') out.push(null);
    else {
      let t = '';
      let quoted = false;
      for (;;) {
        if (i >= s.length) throw bad('unexpected end of input');
        const c = s[i] as string;
        if (c === '\\') {
          if (i + 1 >= s.length) throw bad('unexpected end of input');
          t += s[i + 1];
          i += 2;
        } else if (c === '"') {
          if (quoted && s[i + 1] === '"') {
            t += '"';
            i += 2;
          } else {
            quoted = !quoted;
            i++;
          }
        } else if (!quoted && (c === ',' || c === ')')) break;
        else {
          t += c;
          i++;
        }
      }
      out.push(t);
    }
    if (s[i] === ',') {
      i++;
      continue;
    }
    i++; // ')'
    break;
  }
  if (s.slice(i).trim() !== '') throw bad('junk after ")"');
  if (out.length !== count) throw bad(out.length < count ? 'too few columns' : 'too many columns');
  return out;
}

export function compositeCodec(p: TypeParams): ColumnCodec {
  const name = p.compositeName ?? 'composite';
  const fields = p.compositeFields ?? [];
  const known = new Set(fields.map((f) => f.name));
  const check = (v: unknown): Record<string, unknown> => {
    // PostgreSQL's text of a record (what node-postgres returns for a composite): its fields as their text.
    if (typeof v === 'string') {
      const texts = recordFieldTexts(v, name, fields.length);
      const o: Record<string, unknown> = {};
      fields.forEach((f, i) => {
        const t = texts[i];
        o[f.name] = t === null || t === undefined ? null : f.codec.elementFromText ? f.codec.elementFromText(t) : t;
      });
      return o;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date || ArrayBuffer.isView(v)) {
      throw new CodecError(`${describeValue(v)} is not an object with the fields of composite type ${name} (${fields.map((f) => f.name).join(', ')})`);
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!known.has(k) && o[k] !== undefined) throw new CodecError(`unknown field "${k}" of composite type ${name} (its fields: ${fields.map((f) => f.name).join(', ')})`);
    }
    return o;
  };
  const fieldError = (f: CompositeField, e: unknown): unknown => (e instanceof CodecError ? new CodecError(`field ${f.name}: ${e.message}`) : e);
  const toText = (v: unknown): string => {
    const o = check(v);
    let out = '(';
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as CompositeField;
      if (i > 0) out += ',';
      const x = o[f.name];
      if (x === null || x === undefined) continue; // an empty field is NULL
      try {
        out += recordQuote(f.codec.toText(x));
      } catch (e) {
        throw fieldError(f, e);
      }
    }
    return `${out})`;
  };
  return {
    textIsCopySafe: false,
    toText,
    writeText: (w: ByteWriter, v: unknown) => w.copyText(toText(v)),
    // A key compares field by field (record_cmp, as a unique index does: NULL fields equal each
    // other): each field's key bytes, -1 for NULL, no OIDs (a nested enum or composite would look them up).
    writeKey(w: ByteWriter, v: unknown) {
      const o = check(v);
      for (const f of fields) {
        const x = o[f.name];
        if (x === null || x === undefined) {
          w.i32(-1);
          continue;
        }
        const at = w.beginLength();
        try {
          if (f.codec.writeKey) f.codec.writeKey(w, x);
          else f.codec.writeBinary(w, x, NO_TYPE_OIDS);
        } catch (e) {
          throw fieldError(f, e);
        }
        w.endLength(at);
      }
    },
    // record_recv: field count, then per field its type OID (checked against the attribute's) and its value.
    writeBinary(w: ByteWriter, v: unknown, ctx: BinaryContext) {
      const o = check(v);
      w.i32(fields.length);
      for (const f of fields) {
        let oid = f.oid;
        if (typeof oid === 'string') {
          const known = ctx.typeOids.get(oid);
          if (!known) throw new CodecError(`the OID of type ${oid} (field ${f.name} of ${name}) is unknown: pass typeOids to copyRows, or use copyInto`);
          oid = known.oid;
        }
        w.u32(oid);
        const x = o[f.name];
        if (x === null || x === undefined) {
          w.i32(-1);
          continue;
        }
        const at = w.beginLength();
        try {
          f.codec.writeBinary(w, x, ctx);
        } catch (e) {
          throw fieldError(f, e);
        }
        w.endLength(at);
      }
    },
  };
}

/** json and jsonb. */
import { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue } from './describe-value.ts';
import { writeJson, writeRawJson, type JsonWriteMode } from './json-writer.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Text that is already JSON, written as is (no re-serialisation). Create it with `jsonText()`. */
export class JsonText {
  constructor(readonly text: string) {}

  /** Raw JSON cannot be spliced into a JS value by JSON.stringify: only a whole column value can be JsonText. */
  toJSON(): never {
    throw new CodecError('jsonText() can only be a whole column value, not nested inside another value');
  }
}

/** Marks `text` as JSON already: the column stores it as is, instead of as a JSON string. */
export function jsonText(text: string): JsonText {
  if (typeof text !== 'string') throw new CodecError(`jsonText() takes a string, got ${describeValue(text)}`);
  return new JsonText(text);
}

/** What a json/jsonb column accepts: any JSON value (a JS string is a JSON string), or raw JSON via `jsonText()`. */
export type JsonInput = JsonValue | JsonText;

const BINARY_MODE: JsonWriteMode = { jsonb: false, copyText: false };
const BINARY_JSONB_MODE: JsonWriteMode = { jsonb: true, copyText: false };
const TEXT_MODE: JsonWriteMode = { jsonb: false, copyText: true };
const TEXT_JSONB_MODE: JsonWriteMode = { jsonb: true, copyText: true };
const KEY_JSONB_MODE: JsonWriteMode = { jsonb: true, copyText: false, sortKeys: true };

/** toText's buffer (array elements, UNNEST literals): the same serialiser as COPY, then decoded. */
let scratch = new ByteWriter(1 << 10);
const SCRATCH_KEEP_BYTES = 1 << 20;

function jsonCodec(jsonb: boolean): ColumnCodec {
  const binaryMode = jsonb ? BINARY_JSONB_MODE : BINARY_MODE;
  const textMode = jsonb ? TEXT_JSONB_MODE : TEXT_MODE;
  return {
    textIsCopySafe: false,
    toText(v: unknown): string {
      scratch.pos = 0;
      try {
        if (v instanceof JsonText) {
          // Validated as COPY validates it (the bytes are dropped): raw JSON is its own text.
          writeRawJson(scratch, v.text, binaryMode);
          return v.text;
        }
        writeJson(scratch, v, binaryMode);
        return scratch.buf.toString('utf8', 0, scratch.pos);
      } finally {
        // One huge value must not pin its buffer for the life of the process.
        if (scratch.buf.length > SCRATCH_KEEP_BYTES) scratch = new ByteWriter(1 << 10);
      }
    },
    writeBinary(w: ByteWriter, v: unknown) {
      // jsonb_send/jsonb_recv: format version 1, then the JSON text.
      if (jsonb) w.u8(1);
      if (v instanceof JsonText) writeRawJson(w, v.text, binaryMode);
      else writeJson(w, v, binaryMode);
    },
    writeText(w: ByteWriter, v: unknown) {
      if (v instanceof JsonText) writeRawJson(w, v.text, textMode);
      else writeJson(w, v, textMode);
    },
    // In an array literal's text ('{"{\\"a\\": 1}"}') an element is JSON text.
    elementFromText: (text: string) => new JsonText(text),
    // jsonb equality ignores key order: keys compare in a sorted form. (json has no equality
    // operator, so it cannot be a key.) Raw jsonText is compared as written: parsing it here
    // could merge numbers beyond a double's precision, so two spellings of one value count
    // as two keys and the server, not pgtwin, reports the duplicate.
    ...(jsonb
      ? {
          writeKey(w: ByteWriter, v: unknown) {
            if (v instanceof JsonText) writeRawJson(w, v.text, binaryMode);
            else writeJson(w, v, KEY_JSONB_MODE);
          },
        }
      : {}),
  };
}

export function json(): ColumnCodec {
  return jsonCodec(false);
}

export function jsonb(): ColumnCodec {
  return jsonCodec(true);
}

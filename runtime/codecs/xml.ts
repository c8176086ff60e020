/** xml and jsonpath: text the server parses itself. */
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue } from './describe-value.ts';
import { checkString } from './strings.ts';

/**
 * An XML value as text (node-postgres returns it so). Only the string is checked here;
 * well-formedness (as a document or content, per the server's xmloption) is checked by the
 * server, which fails the statement with nothing stored.
 */
export type XmlInput = string;

/** An encoding declaration other than UTF-8 would make xml_recv read our UTF-8 bytes in that encoding. */
const ENCODING_DECL = /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([^"']*)["']/;

function checkXml(v: unknown): string {
  const s = checkString(v);
  const m = ENCODING_DECL.exec(s);
  if (m !== null && !/^utf-?8$/i.test(m[1] as string)) {
    throw new CodecError(`${describeValue(s)} declares encoding "${m[1]}"; pass the text without it (JS strings are Unicode, sent as UTF-8)`);
  }
  return s;
}

export function xml(): ColumnCodec {
  return {
    textIsCopySafe: false,
    toText: checkXml,
    writeText: (w, v) => w.copyText(checkXml(v)),
    // xml_send/xml_recv: the text in the client encoding (UTF-8 here).
    writeBinary: (w, v) => w.utf8(checkXml(v)),
  };
}

/** A SQL/JSON path expression as text ("$.a[*] ? (@ > 1)"); its syntax is checked by the server. */
export type JsonpathInput = string;

export function jsonpath(): ColumnCodec {
  return {
    textIsCopySafe: false,
    toText: checkString,
    writeText: (w, v) => w.copyText(checkString(v)),
    writeBinary(w, v) {
      const s = checkString(v);
      // jsonpath_recv: a version byte (1), then the text.
      w.u8(1);
      w.utf8(s);
    },
  };
}

/** One-dimensional arrays, enums, and the escaping helpers they share with the row encoder. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BinaryContext } from '@pgtwin/runtime/internal/codec';
import { arrayCodec, arrayLiteralQuote, copyTextEscape, enumCodec, int4, int8, json, text } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, encodeBinary, expectRejected } from './codec-harness.ts';

const db = useTestDatabase();

describe('copyTextEscape', () => {
  it('escapes backslash, newline, carriage return and tab only', () => {
    expect(copyTextEscape('plain "text", {x}')).toBe('plain "text", {x}');
    expect(copyTextEscape('\\N')).toBe('\\\\N');
    expect(copyTextEscape('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyTextEscape('\n\n')).toBe('\\n\\n');
    expect(copyTextEscape('')).toBe('');
  });
});

describe('arrayLiteralQuote', () => {
  it('always double-quotes, escaping " and \\ with a backslash', () => {
    expect(arrayLiteralQuote('')).toBe('""');
    expect(arrayLiteralQuote('NULL')).toBe('"NULL"');
    expect(arrayLiteralQuote('a,b {c}')).toBe('"a,b {c}"');
    expect(arrayLiteralQuote('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
    expect(arrayLiteralQuote('""')).toBe('"\\"\\""');
  });
});

describe('arrayCodec', () => {
  it('writes the literal and array_send layout', () => {
    const a = arrayCodec(int4(), 23);
    expect(a.toText([1, null, -2, undefined])).toBe('{"1",NULL,"-2",NULL}');
    expect(a.toText([])).toBe('{}');
    expect(encodeBinary(a, []).toString('hex')).toBe('000000000000000000000017');
    expect(encodeBinary(a, [7, null]).toString('hex')).toBe('00000001' + '00000001' + '00000017' + '00000002' + '00000001' + '0000000400000007' + 'ffffffff');
    expect(a.textIsCopySafe).toBe(true);
    expect(arrayCodec(text(), 25).textIsCopySafe).toBe(false);
  });
  it('reads an array literal as array_in does: only a bare NULL is a null element', async () => {
    // An escaped character (`\NULL`, `NUL\L`) or quotes make the element the string NULL.
    const literals = ['{\\NULL}', '{NUL\\L}', '{"NULL",NULL}', '{ null ,a}', '{\\N,"",x\\ }'];
    const codec = arrayCodec(text(), 25);
    for (const literal of literals) {
      const server = (await db.client.query<{ a: (string | null)[] }>('select $1::text[] as a', [literal])).rows[0]?.a;
      const ours = (await db.client.query<{ a: (string | null)[] }>('select $1::text[] as a', [codec.toText(literal)])).rows[0]?.a;
      expect(ours, literal).toEqual(server);
    }
  });
  it('rejects non-arrays, nested arrays and bad elements, naming the element', () => {
    expectRejected(arrayCodec(int4(), 23), [
      ['[0:1]={1,2}', /dimension decorations with lower bound 0 are not supported: pgtwin stores arrays with lower bound 1/],
      ['[1:3]={1,2}', /specified array dimensions 3 do not match array contents \(2\)/],
      ['{1,2', /"\{1,2" is not an array literal \(unexpected end of input\)/],
      ['{1,,2}', /unexpected ",": an empty element/],
      ['{1,2} x', /junk after closing right brace/],
      ['{1,x}', /element \[2\]: "x" is not a integer/],
      [new Set([1]), /expected an array \(or PostgreSQL's text of one\)/],
      [[1, [2, 3]], /multidimensional arrays must have array expressions with matching dimensions \(element 0 is not an array, element 1 is\)/],
      [[1, 'x'], /element 1: "x" is not a integer/],
      [[1, 2, 2 ** 40], /element 2: .* out of range for integer/],
    ]);
  });
  it('keeps JSON arrays as json elements (one dimension of json values)', async () => {
    await checkRoundTrip(db.client, {
      sqlType: 'json[]',
      codec: arrayCodec(json(), 114),
      samples: [[[1, 2], { a: [3] }, 'x', null], [[]]],
      plainInsert: false,
      canonical: true,
    });
  });
  it('holds large arrays and arrays of NULLs only', async () => {
    const big = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? null : BigInt(i) * 1000000007n));
    await checkRoundTrip(db.client, {
      sqlType: 'int8[]',
      codec: arrayCodec(int8(), 20),
      samples: [big, [null, null], [undefined]],
      plainInsert: true,
      canonical: true,
    });
  });
});

describe('enum', () => {
  const labels = ['happy', 'sad', 'so-so', 'with space', 'comma,brace{}', 'quo"te', 'back\\slash', 'tab\there', '😀', ''];
  const ctx: { value: BinaryContext } = { value: { typeOids: new Map() } };
  beforeAll(async () => {
    const list = labels.map((l) => `'${l.replace(/'/g, "''")}'`).join(', ');
    await db.client.query(`create type "Mood" as enum (${list})`);
    const { rows } = await db.client.query<{ oid: number; typarray: number }>(`select oid, typarray from pg_type where typname = 'Mood'`);
    ctx.value = { typeOids: new Map([['"Mood"', { oid: rows[0]!.oid, arrayOid: rows[0]!.typarray }]]) };
  });
  const codec = enumCodec({ enumName: '"Mood"', labels });
  it('stores labels through all insert paths, arrays taking the element OID from the context', async () => {
    await checkTypeAndArray(
      db.client,
      { sqlType: '"Mood"', codec, samples: labels, plainInsert: true, arrayPlainInsert: true, canonical: true, ctx: ctx.value },
      (c) => c.typeOids.get('"Mood"')!.oid,
    );
  });
  it('is COPY-safe only when no label needs escaping or array quoting', () => {
    expect(codec.textIsCopySafe).toBe(false);
    expect(enumCodec({ enumName: 'e', labels: ['a', 'b c', 'd,e'] }).textIsCopySafe).toBe(true);
    expect(enumCodec({ enumName: 'e', labels: ['a"'] }).textIsCopySafe).toBe(false);
  });
  it('rejects values that are not labels, listing some', () => {
    expectRejected(
      codec,
      [
        ['Happy', /"Happy" is not a label of enum "Mood" \("happy", "sad", "so-so", "with space", "comma,brace\{\}", \.\.\.\)/],
        [1, /1 is not a label/],
        [null, /null is not a label/],
      ],
      ctx.value,
    );
  });
});

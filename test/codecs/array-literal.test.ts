/**
 * PostgreSQL's text of an array (what node-postgres returns for array types it does not parse)
 * is read exactly as the server's array_in reads it: any number of dimensions, quoting,
 * backslash escapes, NULL vs "NULL", dimension decorations with lower bound 1, and the element
 * type's delimiter (box: ";", between elements and between sub-arrays). The server is the oracle:
 * each literal must store, through binary COPY, text COPY and UNNEST, what `$1::type` stores.
 */
import { describe, expect, it } from 'vitest';
import { arrayCodec, box, int4, text } from '@pgtwin/runtime/internal/codecs/index';
import type { ColumnCodec } from '@pgtwin/runtime/internal/codec';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, expectRejected } from './codec-harness.ts';

const db = useTestDatabase();

interface LiteralCase {
  readonly sqlType: string;
  readonly codec: ColumnCodec;
  readonly literals: readonly string[];
  /** Literals the server refuses, with the reason pgtwin gives before sending. */
  readonly refused: readonly (readonly [string, RegExp])[];
  /**
   * Sub-arrays of different depths: PostgreSQL 15 and 16 misread these (array_in's old
   * ArrayCount: '{{{a}},{b}}' is stored as '{}', '{{a},{{b,c}}}' as '{{{a,NULL}},{{b,c}}}'),
   * 17 and later refuse them (array_in rewritten, "Multidimensional arrays must have sub-arrays
   * with matching dimensions"). pgtwin refuses them on every version. Also '{{}}', which 15 and
   * 16 refuse and 17 and later read as '{}' (checked on 15 and on the embedded 18), and a lower
   * bound other than 1, which the server stores and pgtwin does not (its arrays all start at 1).
   */
  readonly malformed?: readonly (readonly [string, RegExp])[];
}

const boxes = arrayCodec(box(), 603, { delimiter: ';', dimensions: 2 });

const cases: readonly LiteralCase[] = [
  {
    sqlType: 'text[]',
    codec: arrayCodec(text(), 25, { dimensions: 2 }),
    literals: [
      '{{"a,b","c}d"},{"e\\"f","g\\\\h"}}',
      '{{NULL,"NULL"},{null,N\\ULL}}',
      ' { { a b , c } , { "d" , e\\  } } ',
      '{{"{x}","y;z"},{"",\\,}}',
      '[1:2][1:1]={{x},{y}}',
      '[2]={"a",b}',
      '{{{a}},{{b}}}',
      '{{{{{{1}}}}}}',
      '{a;b,c}',
      '{}',
      ' { } ',
    ],
    refused: [
      ['{{a,b},{c}}', /multidimensional arrays must have sub-arrays with matching dimensions: 1 elements where the first sub-array has 2/],
      ['{{a}{b}}', /expected "," or "}", found "\{"/],
      ['{a"b"}', /unexpected quote or brace inside an element/],
      ['{"a"b}', /expected "," or "}", found "b"/],
      ['{{{{{{{1}}}}}}}', /number of array dimensions \(7\) exceeds the maximum allowed \(6\)/],
      ['{{a},{b,{c}}}', /unexpected "\{": a sub-array beside an element/],
      ['[1:2]={a}', /specified array dimensions 2 do not match array contents \(1\)/],
      ['{a\\}', /unexpected end of input/],
      ['{{a},{b}} c', /junk after closing right brace/],
    ],
    malformed: [
      ['[0:1]={a,b}', /lower bound 0 are not supported/],
      ['{{}}', /empty sub-array/],
      ['{{a},{{b}}}', /unexpected "\{": a sub-array beside an element/],
      ['{{{a}},{b}}', /unexpected array element: an element beside a sub-array/],
      ['{{a},{{b,c}}}', /unexpected "\{": a sub-array beside an element/],
    ],
  },
  {
    sqlType: 'int4[]',
    codec: arrayCodec(int4(), 23),
    literals: ['{{1,2},{3,NULL}}', '{{{ 1 },{2}},{{3},{"4"}}}', '[1:1][1:2]={{-0,+7}}'],
    refused: [['{{1,2},{3,x}}', /element \[2\]\[2\]: "x" is not a integer/]],
  },
  {
    sqlType: 'box[]',
    codec: boxes,
    literals: [
      // As the server prints a 2-D box array (node-postgres returns it unparsed).
      '{{(3,4),(1,2);(0,0),(-1,-1)};{NULL;(5,5),(5,5)}}',
      '{{"(1,2),(3,4)";" ( 0 , 0 ) , ( 1 , 1 ) "}}',
      '{(1,2),(3,4);NULL}',
      // Three dimensions in the text: the text decides, not the declared count.
      '{{{(1,1),(0,0)}};{{(2,2),(0,0)}}}',
      '[1:1][1:2]={{(1,1),(0,0);"(2,2),(0,0)"}}',
      '{}',
    ],
    refused: [
      // "," is not box's delimiter: after a sub-array the server wants ";" or "}".
      ['{{(1,2),(3,4)},{(5,6),(7,8)}}', /expected ";" or "}", found ","/],
      ['{{(1,1),(0,0)};{(1,1),(0,0);(2,2),(3,3)}}', /multidimensional arrays must have sub-arrays with matching dimensions/],
      // With "," inside an unquoted element the element is not a box.
      ['{(1,2),(3,4),(5,6),(7,8)}', /element \[1\]: .*not a box/],
    ],
  },
];

describe('array literals: read as array_in reads them (server as oracle)', () => {
  for (const tc of cases) {
    it(`${tc.sqlType}: every literal stores what $1::${tc.sqlType} stores, through binary COPY, text COPY and UNNEST`, async () => {
      const samples = [];
      for (const literal of tc.literals) {
        const { rows } = await db.client.query<{ t: string }>(`select $1::${tc.sqlType}::text as t`, [literal]);
        samples.push({ value: literal, expect: rows[0]?.t as string });
      }
      await checkRoundTrip(db.client, { sqlType: tc.sqlType, codec: tc.codec, samples, plainInsert: true, canonical: true });
    });
    it(`${tc.sqlType}: what the server refuses is refused before sending, with the reason`, async () => {
      for (const [literal] of tc.refused) {
        await expect(db.client.query(`select $1::${tc.sqlType}`, [literal]), literal).rejects.toThrow(/malformed array literal|number of array dimensions|invalid input syntax|lower bound|dimensions/);
      }
      expectRejected(tc.codec, tc.refused);
      expectRejected(tc.codec, tc.malformed ?? []);
    });
  }

  it('box[][] given as JS values is written with ";" between elements and sub-arrays alike', () => {
    const corner = (x: number, y: number) => ({ x, y });
    expect(boxes.toText([[[corner(1, 2), corner(3, 4)], null], ['(0,0),(1,1)', '(2,2),(3,3)']])).toBe('{{"(3,4),(1,2)";NULL};{"(1,1),(0,0)";"(3,3),(2,2)"}}');
  });
});

/** Multi-dimensional arrays: nested JS arrays and "{{...}}" literals, rectangular, lower bounds 1. */
import { describe, expect, it } from 'vitest';
import { arrayCodec, box, int4, int4multirange, json, jsonb, numeric, text, timestamptz } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, encodeBinary, expectKeysMatchServer, expectRejected } from './codec-harness.ts';

const db = useTestDatabase();

describe('multi-dimensional arrays', () => {
  it('int4[][]: 2 to 6 dimensions, NULL elements, literals, all through every insert path', async () => {
    await checkRoundTrip(db.client, {
      sqlType: 'int4[][]',
      codec: arrayCodec(int4(), 23),
      samples: [
        { value: [[1, 2], [3, 4]], expect: '{{1,2},{3,4}}' },
        { value: [[1, null], [undefined, 4], [5, 6]], expect: '{{1,NULL},{NULL,4},{5,6}}' },
        { value: [[[1], [2]], [[3], [4]]], expect: '{{{1},{2}},{{3},{4}}}' },
        { value: [[[[[[7, 8]]]]]], expect: '{{{{{{7,8}}}}}}' },
        { value: [[1, 2, 3]], expect: '{{1,2,3}}' },
        { value: [[null]], expect: '{{NULL}}' },
        { value: ' { { 1 , 2 } , {"3",NULL} } ', expect: '{{1,2},{3,NULL}}' },
        { value: '{{{1}},{{2}}}', expect: '{{{1}},{{2}}}' },
        { value: [1, 2], expect: '{1,2}' },
        { value: [], expect: '{}' },
      ],
      plainInsert: false,
      canonical: true,
    });
  });
  it('matches node-postgres\'s own parameter for nested arrays', async () => {
    await checkRoundTrip(db.client, { sqlType: 'int4[]', codec: arrayCodec(int4(), 23), samples: [[[1, 2], [3, 4]], [[[null]]]], plainInsert: true, canonical: true });
    await checkRoundTrip(db.client, { sqlType: 'text[]', codec: arrayCodec(text(), 25), samples: [[['a b', '"q"'], ['back\\slash', 'NULL']], [['tab\there', '{}', ',']]], plainInsert: true, canonical: true });
  });
  it('other element types: text escaping, numeric scale, timestamptz', async () => {
    await checkRoundTrip(db.client, {
      sqlType: 'text[]',
      codec: arrayCodec(text(), 25),
      samples: [[['a', null], ['', 'x\ny']], '{{"a\\\\b","c"},{NULL,"NULL"}}'],
      plainInsert: false,
      canonical: true,
    });
    await checkRoundTrip(db.client, { sqlType: 'numeric[]', codec: arrayCodec(numeric({}), 1700), samples: [[['1.50', '-0'], ['NaN', 3n]]], plainInsert: false, canonical: true });
    await checkRoundTrip(db.client, {
      sqlType: 'timestamptz[]',
      codec: arrayCodec(timestamptz(), 1184),
      samples: [[[new Date('2020-01-01T00:00:00Z'), 'infinity'], ['2020-01-01 05:30:00+05:30', null]]],
      plainInsert: false,
      canonical: true,
    });
  });
  it("box[][] given as the server's text (node-postgres returns it so): elements split at box's delimiter \";\"", async () => {
    // Printed by the server for ARRAY[[box '(3,4),(1,2)', box '(5,6),(0,0)']].
    const printed = '{{(3,4),(1,2);(5,6),(0,0)}}';
    await checkRoundTrip(db.client, {
      sqlType: 'box[][]',
      codec: arrayCodec(box(), 603, { delimiter: ';', dimensions: 2 }),
      samples: [{ value: printed, expect: printed }, { value: '  { { "(1,1),(0,0)" ; (2,2),(1,1) } ; {NULL;(4,4),(3,3)} } ', expect: '{{(1,1),(0,0);(2,2),(1,1)};{NULL;(4,4),(3,3)}}' }],
      plainInsert: true,
      canonical: true,
    });
  });
  it('json, jsonb and multiranges: a nested JS array is a value unless the dimensions say otherwise', async () => {
    await checkRoundTrip(db.client, { sqlType: 'json[]', codec: arrayCodec(json(), 114), samples: [{ value: [[1, 2], [3]], expect: '{"[1,2]",[3]}' }], plainInsert: false, canonical: true });
    await checkRoundTrip(db.client, {
      sqlType: 'jsonb[][]',
      codec: arrayCodec(jsonb(), 3802, { dimensions: 2 }),
      samples: [{ value: [[[1, 2], { a: 1 }], [null, 'x']], expect: '{{"[1, 2]","{\\"a\\": 1}"},{NULL,"\\"x\\""}}' }, { value: [[1]], expect: '{{1}}' }],
      plainInsert: false,
      // jsonb_send prints the server's spacing; ours is compact (same stored value).
      canonical: false,
    });
    await checkRoundTrip(db.client, {
      sqlType: 'int4multirange[]',
      codec: arrayCodec(int4multirange(), 4451),
      samples: [{ value: [['[1,2)', '[5,6)'], []], expect: '{"{[1,2),[5,6)}","{}"}' }],
      plainInsert: false,
      canonical: true,
    });
    await checkRoundTrip(db.client, {
      sqlType: 'int4multirange[][]',
      codec: arrayCodec(int4multirange(), 4451, { dimensions: 2 }),
      samples: [{ value: [[['[1,2)'], []]], expect: '{{"{[1,2)}","{}"}}' }],
      plainInsert: false,
      canonical: true,
    });
  });
  it('writes array_send\'s dimensions with lower bounds 1', () => {
    expect(encodeBinary(arrayCodec(int4(), 23), [[1], [null]]).toString('hex')).toBe(
      '00000002' + '00000001' + '00000017' + '00000002' + '00000001' + '00000001' + '00000001' + '00000004' + '00000001' + 'ffffffff',
    );
  });
  it('refuses ragged arrays before sending, as the server refuses them', async () => {
    await expect(db.client.query('select array[array[1,2], array[3]]')).rejects.toThrow(/multidimensional arrays must have array expressions with matching dimensions/);
    await expect(db.client.query(`select '{{1,2},{3}}'::int4[]`)).rejects.toThrow(/malformed array literal/);
    await expect(db.client.query(`select '{{}}'::int4[]`)).rejects.toThrow(/malformed array literal/);
    await expect(db.client.query(`select '{{{{{{{1}}}}}}}'::int4[]`)).rejects.toThrow(/number of array dimensions \(7\) exceeds the maximum allowed \(6\)/);
    expectRejected(arrayCodec(int4(), 23), [
      [[[1, 2], [3]], /multidimensional arrays must have array expressions with matching dimensions \(element \[1\] has 1 elements, expected 2\)/],
      [[[1, 2], 3], /matching dimensions \(element \[1\] is not an array/],
      [[[1, 2], null], /matching dimensions \(element \[1\] is NULL/],
      [[[1, [2]]], /matching dimensions \(element \[0\]\[1\] is an array/],
      [[1, [2]], /matching dimensions \(element 0 is not an array, element 1 is\)/],
      [[[[1]], [[2, 3]]], /element \[1\]\[0\] has 2 elements, expected 1/],
      [[[[[[[[1]]]]]]], /number of array dimensions \(7\) exceeds the maximum allowed \(6\)/],
      [[[]], /empty sub-array has no PostgreSQL form/],
      [[[], []], /empty sub-array/],
      ['{{1,2},{3}}', /multidimensional arrays must have sub-arrays with matching dimensions: 1 elements where the first sub-array has 2/],
      ['{{}}', /empty sub-array/],
      ['{{1},2}', /unexpected array element: an element beside a sub-array/],
      ['{1,{2}}', /unexpected "\{": a sub-array beside an element/],
      ['{{{{{{{1}}}}}}}', /number of array dimensions \(7\) exceeds the maximum allowed \(6\)/],
      [[[1, 2], [3, 'x']], /element \[2\]\[2\]: "x" is not a integer/],
      ['{{1,2},{3,x}}', /element \[2\]\[2\]: "x" is not a integer/],
    ]);
  });
  it('keys are equal exactly when the server\'s = says so (dimensions count)', async () => {
    await expectKeysMatchServer(db.client, 'int4[]', arrayCodec(int4(), 23), [[[1, 2], [3, 4]], [1, 2, 3, 4], [[1, 2, 3, 4]], [[1], [2], [3], [4]], '{{1,2},{3,4}}', [], [[1, null]], [[1, null]]]);
  });
});

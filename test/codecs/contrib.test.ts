/**
 * Contrib extension codecs against the real server: each sample through binary COPY, text
 * COPY and an unnest of an array literal stores the same `c::text`, and, where the type's
 * send output is canonical, our binary bytes equal what the server's hstore_send, cube_send,
 * ltree_send and citextsend send for the stored value.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { citext, cube, hstore, isbn13, lquery, ltree, ltxtquery, seg } from '@pgtwin/runtime/internal/codecs/index';
import { lookupTypeOids } from '@pgtwin/runtime/internal/type-oids';
import { useTestDatabase } from '../support/db.ts';
import { checkTypeAndArray, encodeBinary, expectRejected, serverTexts } from './codec-harness.ts';

const db = useTestDatabase();
let oids: ReadonlyMap<string, { oid: number; arrayOid: number }>;

beforeAll(async () => {
  for (const e of ['citext', 'hstore', 'ltree', 'cube', 'isn', 'seg']) await db.client.query(`CREATE EXTENSION IF NOT EXISTS ${e}`);
  oids = await lookupTypeOids(db.client, ['citext', 'hstore', 'ltree', 'lquery', 'ltxtquery', 'cube']);
});
const oidOf = (t: string) => oids.get(t)?.oid as number;

describe('contrib codecs', () => {
  it('citext', async () => {
    const samples = ['', 'Ann@Example.org', 'tab\there', 'quote " and \\ backslash', 'é🦀', 'NULL'];
    await checkTypeAndArray(db.client, { sqlType: 'citext', codec: citext(), samples, plainInsert: true, arrayPlainInsert: true, canonical: true }, oidOf('citext'));
  });

  it('hstore: objects, Maps and text, in hstore_send order', async () => {
    const generated = await serverTexts(db.client, `select hstore(array_agg('k' || j), array_agg(case when j % 3 = 0 then null else md5(i::text || j) end))::text from generate_series(1, 8) i, generate_series(1, i) j group by i`);
    const samples = [
      {},
      { a: '1', b: null },
      { 'long key first': 'x', z: 'y', '': '' },
      new Map([['q"uote', 'back\\slash'], ['tab', '\t']]),
      { value: { NULL: 'NULL' }, expect: '"NULL"=>"NULL"' },
      { value: 'a=>1, b=>NULL, a=>1', expect: '"a"=>"1", "b"=>NULL' },
      { value: 'a=>NULL, b=>2, c=>3, d=>4, e=>5, f=>6, g=>7, a=>NULL', expect: '"a"=>NULL, "b"=>"2", "c"=>"3", "d"=>"4", "e"=>"5", "f"=>"6", "g"=>"7"' },
      { value: ' k => "v w" ', expect: '"k"=>"v w"' },
      ...generated,
    ];
    await checkTypeAndArray(db.client, { sqlType: 'hstore', codec: hstore(), samples, plainInsert: false, canonical: true }, oidOf('hstore'));
  });

  it('hstore text with a key twice and different values is refused: the server keeps either one', async () => {
    // hstore_in sorts the pairs with an unstable qsort: of seven or more pairs it may keep a later duplicate, as here.
    const text = 'a=>1, b=>2, c=>3, d=>4, e=>5, f=>6, g=>7, a=>8, h=>9, i=>10';
    const { rows } = await db.client.query<{ a: string }>('select ($1::hstore) -> $2 as a', [text, 'a']);
    expect(rows[0]?.a).toBe('8');
    expectRejected(hstore(), [
      [text, /hstore text has key "a" twice, with values "1" and "8": PostgreSQL keeps one of them, which one is not defined/],
      ['a=>1, b=>NULL, a=>2', /key "a" twice, with values "1" and "2"/],
      ['a=>1, a=>NULL', /key "a" twice, with values "1" and null/],
    ]);
  });

  it('ltxtquery: the server respaces its text (a|b is stored as a | b)', async () => {
    const samples = ['a', 'Europe & Russia@* & !Transportation', { value: 'a|b', expect: 'a | b' }, { value: '!!a', expect: '!( !a )' }, { value: '(a|b)&c%', expect: '( a | b ) & c%' }, { value: 'x@*%', expect: 'x%@*' }];
    await checkTypeAndArray(db.client, { sqlType: 'ltxtquery', codec: ltxtquery(), samples, plainInsert: true, arrayPlainInsert: true, canonical: false }, oidOf('ltxtquery'));
  });

  it('ltree and lquery', async () => {
    await checkTypeAndArray(db.client, { sqlType: 'ltree', codec: ltree(), samples: ['', 'a', 'Top.Science_1.x9', 'a.b.c.d.e'], plainInsert: true, arrayPlainInsert: true, canonical: true }, oidOf('ltree'));
    await checkTypeAndArray(db.client, { sqlType: 'lquery', codec: lquery(), samples: ['*', '*.a.*', 'a|b.c*@%.*{1,2}', '!x.*', 'a.*{,3}.b'], plainInsert: true, arrayPlainInsert: true, canonical: false }, oidOf('lquery'));
  });

  it('cube: points, boxes (corners kept in order), text, -0 and infinities', async () => {
    const samples = [
      { value: [1], expect: '(1)' },
      { value: [1.5, -2], expect: '(1.5, -2)' },
      { value: [[3, 4], [1, 2]], expect: '(3, 4),(1, 2)' },
      { value: [[1, 2], [1, 2]], expect: '(1, 2)' },
      { value: [-0, Infinity, -Infinity], expect: '(-0, Infinity, -Infinity)' },
      { value: [0.1 + 0.2], expect: '(0.30000000000000004)' },
      { value: '[(1,2),(3,4)]', expect: '(1, 2),(3, 4)' },
      { value: '1, 2', expect: '(1, 2)' },
      { value: ' (5),(5) ', expect: '(5)' },
      { value: '(-0, inf),(nan, 1e3)', expect: '(-0, Infinity),(NaN, 1000)' },
      new Array(100).fill(7),
    ];
    await checkTypeAndArray(db.client, { sqlType: 'cube', codec: cube(), samples, plainInsert: false, canonical: true }, oidOf('cube'));
  });

  it('hstore and cube binary bytes equal the server send functions (explicitly)', async () => {
    const { rows } = await db.client.query<{ h: Buffer; c: Buffer }>(`select hstore_send('b=>2, a=>1, cc=>NULL'::hstore) as h, cube_send('(3,4),(1,2)'::cube) as c`);
    expect(encodeBinary(hstore(), { cc: null, a: '1', b: '2' })).toEqual(rows[0]?.h);
    expect(encodeBinary(cube(), [[3, 4], [1, 2]])).toEqual(rows[0]?.c);
  });

  it('refuses what the server would refuse, before sending', () => {
    expectRejected(hstore(), [
      [{ a: 1 }, /hstore value of key "a" is 1, not a string or null/],
      ['a=>', /not hstore text: a missing key or value/],
      ['"a=>1', /an unterminated quoted string/],
      ['a 1', /no "=>" after a key/],
      ['a=>1 b=>2', /no "," between pairs/],
      [{ 'a\u0000': 'x' }, /NUL character/],
      [['a'], /an array is not an hstore/],
      [5, /5 is not an hstore/],
    ]);
    expectRejected(cube(), [
      [[], /is not a cube/],
      [[[1, 2], [3]], /the two corners have different dimensions \(2 and 1\)/],
      [new Array(101).fill(0), /has 101 dimensions; a cube has at most 100/],
      ['(1, x)', /"x" is not a number/],
      ['(1),(2),(3)', /is not cube text/],
      [['1'], /is not a cube/],
    ]);
    expectRejected(citext(), [[5, /expected a string/]]);
    expectRejected(ltree(), [[{}, /expected a string/]]);
  });

  it('isn and seg have no binary form: writeBinary throws, text goes through the server', async () => {
    expect(() => encodeBinary(isbn13(), '978-0-306-40615-7')).toThrow(/isbn13 has no binary form in PostgreSQL \(no send\/receive functions\): use format 'text'/);
    expect(() => encodeBinary(seg(), '1 .. 2')).toThrow(/seg has no binary form/);
    expect(isbn13().toText('978-0-306-40615-7')).toBe('978-0-306-40615-7');
  });
});

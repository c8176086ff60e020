import { describe, expect, it } from 'vitest';
import { jsonpath, xml } from '@pgtwin/runtime/internal/codecs/index';
import { useTestDatabase } from '../support/db.ts';
import { binaryCopyStream, checkTypeAndArray, copyIn, encodeBinary, expectRejected, serverTexts } from './codec-harness.ts';

const db = useTestDatabase();

describe('xml', () => {
  it('stores the same XML through all insert paths', async () => {
    const generated = await serverTexts(db.client, `select xmlelement(name item, xmlattributes(i as id), 'v' || i || ' & <é>')::text from generate_series(1, 10) i`);
    const samples = [
      '<a/>',
      'abc<a x="1">t\ta\\b</a>def',
      '<?xml version="1.0"?><root><é>ü</é></root>',
      '<?xml version="1.0" encoding="UTF-8"?><r/>',
      '',
      'plain text, "quoted"',
      '<!-- comment --><a>&amp;&lt;</a>',
      ...generated,
    ];
    // The server rewrites the XML declaration on output, so bytes are not compared.
    await checkTypeAndArray(db.client, { sqlType: 'xml', codec: xml(), samples, plainInsert: true, arrayPlainInsert: true, canonical: false }, 142);
  });
  it('leaves well-formedness to the server, which fails the statement', async () => {
    await db.client.query('create temp table xml_bad (i int4, x xml)');
    await expect(copyIn(db.client, 'copy xml_bad (i, x) from stdin (format binary)', binaryCopyStream([encodeBinary(xml(), '<a>')]))).rejects.toThrow(/invalid XML content/);
    const { rows } = await db.client.query('select count(*)::int as n from xml_bad');
    expect(rows[0]).toEqual({ n: 0 });
  });
  it('refuses an encoding declaration other than UTF-8, which binary input would honour', () => {
    expectRejected(xml(), [
      ['<?xml version="1.0" encoding="LATIN1"?><a>é</a>', /declares encoding "LATIN1"/],
      ['a\u0000', /NUL character/],
      [{}, /expected a string/],
    ]);
  });
});

describe('jsonpath', () => {
  it('stores the same path through all insert paths', async () => {
    const samples = ['$', '$.a[*] ? (@ > 1)', 'strict $."a b"', 'lax $.a.b[0 to last]', '$.a ? (@ like_regex "^x\\\\d" flag "i")', '$.datetime()', '- $.a * 2', '$."é\\ttab"'];
    // The server prints its own canonical text ($."a"), so bytes are not compared.
    await checkTypeAndArray(db.client, { sqlType: 'jsonpath', codec: jsonpath(), samples, plainInsert: true, arrayPlainInsert: true, canonical: false }, 4072);
  });
  it('sends version 1 then the text', () => {
    expect(encodeBinary(jsonpath(), '$.a').toString('latin1')).toBe('\u0001$.a');
  });
  it('leaves the syntax to the server, which fails the statement', async () => {
    await db.client.query('create temp table jp_bad (i int4, p jsonpath)');
    await expect(copyIn(db.client, 'copy jp_bad (i, p) from stdin (format binary)', binaryCopyStream([encodeBinary(jsonpath(), '$.a[')]))).rejects.toThrow(/syntax error/);
    expectRejected(jsonpath(), [['$\u0000', /NUL character/], [1, /expected a string/]]);
  });
});

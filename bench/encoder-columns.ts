/**
 * Where the encoder's time goes: each column's codec alone over the benchmark's 200,000
 * rows' values (NULLs left out), microseconds per row, binary and COPY text, one core.
 *   npx tsx --conditions=pgtwin-source bench/encoder-columns.ts [--rows N] [--only REGEX]
 * `--only`: just the columns whose label matches (`--only '\\[|tags'`: the array columns).
 * The codecs are those of bench/schema/ledger-entries.ts (checked against the generated
 * column list below, so the two cannot drift apart). Then every other type of the type table
 * that has a value maker below, one column of it (scalar, and an array of 3), over generated
 * values, so that a slow codec is visible.
 */
import { parseArgs } from 'node:util';
import { ByteWriter, codecs, type ColumnCodec } from '@pgtwin/runtime';
import { PG_TYPES, type PgTypeName } from '@pgtwin/runtime/internal/pg-types';
import { generateRows } from './data.ts';
import { insertColumns, type LedgerEntriesInsert } from './generated/ledger-entries.ts';

const COLUMNS: readonly (readonly [string, keyof LedgerEntriesInsert, ColumnCodec])[] = [
  ['id', 'id', codecs.int8()],
  ['hash', 'hash', codecs.bytea()],
  ['ledger', 'ledger', codecs.int4()],
  ['closed_at', 'closedAt', codecs.timestamptz()],
  ['amount', 'amount', codecs.numeric({ precision: 39, scale: 0 })],
  ['memo', 'memo', codecs.text()],
  ['note', 'note', codecs.text()],
  ['flag', 'flag', codecs.bool()],
  ['meta', 'meta', codecs.jsonb()],
  ['tags', 'tags', codecs.arrayCodec(codecs.text(), 25)],
];
if (COLUMNS.map(([name]) => name).join() !== insertColumns.join()) throw new Error(`bench/encoder-columns.ts: columns differ from the generated ${insertColumns.join()}`);

/** Value i of a type, in the input forms an application would use (objects for geometry, text elsewhere). */
const hex = (n: number) => (n & 255).toString(16).padStart(2, '0');
const pt = (i: number) => ({ x: i * 0.5, y: -i / 3 });
const TYPE_VALUES: Partial<Record<PgTypeName, { params?: object; value: (i: number) => unknown }>> = {
  macaddr: { value: (i) => `08:00:2b:${hex(i >> 16)}:${hex(i >> 8)}:${hex(i)}` },
  macaddr8: { value: (i) => `08:00:2b:01:${hex(i >> 16)}:${hex(i >> 8)}:${hex(i)}:ff` },
  bit: { params: { length: 32 }, value: (i) => (i >>> 0).toString(2).padStart(32, '0') },
  'bit varying': { params: { length: 64 }, value: (i) => i.toString(2) },
  money: { value: (i) => (i % 2 === 0 ? i / 100 : `${i}.${i % 100}`) },
  xml: { value: (i) => `<item id="${i}">value ${i}</item>` },
  jsonpath: { value: (i) => `$.items[${i % 50}] ? (@.n > ${i})` },
  oid: { value: (i) => i },
  '"char"': { value: (i) => String.fromCharCode(97 + (i % 26)) },
  name: { value: (i) => `relation_name_${i}` },
  pg_lsn: { value: (i) => `${(i >> 8).toString(16)}/${(i * 977).toString(16).toUpperCase()}` },
  tsvector: { value: (i) => `'ledger':1 'entry':2A 'number${i}':3,7 'fee':${(i % 100) + 1}` },
  tsquery: { value: (i) => `'ledger' & ( 'entry' | !'n${i}' ) <-> 'fee':*` },
  point: { value: pt },
  line: { value: (i) => ({ a: 1, b: -1 - (i % 7), c: i }) },
  lseg: { value: (i) => [pt(i), pt(i + 1)] },
  box: { value: (i) => [pt(i), pt(-i)] },
  path: { value: (i) => ({ points: [pt(i), pt(i + 1), pt(i + 2)], closed: i % 2 === 0 }) },
  polygon: { value: (i) => [pt(i), pt(i + 1), pt(i + 2), pt(i + 3)] },
  circle: { value: (i) => ({ ...pt(i), radius: i }) },
};

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' }, only: { type: 'string' } } });
const only = values.only === undefined ? undefined : new RegExp(values.only);
const shown = (label: string) => only === undefined || only.test(label);
const rows = [...generateRows(Number(values.rows))];
const ctx = { typeOids: new Map() };
const w = new ByteWriter(1 << 20);

function perRow(codec: ColumnCodec, vals: readonly unknown[], format: 'binary' | 'text'): number {
  const run = () => {
    const started = performance.now();
    for (let i = 0; i < vals.length; i++) {
      if (w.pos > 900_000) w.pos = 0;
      if (format === 'binary') {
        const at = w.beginLength();
        codec.writeBinary(w, vals[i], ctx);
        w.endLength(at);
      } else if (codec.writeText) codec.writeText(w, vals[i]);
      else w.utf8(codec.toText(vals[i]));
    }
    return performance.now() - started;
  };
  run();
  run();
  const times = [run(), run(), run(), run(), run()].sort((a, b) => a - b);
  return ((times[2] as number) / rows.length) * 1000;
}

let binaryTotal = 0;
let textTotal = 0;
process.stdout.write(`column       binary us/row  text us/row\n`);
for (const [name, field, codec] of COLUMNS) {
  if (!shown(name)) continue;
  const vals = rows.map((r) => r[field]).filter((v) => v !== null && v !== undefined);
  const b = perRow(codec, vals, 'binary');
  const t = perRow(codec, vals, 'text');
  binaryTotal += b;
  textTotal += t;
  process.stdout.write(`${name.padEnd(12)} ${b.toFixed(3).padStart(13)}  ${t.toFixed(3).padStart(11)}\n`);
}
process.stdout.write(`${'sum'.padEnd(12)} ${binaryTotal.toFixed(3).padStart(13)}  ${textTotal.toFixed(3).padStart(11)}\n`);
process.stdout.write(`(a row also pays for its loop, field reads and length words: compare with bench/encoder.ts)\n`);

// issue 16 (contrib types, raw): codecs outside the benchmark table, over synthetic values
// (one per row), so a slow one shows. Text-only types (isn, seg, raw) have no binary column.
const synthetic: readonly (readonly [string, ColumnCodec, (i: number) => unknown, boolean])[] = [
  ['citext', codecs.citext(), (i) => `User${i}@Example.org`, true],
  ['hstore', codecs.hstore(), (i) => ({ kind: 'payment', ledger: String(i), memo: i % 3 ? null : 'x' }), true],
  ['ltree', codecs.ltree(), (i) => `top.l${i % 100}.n${i}`, true],
  ['ltxtquery', codecs.ltxtquery(), (i) => `Europe & l${i}*@ & !x${i % 7}`, true],
  ['cube', codecs.cube(), (i) => [[i, i + 0.5, -i], [i + 1, i + 2, 0]], true],
  ['isbn13', codecs.isbn13(), () => '978-0-306-40615-7', false],
  ['seg', codecs.seg(), (i) => `${i} .. ${i + 1}`, false],
  ['raw', codecs.raw({ rawType: 'vector(3)' }), (i) => `[${i},${i + 1},${i + 2}]`, false],
];
process.stdout.write(`\nother types (synthetic values)\n`);
for (const [name, codec, make, binary] of synthetic) {
  if (!shown(name)) continue;
  const vals = rows.map((_, i) => make(i));
  const b = binary ? perRow(codec, vals, 'binary').toFixed(3) : '-';
  const t = perRow(codec, vals, 'text');
  process.stdout.write(`${name.padEnd(12)} ${b.padStart(13)}  ${t.toFixed(3).padStart(11)}\n`);
}

process.stdout.write(`\nother types, ${rows.length} generated values each\ntype             binary us/value  text us/value\n`);
for (const [type, maker] of Object.entries(TYPE_VALUES) as [PgTypeName, { params?: object; value: (i: number) => unknown }][]) {
  if (!shown(type) && !shown(`${type}[3]`)) continue;
  const spec = PG_TYPES[type];
  const codec = spec.codec((maker.params ?? {}) as never);
  const vals = rows.map((_, i) => maker.value(i + 1));
  const array = codecs.arrayCodec(codec, spec.oids === 'per-connection' ? 0 : spec.oids.oid, { ...((spec as { arrayDelimiter?: ';' }).arrayDelimiter && { delimiter: ';' as const }) });
  const arrays = vals.map((v, i) => [v, vals[(i + 1) % vals.length], null]);
  for (const [label, c, vs] of [[type, codec, vals], [`${type}[3]`, array, arrays]] as const) {
    if (!shown(label)) continue;
    const b = perRow(c, vs, 'binary');
    const t = perRow(c, vs, 'text');
    process.stdout.write(`${label.padEnd(16)} ${b.toFixed(3).padStart(11)}  ${t.toFixed(3).padStart(13)}\n`);
  }
}

const PAIR = codecs.compositeCodec({ compositeName: 'pair', compositeFields: [{ name: 'a', codec: codecs.int4(), oid: 23 }, { name: 'b', codec: codecs.text(), oid: 25 }] });

// Issue 16 wave 2 (wire-a): types outside the ledger table, over generated values (one per row index).
const p2 = (n: number) => String(n).padStart(2, '0');
const iso = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 1_234_567).toISOString();
const OTHER_TYPES: readonly (readonly [string, ColumnCodec, (i: number) => unknown])[] = [
  ['time', codecs.time(), (i) => `${p2(i % 24)}:${p2(i % 60)}:${p2((i * 7) % 60)}.${String(i % 1_000_000).padStart(6, '0')}`],
  ['timetz', codecs.timetz(), (i) => `${p2(i % 24)}:${p2(i % 60)}:${p2((i * 7) % 60)}+05:30`],
  ['timestamptz(3)', codecs.timestamptz({ precision: 3 }), (i) => iso(i)],
  ['interval d-s(3)', codecs.interval({ fields: 'day to second', precision: 3 }), (i) => ({ months: i % 13, days: i % 31, microseconds: i * 1_000_001 })],
  ['int4range', codecs.int4range(), (i) => ({ lower: i, upper: i + 10, bounds: '[]' })],
  ['int4range txt', codecs.int4range(), (i) => `[${i},${i + 10})`],
  ['int8range', codecs.int8range(), (i) => `[${i}00000000000,${i + 1}00000000000)`],
  ['numrange', codecs.numrange(), (i) => `[${i}.25,${i + 1}.5]`],
  ['daterange', codecs.daterange(), (i) => `[${iso(i).slice(0, 10)},infinity)`],
  ['tstzrange', codecs.tstzrange(), (i) => ({ lower: iso(i), upper: iso(i + 1000), bounds: '[)' })],
  ['int4multirange', codecs.int4multirange(), (i) => [`[${i},${i + 3})`, `[${i + 5},${i + 9})`]],
  ['tstzmultirange', codecs.tstzmultirange(), (i) => `{[${iso(i)},${iso(i + 10)}),[${iso(i + 20)},)}`],
  ['int4[][]', codecs.arrayCodec(codecs.int4(), 23, { dimensions: 2 }), (i) => [[i, i + 1], [i + 2, null]]],
  // Issue 16 follow-ups: a domain column is its base type's codec (as the generated code builds it: amount over numeric(39,0));
  // a composite (pair: int4, text) as an object and as the record text node-postgres returns.
  ['domain amount', codecs.numeric({ precision: 39, scale: 0 }), (i) => `${i}000000000000${i % 997}`],
  ['composite pair', PAIR, (i) => ({ a: i, b: `memo ${i}` })],
  ['pair rec. text', PAIR, (i) => `(${i},"memo ${i}")`],
];
process.stdout.write(`\nother types  binary us/row  text us/row\n`);
for (const [name, codec, make] of OTHER_TYPES) {
  if (!shown(name)) continue;
  const vals = rows.map((_, i) => make(i));
  process.stdout.write(`${name.padEnd(15)} ${perRow(codec, vals, 'binary').toFixed(3).padStart(10)}  ${perRow(codec, vals, 'text').toFixed(3).padStart(11)}\n`);
}

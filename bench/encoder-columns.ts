/**
 * Where the encoder's time goes: each column's codec alone over the benchmark's 200,000
 * rows' values (NULLs left out), microseconds per row, binary and COPY text, one core.
 *   npx tsx --conditions=pgtwin-source bench/encoder-columns.ts [--rows N]
 * The codecs are those of bench/schema/ledger-entries.ts (checked against the generated
 * column list below, so the two cannot drift apart).
 */
import { parseArgs } from 'node:util';
import { ByteWriter, codecs, type ColumnCodec } from 'pgtwin/runtime';
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

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' } } });
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
  const vals = rows.map((r) => r[field]).filter((v) => v !== null && v !== undefined);
  const b = perRow(codec, vals, 'binary');
  const t = perRow(codec, vals, 'text');
  binaryTotal += b;
  textTotal += t;
  process.stdout.write(`${name.padEnd(12)} ${b.toFixed(3).padStart(13)}  ${t.toFixed(3).padStart(11)}\n`);
}
process.stdout.write(`${'sum'.padEnd(12)} ${binaryTotal.toFixed(3).padStart(13)}  ${textTotal.toFixed(3).padStart(11)}\n`);
process.stdout.write(`(a row also pays for its loop, field reads and length words: compare with bench/encoder.ts)\n`);

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
];
process.stdout.write(`\nother types  binary us/row  text us/row\n`);
for (const [name, codec, make] of OTHER_TYPES) {
  const vals = rows.map((_, i) => make(i));
  process.stdout.write(`${name.padEnd(15)} ${perRow(codec, vals, 'binary').toFixed(3).padStart(10)}  ${perRow(codec, vals, 'text').toFixed(3).padStart(11)}\n`);
}

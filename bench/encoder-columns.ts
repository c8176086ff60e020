/**
 * Where the encoder's time goes: each column's codec alone over the benchmark's 200,000
 * rows' values (NULLs left out), microseconds per row, binary and COPY text, one core.
 *   npx tsx --conditions=pgtwin-source bench/encoder-columns.ts [--rows N]
 * The codecs are those of bench/schema/ledger-entries.ts (checked against the generated
 * column list below, so the two cannot drift apart).
 */
import { parseArgs } from 'node:util';
import { ByteWriter, codecs, type ColumnCodec } from '@pgtwin/runtime';
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

// issue 16 (contrib types, raw): codecs outside the benchmark table, over synthetic values
// (one per row), so a slow one shows. Text-only types (isn, seg, raw) have no binary column.
const synthetic: readonly (readonly [string, ColumnCodec, (i: number) => unknown, boolean])[] = [
  ['citext', codecs.citext(), (i) => `User${i}@Example.org`, true],
  ['hstore', codecs.hstore(), (i) => ({ kind: 'payment', ledger: String(i), memo: i % 3 ? null : 'x' }), true],
  ['ltree', codecs.ltree(), (i) => `top.l${i % 100}.n${i}`, true],
  ['cube', codecs.cube(), (i) => [[i, i + 0.5, -i], [i + 1, i + 2, 0]], true],
  ['isbn13', codecs.isbn13(), () => '978-0-306-40615-7', false],
  ['seg', codecs.seg(), (i) => `${i} .. ${i + 1}`, false],
  ['raw', codecs.raw({ rawType: 'vector(3)' }), (i) => `[${i},${i + 1},${i + 2}]`, false],
];
process.stdout.write(`\nother types (synthetic values)\n`);
for (const [name, codec, make, binary] of synthetic) {
  const vals = rows.map((_, i) => make(i));
  const b = binary ? perRow(codec, vals, 'binary').toFixed(3) : '-';
  const t = perRow(codec, vals, 'text');
  process.stdout.write(`${name.padEnd(12)} ${b.padStart(13)}  ${t.toFixed(3).padStart(11)}\n`);
}

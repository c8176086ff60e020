/**
 * The encoders alone, no database: `copyRows` binary and text, rows/s and MB/s, one core.
 * `npm run bench` runs it as a child process (`--json`), so the heap holds only these rows.
 * To profile one variant:
 *   node --conditions=pgtwin-source --cpu-prof --cpu-prof-dir .tmp/prof --import tsx bench/encoder.ts --only binary-objects
 *   npx tsx bench/cpuprofile-top.ts .tmp/prof/<file>.cpuprofile
 */
import { parseArgs } from 'node:util';
import { jsonText } from 'pgtwin/runtime';
import { generateRows } from './data.ts';
import { copyRows, type LedgerEntriesInsert } from './generated/ledger-entries.ts';

export interface EncoderFigure {
  rowsPerSec: number;
  mbPerSec: number;
  bytes: number;
}

export interface EncoderBench {
  rows: number;
  /** jsonb given as objects (JSON.stringify). */
  binary: EncoderFigure;
  text: EncoderFigure;
  /** jsonb given already serialised, as `jsonText(...)`. */
  binaryJsonText: EncoderFigure;
  /** The same rows with the jsonb column NULL: the difference is jsonb's cost. */
  binaryNoJsonb: EncoderFigure;
  textNoJsonb: EncoderFigure;
  /** One copyRows call per 1,000 rows: small outputs, like copyInto's 64 KB chunks. */
  binaryPer1000: EncoderFigure;
  textPer1000: EncoderFigure;
  /** Share of encoder time spent on jsonb: 1 - (rows/s with it) / (rows/s without it). */
  jsonbShareBinary: number;
  jsonbShareText: number;
}

/** `chunk`: one copyRows call per that many rows instead of one Buffer for all. */
function timeEncoder(rows: readonly LedgerEntriesInsert[], format: 'binary' | 'text', runs: number, chunk = 0): EncoderFigure {
  copyRows(rows.slice(0, Math.min(rows.length, 20_000)), { format }); // warm-up (JIT)
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    bytes = 0;
    if (chunk === 0) bytes = copyRows(rows, { format }).length;
    else for (let at = 0; at < rows.length; at += chunk) bytes += copyRows(rows.slice(at, at + chunk), { format }).length;
    times.push((performance.now() - started) / 1000);
  }
  const s = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
  return { rowsPerSec: rows.length / s, mbPerSec: bytes / s / 1e6, bytes };
}

const VARIANTS = ['binary-objects', 'text-objects', 'binary-jsonText', 'binary-null', 'text-null', 'binary-per1000', 'text-per1000'] as const;

export function benchEncoders(n: number, runs: number, only?: string): EncoderBench {
  const rows = [...generateRows(n)];
  const want = (v: (typeof VARIANTS)[number]) => only === undefined || only === v;
  const none: EncoderFigure = { rowsPerSec: Number.NaN, mbPerSec: Number.NaN, bytes: 0 };
  const binary = want('binary-objects') ? timeEncoder(rows, 'binary', runs) : none;
  const text = want('text-objects') ? timeEncoder(rows, 'text', runs) : none;
  const binaryJsonText = want('binary-jsonText')
    ? timeEncoder(rows.map((r) => (r.meta === null || r.meta === undefined ? r : { ...r, meta: jsonText(JSON.stringify(r.meta)) })), 'binary', runs)
    : none;
  const noJsonb = want('binary-null') || want('text-null') ? rows.map((r) => ({ ...r, meta: null })) : [];
  const binaryNoJsonb = want('binary-null') ? timeEncoder(noJsonb, 'binary', runs) : none;
  const textNoJsonb = want('text-null') ? timeEncoder(noJsonb, 'text', runs) : none;
  const binaryPer1000 = want('binary-per1000') ? timeEncoder(rows, 'binary', runs, 1000) : none;
  const textPer1000 = want('text-per1000') ? timeEncoder(rows, 'text', runs, 1000) : none;
  const share = (withIt: EncoderFigure, without: EncoderFigure) => 1 - withIt.rowsPerSec / without.rowsPerSec;
  return {
    rows: n,
    binary,
    text,
    binaryJsonText,
    binaryNoJsonb,
    textNoJsonb,
    binaryPer1000,
    textPer1000,
    jsonbShareBinary: share(binary, binaryNoJsonb),
    jsonbShareText: share(text, textNoJsonb),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' }, only: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (values.only !== undefined && !(VARIANTS as readonly string[]).includes(values.only)) throw new Error(`--only: one of ${VARIANTS.join(', ')}`);
  const r = benchEncoders(Number(values.rows), Number(values.runs), values.only);
  if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    for (const [k, v] of Object.entries(r)) {
      if (typeof v === 'object' && !Number.isNaN(v.rowsPerSec)) process.stdout.write(`${k}: ${Math.round(v.rowsPerSec).toLocaleString('en-US')} rows/s, ${v.mbPerSec.toFixed(1)} MB/s\n`);
    }
  }
}

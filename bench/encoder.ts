/**
 * The encoders alone, no database: `copyRows` binary and text, rows/s and MB/s, one core.
 * Each variant runs in a child process of its own (see benchEncodersIsolated), so the heap
 * holds only its rows; `--only VARIANT` runs one in this process.
 * To profile one variant:
 *   node --conditions=pgtwin-source --cpu-prof --cpu-prof-dir .tmp/prof --import tsx bench/encoder.ts --only binary-objects
 *   npx tsx bench/cpuprofile-top.ts .tmp/prof/<file>.cpuprofile
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jsonText } from '@pgtwin/runtime';
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
  /**
   * The first 1,000 rows encoded again and again (one call per 1,000 rows, as many rows in
   * all as the other variants): the rows stay in the CPU caches, as rows do that a pipeline
   * builds just before encoding them. The difference to binaryPer1000 is the cost of fetching
   * 200,000 rows' objects (strings, Buffers, JSON objects) from memory.
   */
  binaryHot: EncoderFigure;
  textHot: EncoderFigure;
  /** Share of encoder time spent on jsonb: 1 - (rows/s with it) / (rows/s without it). */
  jsonbShareBinary: number;
  jsonbShareText: number;
}

/**
 * `chunk`: one copyRows call per that many rows instead of one Buffer for all. `hotRows`:
 * encode only the first `chunk` rows, `rows.length / chunk` times.
 */
function timeEncoder(rows: readonly LedgerEntriesInsert[], format: 'binary' | 'text', runs: number, chunk = 0, hotRows = false): EncoderFigure {
  copyRows(rows.slice(0, Math.min(rows.length, 20_000)), { format }); // warm-up (JIT)
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    bytes = 0;
    if (chunk === 0) bytes = copyRows(rows, { format }).length;
    else if (hotRows) {
      const first = rows.slice(0, chunk);
      for (let at = 0; at < rows.length; at += chunk) bytes += copyRows(first, { format }).length;
    } else for (let at = 0; at < rows.length; at += chunk) bytes += copyRows(rows.slice(at, at + chunk), { format }).length;
    times.push((performance.now() - started) / 1000);
  }
  const s = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
  return { rowsPerSec: rows.length / s, mbPerSec: bytes / s / 1e6, bytes };
}

/** Each variant, and the field of EncoderBench it fills. */
const VARIANT_FIELDS = {
  'binary-objects': 'binary',
  'text-objects': 'text',
  'binary-jsonText': 'binaryJsonText',
  'binary-null': 'binaryNoJsonb',
  'text-null': 'textNoJsonb',
  'binary-per1000': 'binaryPer1000',
  'text-per1000': 'textPer1000',
  'binary-hot': 'binaryHot',
  'text-hot': 'textHot',
} as const satisfies Record<string, keyof EncoderBench>;
type Variant = keyof typeof VARIANT_FIELDS;
const VARIANTS = Object.keys(VARIANT_FIELDS) as Variant[];

export function benchEncoders(n: number, runs: number, only?: string): EncoderBench {
  const want = (v: Variant) => only === undefined || only === v;
  const none: EncoderFigure = { rowsPerSec: Number.NaN, mbPerSec: Number.NaN, bytes: 0 };
  // Each variant's rows are made for it and only they stay alive while it runs: the cost of
  // a full GC grows with the heap, so rows kept for another variant would slow this one.
  const rows = () => [...generateRows(n)];
  const jsonTextRows = () =>
    rows().map((r) => ({ id: r.id, hash: r.hash, ledger: r.ledger, closedAt: r.closedAt, amount: r.amount, memo: r.memo, note: r.note, flag: r.flag, meta: r.meta === null || r.meta === undefined ? null : jsonText(JSON.stringify(r.meta)), tags: r.tags }));
  const noJsonbRows = () => rows().map((r) => ({ ...r, meta: null }));
  const binary = want('binary-objects') ? timeEncoder(rows(), 'binary', runs) : none;
  const text = want('text-objects') ? timeEncoder(rows(), 'text', runs) : none;
  const binaryJsonText = want('binary-jsonText') ? timeEncoder(jsonTextRows(), 'binary', runs) : none;
  const binaryNoJsonb = want('binary-null') ? timeEncoder(noJsonbRows(), 'binary', runs) : none;
  const textNoJsonb = want('text-null') ? timeEncoder(noJsonbRows(), 'text', runs) : none;
  const binaryPer1000 = want('binary-per1000') ? timeEncoder(rows(), 'binary', runs, 1000) : none;
  const textPer1000 = want('text-per1000') ? timeEncoder(rows(), 'text', runs, 1000) : none;
  const binaryHot = want('binary-hot') ? timeEncoder(rows(), 'binary', runs, 1000, true) : none;
  const textHot = want('text-hot') ? timeEncoder(rows(), 'text', runs, 1000, true) : none;
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
    binaryHot,
    textHot,
    jsonbShareBinary: share(binary, binaryNoJsonb),
    jsonbShareText: share(text, textNoJsonb),
  };
}

/**
 * Every variant in a child process of its own. In one process, the variants run before
 * leave the JIT's type feedback polymorphic for those after (rows with and without
 * jsonText, text and binary through the same call sites): measured, the same variant gave
 * 0.27M rows/s after the others and 0.55M alone.
 */
export function benchEncodersIsolated(n: number, runs: number): EncoderBench {
  const nan: EncoderFigure = { rowsPerSec: Number.NaN, mbPerSec: Number.NaN, bytes: 0 };
  const out: EncoderBench = {
    rows: n,
    binary: nan,
    text: nan,
    binaryJsonText: nan,
    binaryNoJsonb: nan,
    textNoJsonb: nan,
    binaryPer1000: nan,
    textPer1000: nan,
    binaryHot: nan,
    textHot: nan,
    jsonbShareBinary: Number.NaN,
    jsonbShareText: Number.NaN,
  };
  const self = fileURLToPath(import.meta.url);
  for (const variant of VARIANTS) {
    const r = spawnSync(process.execPath, ['--conditions=pgtwin-source', '--import', 'tsx', self, '--json', '--rows', String(n), '--runs', String(runs), '--only', variant], {
      cwd: path.dirname(path.dirname(self)),
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) throw new Error(`encoder benchmark ${variant} failed: ${r.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit ${r.status}`}`);
    const field = VARIANT_FIELDS[variant];
    out[field] = (JSON.parse(r.stdout.trim()) as EncoderBench)[field];
  }
  const share = (withIt: EncoderFigure, without: EncoderFigure) => 1 - withIt.rowsPerSec / without.rowsPerSec;
  out.jsonbShareBinary = share(out.binary, out.binaryNoJsonb);
  out.jsonbShareText = share(out.text, out.textNoJsonb);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' }, only: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (values.only !== undefined && !(VARIANTS as readonly string[]).includes(values.only)) throw new Error(`--only: one of ${VARIANTS.join(', ')}`);
  const r = values.only === undefined ? benchEncodersIsolated(Number(values.rows), Number(values.runs)) : benchEncoders(Number(values.rows), Number(values.runs), values.only);
  if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    for (const [k, v] of Object.entries(r)) {
      if (typeof v === 'object' && !Number.isNaN(v.rowsPerSec)) process.stdout.write(`${k}: ${Math.round(v.rowsPerSec).toLocaleString('en-US')} rows/s, ${v.mbPerSec.toFixed(1)} MB/s\n`);
    }
  }
}

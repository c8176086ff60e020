/**
 * copyRows of this checkout against another checkout's, in one process, alternated run by run
 * (A B, B A, …) so that the drift of a shared, loaded machine hits both alike; each run's
 * process CPU time is compared, not wall time. For changes too small for `--vs` runs of whole
 * processes to see (issue 23's row field check: about 1–3 %).
 *   node --conditions=pgtwin-source --import tsx bench/encoder-vs.ts /work/main binary [hot]
 * `hot`: the same 1,000 rows 50 times per run (cache-resident), else 50,000 rows once.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateRows } from './data.ts';
import { copyRows as copyA } from './generated/ledger-entries.ts';

const [other, formatArg = 'binary', hotArg] = process.argv.slice(2);
if (!other) throw new Error('usage: bench/encoder-vs.ts <other checkout> [binary|text] [hot]');
const format = formatArg === 'text' ? 'text' : 'binary';
const { copyRows: copyB } = (await import(pathToFileURL(path.resolve(other, 'bench/generated/ledger-entries.ts')).href)) as { copyRows: typeof copyA };
const hot = hotArg === 'hot';
const rows = [...generateRows(hot ? 1000 : 50_000)];
const reps = hot ? 50 : 1;
const cpu = (f: typeof copyA): number => {
  const start = process.cpuUsage();
  for (let i = 0; i < reps; i++) f(rows, { format });
  const d = process.cpuUsage(start);
  return d.user + d.system;
};
for (let i = 0; i < 5; i++) cpu(copyA), cpu(copyB); // warm-up (JIT)
const ratios: number[] = [];
for (let i = 0; i < 81; i++) {
  if (i % 2 === 0) {
    const a = cpu(copyA);
    ratios.push(a / cpu(copyB));
  } else {
    const b = cpu(copyB);
    ratios.push(cpu(copyA) / b);
  }
}
ratios.sort((x, y) => x - y);
const q = (p: number) => (ratios[Math.floor(p * (ratios.length - 1))] as number).toFixed(3);
console.log(`${format}${hot ? ' hot' : ''}: CPU time this/other, median ${q(0.5)} (quartiles ${q(0.25)}–${q(0.75)}, ${ratios.length} pairs)`);

/**
 * "Did you mean …" for misspelt names (row fields here, schema keys in the generator). A short
 * Levenshtein distance instead of a dependency: the runtime stays small, and it only runs
 * once an error is already being reported.
 */

/** Levenshtein distance, case-insensitive (`ledgersequence` is one edit from nothing). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length] as number;
}

/** Case and underscores ignored: `fee_bump_inner_tx_hash` is `feeBumpInnerTxHash`. */
function loose(s: string): string {
  return s.toLowerCase().replace(/_/g, '');
}

/**
 * The candidate closest to `name`, when it is close enough to be a likely slip: the same name
 * but for case and underscores (a column's SQL name for its field), or at most a third of the
 * name's length in edits (at least 1, at most 3), never the whole name. Ties go to the earlier
 * candidate.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(name.length - 1, Math.max(1, Math.min(3, Math.floor(name.length / 3))));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = loose(c) === loose(name) ? 0.5 : editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const best = closestName(name, candidates);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

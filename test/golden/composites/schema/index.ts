export { default as records } from './records.ts';
export { default as byPair } from './by-pair.ts';
export { amount, entry, mood, pair, pairKey } from './types.ts';

export { default as records } from './records.ts';
export { amount, entry, mood, pair } from './types.ts';

export { default as allTypes } from './all-types.ts';
export { count, count2, mood, pair, pairD } from './mood.ts';

export { default as holdings } from './holdings.ts';
export { amount, calmMood, mood, moods, pair, percent, positivePair, shortTags, smallAmount, stamp, tags } from './types.ts';

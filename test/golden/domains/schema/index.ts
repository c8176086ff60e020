export { default as holdings } from './holdings.ts';
export { amount, calmMood, mood, moods, percent, stamp, tags } from './types.ts';

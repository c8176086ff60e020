export { default as allTypes } from './all-types.ts';
export { mood, pair } from './mood.ts';

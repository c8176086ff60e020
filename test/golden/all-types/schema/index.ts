export { default as allTypes } from './all-types.ts';
export { mood } from './mood.ts';

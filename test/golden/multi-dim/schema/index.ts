export { default as multiDim } from './multi-dim.ts';
export { mood, pair } from './types.ts';

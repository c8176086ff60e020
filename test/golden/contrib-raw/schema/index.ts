export { default as contribBinary } from './contrib-binary.ts';
export { default as contribKeys } from './contrib-keys.ts';
export { default as contribTypes } from './contrib-types.ts';
export { default as rawTypes } from './raw-types.ts';

export { default as weird } from './weird.ts';

export { dash, hostile, mood, under, upper } from './tables.ts';

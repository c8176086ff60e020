export { default as events } from './events.ts';
export { level } from './level.ts';

export { default as accounts } from './accounts.ts';

export { default } from '../../../../schema/ledgers.ts';

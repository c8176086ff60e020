export { operationType } from '../../../../schema/enums.ts';

import { enumType } from 'pgtwin/schema';

export const level = enumType('level', ['debug', 'info', 'warn', 'error']);

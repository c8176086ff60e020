import { enumType } from 'pgtwin/schema';

export const region = enumType('region', ['eu', 'us', 'apac', 'latam']);

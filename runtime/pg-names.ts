/** PostgreSQL's limit on names, the one place for it (generator and runtime). */

/** PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

/** A name's length as PostgreSQL counts it: UTF-8 bytes. */
export function identifierBytes(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}

/** True when PostgreSQL would truncate `name`. */
export function exceedsIdentifierLimit(name: string): boolean {
  return identifierBytes(name) > MAX_IDENTIFIER_BYTES;
}

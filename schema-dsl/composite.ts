/**
 * Composite types: `CREATE TYPE name AS (field type, …)`. Declared like enums
 * (`compositeType`, exported from a schema file) and used as a column type with `compositeOf`.
 * A value is a JS object with the fields; every field may be NULL (PostgreSQL has no NOT NULL
 * on a composite's fields), and a key that is not a field is refused.
 */
import { ColumnBuilder, type ColumnSpec } from './index.ts';

/** A PostgreSQL composite type declared in the schema. */
export interface CompositeDef {
  readonly kind: 'composite';
  readonly name: string;
  /** Fields in order: SQL name (also the JS key) and type (a column builder). */
  readonly fields: readonly (readonly [string, ColumnSpec])[];
  readonly problems: readonly string[];
}

/**
 * Declares a composite type: `compositeType('pair', { a: integer(), b: text() })`. Fields may be
 * of any column type, including enums, domains, other composites and arrays of them.
 */
export function compositeType(name: string, fields: Readonly<Record<string, ColumnBuilder>>): CompositeDef {
  const problems: string[] = [];
  const list: (readonly [string, ColumnSpec])[] = [];
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) problems.push('compositeType(name, fields): fields must be an object of column builders, such as { a: integer() }');
  else {
    for (const [k, b] of Object.entries(fields)) {
      const spec = typeof b === 'object' && b !== null ? (b as { spec?: unknown }).spec : undefined;
      if (typeof spec === 'object' && spec !== null) list.push(Object.freeze([k, spec as ColumnSpec] as const));
      else problems.push(`compositeType field "${k}" must be a column builder such as integer(), not ${typeof b === 'function' ? `the function ${(b as { name?: string }).name ?? ''} itself (call it)` : typeof b}`);
    }
  }
  return Object.freeze({ kind: 'composite' as const, name, fields: Object.freeze(list), problems: Object.freeze(problems) });
}

export function isCompositeDef(v: unknown): v is CompositeDef {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'composite' && Array.isArray((v as { fields?: unknown }).fields);
}

/** A column of a composite type declared with `compositeType`. Insert: an object with its fields. Select: PostgreSQL's text of the record (node-postgres does not parse it). */
export function compositeOf(def: CompositeDef): ColumnBuilder {
  if (!isCompositeDef(def)) return new ColumnBuilder({ type: 'composite', isArray: false, nullable: false, problems: [`compositeOf() takes a composite type declared with compositeType(name, fields), not ${typeof def}`] });
  return new ColumnBuilder({ type: 'composite', isArray: false, nullable: false, compositeDef: def });
}

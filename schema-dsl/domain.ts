/**
 * Domains: `CREATE DOMAIN name AS <base> [NOT NULL] [DEFAULT …] [CONSTRAINT … CHECK (…)]`.
 * Declared like enums (`domainType`, exported from a schema file) and used as a column type
 * with `domainOf`. A domain column is encoded with its base type's codec and has its base
 * type's TypeScript types; the server checks the domain's constraints on every path.
 */
import { ColumnBuilder, isSqlExpr, type ColumnSpec, type SqlExpr } from './index.ts';

export interface DomainOptions {
  /**
   * The CHECK constraint(s), written with `VALUE` for the value: `sql('VALUE >= 0')`, or named
   * ones `{ amount_positive: sql('VALUE >= 0') }`. A single unnamed check is named
   * `<domain>_check`, as PostgreSQL names it.
   */
  readonly check?: SqlExpr | Readonly<Record<string, SqlExpr>>;
  /** `NOT NULL`: a column of the domain is NOT NULL (it cannot be `.nullable()`). */
  readonly notNull?: boolean;
  /** The domain's DEFAULT, for writers that leave a column out (pgtwin's insert paths always send it): a literal or `sql('…')`. */
  readonly default?: SqlExpr | string | number | boolean;
}

/** A PostgreSQL domain declared in the schema. */
export interface DomainDef {
  readonly kind: 'domain';
  readonly name: string;
  /**
   * The base type, as a column builder gives it (`numeric(39, 0)`, `text().array()`,
   * `enumOf(mood)`, another domain `domainOf(amount)`, a composite `compositeOf(pair)`).
   */
  readonly base: ColumnSpec;
  readonly checks: readonly { readonly name: string | undefined; readonly expr: SqlExpr }[];
  readonly notNull: boolean;
  readonly default?: SqlExpr | string | number | boolean;
  /** Wrong arguments (reported by the generator with the file named). */
  readonly problems: readonly string[];
}

const OPTION_KEYS = ['check', 'notNull', 'default'];

/**
 * Declares a domain over a type given as a column builder: `domainType('amount',
 * numeric(39, 0), { check: sql('VALUE >= 0') })`. The base may be another domain
 * (`domainOf(amount)`: both domains' checks apply) or a composite type (`compositeOf(pair)`).
 * Export it from a schema file and use it with `domainOf`.
 */
export function domainType(name: string, base: ColumnBuilder, options: DomainOptions = {}): DomainDef {
  const problems: string[] = [];
  // Duck-typed like defineTable's columns: a builder from another copy of pgtwin/schema still counts.
  const isBuilder = typeof base === 'object' && base !== null && typeof (base as { spec?: unknown }).spec === 'object';
  const baseSpec: ColumnSpec = isBuilder ? base.spec : { type: '', isArray: false, nullable: false };
  if (!isBuilder) problems.push(`domainType(name, base): base must be a column builder such as numeric(39, 0), not ${typeof base === 'function' ? `the function ${(base as { name?: string }).name ?? ''}` : typeof base}`);
  const opts = typeof options === 'object' && options !== null ? options : {};
  for (const k of Object.keys(opts)) if (!OPTION_KEYS.includes(k)) problems.push(`domainType options: unknown key "${k}"; known keys: ${OPTION_KEYS.join(', ')}`);
  const checks: { name: string | undefined; expr: SqlExpr }[] = [];
  const check: unknown = opts.check;
  if (isSqlExpr(check)) checks.push({ name: undefined, expr: check });
  else if (typeof check === 'object' && check !== null && !Array.isArray(check)) {
    for (const [k, v] of Object.entries(check)) {
      if (isSqlExpr(v)) checks.push({ name: k, expr: v });
      else problems.push(`domainType check "${k}" must be sql('…'), not ${typeof v}`);
    }
  } else if (check !== undefined) problems.push(`domainType check must be sql('…') or { name: sql('…') }, not ${typeof check}`);
  if (opts.notNull !== undefined && typeof opts.notNull !== 'boolean') problems.push('domainType notNull must be a boolean');
  return Object.freeze({
    kind: 'domain' as const,
    name,
    base: baseSpec,
    checks: Object.freeze(checks.map((c) => Object.freeze(c))),
    notNull: opts.notNull === true,
    ...(opts.default !== undefined && { default: opts.default }),
    problems: Object.freeze(problems),
  });
}

export function isDomainDef(v: unknown): v is DomainDef {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'domain' && typeof (v as { base?: unknown }).base === 'object';
}

/** A column of a domain declared with `domainType`. Insert and select types: the base type's. */
export function domainOf(def: DomainDef): ColumnBuilder {
  if (!isDomainDef(def)) return new ColumnBuilder({ type: 'domain', isArray: false, nullable: false, problems: [`domainOf() takes a domain declared with domainType(name, base), not ${typeof def}`] });
  const b = def.base;
  return new ColumnBuilder({
    type: b.type,
    ...(b.length !== undefined && { length: b.length }),
    ...(b.precision !== undefined && { precision: b.precision }),
    ...(b.scale !== undefined && { scale: b.scale }),
    ...(b.fields !== undefined && { fields: b.fields }),
    ...(b.rawType !== undefined && { rawType: b.rawType }),
    ...(b.enumDef !== undefined && { enumDef: b.enumDef }),
    ...(b.fields !== undefined && { fields: b.fields }),
    ...(b.compositeDef !== undefined && { compositeDef: b.compositeDef }),
    isArray: false,
    nullable: false,
    domainDef: def,
  });
}

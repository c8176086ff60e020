/**
 * Types the schema declares besides enums: domains (`domainType`). Validated here into the IR;
 * their DDL, casts and codecs are built here for the render model.
 */
import { isSqlExpr, type DomainDef, type ColumnSpec } from '../schema-dsl/index.ts';
import { quoteIdent, quoteLiteral } from '@pgtwin/runtime/internal/sql-quote';
import { typeSpec } from '@pgtwin/runtime/internal/pg-types';
import { typeParamsOf, type ColumnIR, type CompositeIR, type DomainIR } from './ir.ts';

interface Issue {
  readonly file: string;
  readonly table?: string;
  readonly column?: string;
  readonly message: string;
}

/** A literal default (`.default(…)`, domain `default`) as SQL text, or why it cannot be one. */
export function literalDefaultSql(d: unknown): string | { problem: string } {
  if (isSqlExpr(d)) return d.text;
  if (typeof d === 'string') return quoteLiteral(d);
  if (typeof d === 'boolean') return d ? 'true' : 'false';
  if (typeof d === 'number' && Number.isFinite(d)) return String(d);
  return { problem: `default ${String(d)} is not a finite number, string, boolean or sql('...')` };
}

/**
 * Validates one domain declaration. `validateBase` validates its base type as a column (type,
 * parameters, enum) and returns its IR, or undefined after pushing issues.
 */
export function validateDomain(def: DomainDef, file: string, issues: Issue[], validateBase: (spec: ColumnSpec) => ColumnIR | undefined): DomainIR | undefined {
  const before = issues.length;
  const at = { file };
  const what = `domain "${def.name}"`;
  for (const p of def.problems) issues.push({ ...at, message: `${what}: ${p}` });
  const b = def.base;
  // An array of a domain as a base would need the inner domain's OID inside the base's binary form; not supported.
  if (b.domainDef && b.isArray) issues.push({ ...at, message: `${what}: a domain over an array of domain "${b.domainDef.name}" is not supported; declare it over an array of that domain's base type, or over the domain itself` });
  if (b.nullable || b.fill || b.default !== undefined || b.references || b.field !== undefined) {
    issues.push({ ...at, message: `${what}: the base type is a type only; give NOT NULL and DEFAULT as domainType options, not .nullable(), .default() or other column calls` });
  }
  const base = issues.length > before ? undefined : validateBase(b);
  const checks: { name: string; sql: string }[] = [];
  const names = new Set<string>();
  for (const c of def.checks) {
    const name = c.name ?? `${def.name}_check`;
    if (c.expr.text.trim() === '') issues.push({ ...at, message: `${what}: check ${JSON.stringify(name)} needs a non-empty sql('...') expression` });
    if (names.has(name)) issues.push({ ...at, message: `${what}: two checks are named ${JSON.stringify(name)}` });
    names.add(name);
    checks.push({ name, sql: c.expr.text });
  }
  let defaultSql: string | undefined;
  if (def.default !== undefined) {
    const d = literalDefaultSql(def.default);
    if (typeof d === 'string') defaultSql = d;
    else issues.push({ ...at, message: `${what}: ${d.problem}` });
  }
  if (!base || issues.length > before) return undefined;
  return Object.freeze({
    kind: 'domain' as const,
    name: def.name,
    base: Object.freeze({
      type: base.type,
      ...(base.length !== undefined && { length: base.length }),
      ...(base.precision !== undefined && { precision: base.precision }),
      ...(base.scale !== undefined && { scale: base.scale }),
      ...(base.fields !== undefined && { fields: base.fields }),
      ...(base.rawType !== undefined && { rawType: base.rawType }),
      ...(base.enumName !== undefined && { enumName: base.enumName, labels: base.labels ?? [] }),
      ...(base.fields !== undefined && { fields: base.fields }),
      ...(base.domain !== undefined && { domainName: base.domain.name }),
      ...(base.compositeName !== undefined && { compositeName: base.compositeName }),
      isArray: base.isArray,
    }),
    checks: Object.freeze(checks.map((c) => Object.freeze(c))),
    notNull: def.notNull,
    ...(defaultSql !== undefined && { defaultSql }),
    file,
  });
}

/** The base type as spelled in DDL and casts (`numeric(39,0)`, `text[]`, `"mood"`, another domain `"amount"`, a composite `"pair"`). */
export function domainBaseSql(d: DomainIR): string {
  const element = d.base.domainName !== undefined ? quoteIdent(d.base.domainName) : typeSpec(d.base.type).sql(typeParamsOf({ ...d.base } as ColumnIR));
  return `${element}${d.base.isArray ? '[]' : ''}`;
}

/** `CREATE DOMAIN "amount" AS numeric(39,0) NOT NULL DEFAULT 0 CONSTRAINT "amount_check" CHECK (VALUE >= 0);` */
export function createDomainSql(d: DomainIR): string {
  const parts = [`CREATE DOMAIN ${quoteIdent(d.name)} AS ${domainBaseSql(d)}`];
  if (d.notNull) parts.push('NOT NULL');
  if (d.defaultSql !== undefined) parts.push(`DEFAULT ${d.defaultSql}`);
  for (const c of d.checks) parts.push(`CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.sql})`);
  return `${parts.join(' ')};`;
}

/**
 * Composite types in the order `CREATE TYPE` needs them: a composite after those its fields
 * use, otherwise by name. A cycle is reported through `onCycle` and its members left out.
 */
export function orderComposites(composites: readonly CompositeIR[], onCycle: (c: CompositeIR, path: readonly string[]) => void): CompositeIR[] {
  const byName = new Map(composites.map((c) => [c.name, c]));
  const out: CompositeIR[] = [];
  const state = new Map<string, 'visiting' | 'done' | 'cycle'>();
  const visit = (c: CompositeIR, path: readonly string[]): boolean => {
    const s = state.get(c.name);
    if (s === 'done') return true;
    if (s === 'cycle') return false;
    if (s === 'visiting') {
      onCycle(c, [...path, c.name]);
      state.set(c.name, 'cycle');
      return false;
    }
    state.set(c.name, 'visiting');
    let ok = true;
    for (const f of [...c.fields].map((x) => x.compositeName).filter((n): n is string => n !== undefined).sort()) {
      const dep = byName.get(f);
      if (dep && !visit(dep, [...path, c.name])) ok = false;
    }
    if (state.get(c.name) === 'cycle') return false;
    state.set(c.name, ok ? 'done' : 'cycle');
    if (ok) out.push(c);
    return ok;
  };
  for (const c of [...composites].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) visit(c, []);
  return out;
}

/**
 * Domains and composite types in the order `CREATE DOMAIN` and `CREATE TYPE` need them: each
 * after the types it uses (a domain over another domain or a composite; a composite whose fields
 * are of a domain), otherwise domains by name, then composites in their own order.
 */
export function orderUserTypes(domains: readonly DomainIR[], composites: readonly CompositeIR[]): (DomainIR | CompositeIR)[] {
  const byName = new Map<string, DomainIR | CompositeIR>([...domains, ...composites].map((x) => [x.name, x]));
  const depsOf = (x: DomainIR | CompositeIR): string[] =>
    x.kind === 'domain'
      ? [x.base.domainName, x.base.compositeName].filter((n): n is string => n !== undefined)
      : [...new Set(x.fields.flatMap((f) => [f.domain?.name, f.compositeName].filter((n): n is string => n !== undefined)))].sort();
  const out: (DomainIR | CompositeIR)[] = [];
  const seen = new Set<string>();
  // Validation refuses cycles (composites) and a domain cannot name one declared after it, so this terminates.
  const visit = (x: DomainIR | CompositeIR): void => {
    if (seen.has(x.name)) return;
    seen.add(x.name);
    for (const n of depsOf(x)) {
      const dep = byName.get(n);
      if (dep) visit(dep);
    }
    out.push(x);
  };
  for (const x of [...domains, ...composites]) visit(x);
  return out;
}

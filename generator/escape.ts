/**
 * Every way a name or value from a schema (or from a database, through `pull`) is printed
 * into generated source: one function per output context. Templates and `pull` print
 * nothing derived from a SQL name without one of these. SQL identifiers and literals are
 * quoted by `quoteIdent`/`quoteLiteral` in runtime/pg-types.ts (the runtime needs them too);
 * they are re-exported here so generator code has one place to import from.
 */
export { quoteIdent, quoteLiteral } from '@pgtwin/runtime/internal/pg-types';

const LINE_TERMINATORS = /[\r\n\u2028\u2029]/g;

function unicodeEscape(c: string): string {
  return `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`;
}

/**
 * Any JSON-representable value as a TypeScript expression. JSON.stringify alone is not
 * enough: it leaves U+2028/U+2029 raw, which the TypeScript scanner takes as a line break
 * ("Unterminated string literal"). Lone surrogates are already escaped by JSON.stringify.
 */
export function jsLiteral(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error(`jsLiteral: ${typeof value} has no literal`);
  return json.replace(/[\u2028\u2029]/g, unicodeEscape);
}

/** A JS/TS string literal, double-quoted. */
export function jsString(s: string): string {
  return jsLiteral(String(s));
}

/**
 * Text inside a block or doc comment, kept on one line: `*\/` cannot close the comment, line
 * terminators are shown as escapes (a name cannot start a new doc line or a `@tag`), and `@` is
 * escaped as TSDoc's `\@` so a name cannot add a tag (`@deprecated`, `@type`) to the doc.
 */
export function commentText(s: string): string {
  return String(s)
    .replace(/\\/g, '\\\\')
    .replace(/\*\//g, '*\\/')
    .replace(LINE_TERMINATORS, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : unicodeEscape(c)))
    .replace(/@/g, '\\@');
}

/**
 * Text of a line comment (`// …` in TypeScript, `-- …` in SQL): a line terminator would end
 * the comment and turn the rest into code, so each is shown as an escape.
 */
export function lineCommentText(s: string): string {
  return String(s).replace(/\\/g, '\\\\').replace(LINE_TERMINATORS, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : unicodeEscape(c)));
}

/**
 * The body of a template literal (between backticks): backslash, backtick and `${` escaped;
 * CR escaped too, since a template literal turns a raw CR or CRLF into LF.
 */
export function templateLiteralText(s: string): string {
  return String(s).replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/\r/g, '\\r');
}

/**
 * A property key in an object literal or interface: bare when it is an identifier name, else a
 * string literal; `__proto__` is computed (`["__proto__"]`), since in an object literal both
 * `__proto__:` and `"__proto__":` set the prototype instead of adding a property.
 */
export function propertyKey(name: string): string {
  if (name === '__proto__') return `[${jsString(name)}]`;
  return IDENTIFIER_NAME.test(name) ? name : jsString(name);
}

const IDENTIFIER_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Reserved words of JavaScript (strict mode and modules included) and TypeScript type names
 * that cannot name a binding or a type: an identifier pgtwin derives is never one of these.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'arguments', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'eval',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new',
  'null', 'package', 'private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof',
  'var', 'void', 'while', 'with', 'yield', 'undefined', 'NaN', 'Infinity',
  // TypeScript: predefined type names cannot be declared as types.
  'any', 'bigint', 'boolean', 'never', 'number', 'object', 'string', 'symbol', 'unknown', 'type', 'as', 'satisfies',
]);

/**
 * Names of Object.prototype members (`__proto__`, `constructor`, `toString`…): as a row field,
 * `row[field]` would read the prototype's member when the field is absent, and assigning
 * `__proto__` replaces the prototype instead of storing a value.
 */
export const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

export function isIdentifierName(s: string): boolean {
  return IDENTIFIER_NAME.test(s);
}

/** `closed_at` → `closedAt`; other names keep their case, separators removed (may be empty or start with a digit). */
export function camelCase(name: string): string {
  const parts = String(name).split(/[^A-Za-z0-9]+/).filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('');
}

/**
 * A row field name derived from a column name: `closed_at` → `closedAt`. Always an identifier
 * (`_` in front of a leading digit, `column` when nothing is left) and never an
 * Object.prototype member name (`constructor` → `constructor_`). Reserved words stay: a
 * property may be named `class`.
 */
export function fieldName(column: string): string {
  let f = camelCase(column);
  if (f === '') f = 'column';
  if (/^[0-9]/.test(f)) f = `_${f}`;
  return PROTOTYPE_NAMES.has(f) ? `${f}_` : f;
}

/**
 * A binding or type name derived from a SQL name: valid, not a reserved word, and not a
 * prototype member name. `pascal` gives `StateChanges` (`T` in front of a leading digit),
 * `camel` gives `stateChanges`. Accents are folded (NFKD) and other non-ASCII characters dropped.
 */
export function identifierFrom(name: string, style: 'camel' | 'pascal'): string {
  const camel = camelCase(String(name).normalize('NFKD').replace(/[^A-Za-z0-9_ -]/g, ''));
  const pascal = camel.charAt(0).toUpperCase() + camel.slice(1);
  const base = /^[A-Za-z]/.test(pascal) ? pascal : `T${pascal}`;
  const id = style === 'pascal' ? base : base.charAt(0).toLowerCase() + base.slice(1);
  return RESERVED_WORDS.has(id) || PROTOTYPE_NAMES.has(id) ? `${id}_` : id;
}

/** Windows reserves these device names whatever the extension. */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * A portable file name stem from a SQL name: ASCII lowercase letters, digits and `-` only (so
 * no two names differ only in case, which collide on macOS and Windows), never a Windows
 * device name and never one of `reserved` (`index`, `database`, …), which get a `table-` prefix.
 * `state_changes` → `state-changes`.
 */
export function fileStem(name: string, reserved: ReadonlySet<string>): string {
  const base = String(name)
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return base === '' || reserved.has(base) || WINDOWS_DEVICES.test(base) ? `table-${base || 'x'}` : base;
}

/**
 * Distinct names for `sources` (in the order given, which must be deterministic: pgtwin
 * passes catalog order, sorted by SQL name). Each source gets `derive(source)` unless that
 * is already taken (compared after `fold`, e.g. lowercase for file names) or in `taken`;
 * then the first free `derive(source) + separator + n` for n = 2, 3, … A source whose
 * derived name is unique keeps it even when another source needs a suffix.
 */
export function uniqueNames(
  sources: readonly string[],
  derive: (source: string) => string,
  options: { readonly separator: string; readonly taken?: Iterable<string>; readonly fold?: (s: string) => string },
): Map<string, string> {
  const fold = options.fold ?? ((s: string) => s);
  const used = new Set([...(options.taken ?? [])].map(fold));
  const wanted = sources.map(derive);
  const count = new Map<string, number>();
  for (const w of wanted) count.set(fold(w), (count.get(fold(w)) ?? 0) + 1);
  const out = new Map<string, string>();
  // First pass: every uncontested name keeps its derived form.
  sources.forEach((s, i) => {
    const w = wanted[i] as string;
    if (count.get(fold(w)) === 1 && !used.has(fold(w))) {
      out.set(s, w);
      used.add(fold(w));
    }
  });
  // Second pass: contested names in order; the first free one keeps the plain name.
  sources.forEach((s, i) => {
    if (out.has(s)) return;
    const w = wanted[i] as string;
    let name = w;
    for (let n = 2; used.has(fold(name)); n++) name = `${w}${options.separator}${n}`;
    out.set(s, name);
    used.add(fold(name));
  });
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** File stems of the folders pgtwin writes that a table's file must not take. */
const RESERVED_FILE_STEMS: ReadonlySet<string> = new Set(['index', 'database', 'enums']);

/**
 * Type bases a table cannot take: `Partition` would make `PartitionKey`, which a partitioned
 * table's module imports from the runtime.
 */
const RESERVED_TYPE_BASES = ['Partition'];

export interface TableNames {
  /** File stem, unique among the tables ignoring case: `state-changes`, `a-b-2`. */
  readonly file: string;
  /** Type name prefix: `StateChanges` → `StateChangesInsert`, `StateChangesRow`… */
  readonly typeBase: string;
  /** Export name (namespace in generated/index.ts, default export in schema/index.ts): `stateChanges`. */
  readonly exportName: string;
}

/** What a schema pins with `defineTable({ names: { export, file } })`; absent keys are derived. */
export interface PinnedNames {
  readonly export?: string;
  readonly file?: string;
}

/** A portable file stem a schema may pin: lowercase ASCII letters and digits in `-`-separated words. */
const FILE_STEM = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `aB2` → `AB2`: the type names of a table whose export name is pinned. */
function typeBaseOf(exportName: string): string {
  return exportName.charAt(0).toUpperCase() + exportName.slice(1);
}

/** The names derived from a table's SQL name alone (what it gets when nothing collides and nothing is pinned). */
export function derivedTableNames(table: string): TableNames {
  const pascal = identifierFrom(table, 'pascal');
  // `Partition2`: a fixed suffix (not a position), so no other table's name moves.
  const typeBase = RESERVED_TYPE_BASES.includes(pascal) ? `${pascal}2` : pascal;
  const camel = typeBase.charAt(0).toLowerCase() + typeBase.slice(1);
  return { file: fileStem(table, RESERVED_FILE_STEMS), typeBase, exportName: RESERVED_WORDS.has(camel) || PROTOTYPE_NAMES.has(camel) ? `${camel}_` : camel };
}

/** Why a pinned export or file name cannot be used, or undefined when it can. */
export function pinnedNameProblem(kind: 'export' | 'file', name: unknown): string | undefined {
  if (typeof name !== 'string') return `names.${kind} must be a string, not ${typeof name}`;
  if (kind === 'export') {
    if (!isIdentifierName(name)) return `names.export "${name}" is not a TypeScript identifier (ASCII letters, digits, _ and $, not starting with a digit)`;
    if (RESERVED_WORDS.has(name) || PROTOTYPE_NAMES.has(name)) return `names.export "${name}" is a reserved word or an Object.prototype member`;
    if (RESERVED_TYPE_BASES.includes(typeBaseOf(name))) return `names.export "${name}" would name the types ${typeBaseOf(name)}Key…, which a partitioned table's module imports from the runtime`;
    return undefined;
  }
  if (!FILE_STEM.test(name)) return `names.file "${name}" is not a portable file stem (lowercase ASCII letters and digits in words joined by -, no extension, such as "state-changes-2")`;
  if (RESERVED_FILE_STEMS.has(name) || WINDOWS_DEVICES.test(name)) return `names.file "${name}" is reserved (index, database, enums and Windows device names)`;
  return undefined;
}

/** The effective names of one table: pinned where the schema pins them, derived elsewhere. */
export function effectiveTableNames(table: string, pinned: PinnedNames | undefined): TableNames {
  const derived = derivedTableNames(table);
  const exportName = pinned?.export ?? derived.exportName;
  return { file: pinned?.file ?? derived.file, typeBase: pinned?.export === undefined ? derived.typeBase : typeBaseOf(exportName), exportName };
}

/** Tables whose effective names are equal: `what` is the shared name. */
export interface NameCollision {
  readonly kind: 'file' | 'export' | 'type';
  readonly name: string;
  /** SQL names, sorted. */
  readonly tables: readonly string[];
}

/** Every group of tables sharing a file (ignoring case), an export name or a type name prefix. */
export function tableNameCollisions(names: ReadonlyMap<string, TableNames>): NameCollision[] {
  const out: NameCollision[] = [];
  const group = (kind: NameCollision['kind'], key: (n: TableNames) => string) => {
    const by = new Map<string, string[]>();
    for (const [t, n] of names) by.set(key(n), [...(by.get(key(n)) ?? []), t]);
    for (const [name, tables] of by) if (tables.length > 1) out.push({ kind, name, tables: tables.sort(cmp) });
  };
  group('file', (n) => n.file.toLowerCase());
  group('export', (n) => n.exportName);
  group('type', (n) => n.typeBase);
  return out;
}

/**
 * The file, type and export names of every table: pinned (`defineTable({ names })`) or
 * derived from the SQL name. Never numbered here: a number given by position would move to
 * another table when a colliding one is added (`aB` would silently write to the new table),
 * so colliding names are refused (validation reports them; `pull` pins numbered names into
 * the files it writes, see `pullTableNames`).
 */
export function tableNames(tables: Iterable<{ readonly name: string; readonly names?: PinnedNames | undefined }>): Map<string, TableNames> {
  const out = new Map<string, TableNames>();
  for (const t of [...tables].sort((a, b) => cmp(a.name, b.name))) out.set(t.name, effectiveTableNames(t.name, t.names));
  const collisions = tableNameCollisions(out);
  if (collisions.length > 0) throw new Error(`colliding table names: ${collisions.map((c) => `${c.kind} ${c.name}: ${c.tables.map((t) => JSON.stringify(t)).join(', ')}`).join('; ')}`);
  return out;
}

/** What an existing schema folder already holds, which a pull keeps. */
export interface ExistingNames {
  /** Tables already declared: their effective names, and their columns' fields. */
  readonly tables: ReadonlyMap<string, { readonly names: TableNames; readonly fields: ReadonlyMap<string, string> }>;
  /** Enums already declared: SQL name → the variable that exports it. */
  readonly enums: ReadonlyMap<string, string>;
  /** File stems present in the folder (any file). */
  readonly files: readonly string[];
  /** Names exported by any schema file, index.ts included. */
  readonly exports: readonly string[];
}

/**
 * Names for the tables `pull` writes. A table the schema folder already declares keeps its
 * names; a new one gets its derived names when free, else the first free number (in catalog
 * order, sorted by SQL name), never a file or export an existing schema file holds. The caller
 * pins (writes `names: { … }`) every name that differs from the derived one, so a later pull
 * or codegen never renumbers it.
 */
export function pullTableNames(tables: Iterable<string>, existing: ExistingNames | undefined): Map<string, TableNames> {
  const sorted = [...new Set(tables)].sort(cmp);
  const kept = new Map<string, TableNames>();
  for (const t of sorted) {
    const e = existing?.tables.get(t);
    if (e) kept.set(t, e.names);
  }
  const fresh = sorted.filter((t) => !kept.has(t));
  const keptNames = [...(existing?.tables.values() ?? [])].map((e) => e.names);
  const takenFiles = [...(existing?.files ?? []), ...keptNames.map((n) => n.file)];
  const takenExports = [...(existing?.exports ?? []), ...keptNames.map((n) => n.exportName)];
  const files = uniqueNames(fresh, (t) => derivedTableNames(t).file, { separator: '-', fold: (s) => s.toLowerCase(), taken: takenFiles });
  // Type bases: unique with the kept ones' and those of every existing export (`aB` takes `AB`).
  const types = uniqueNames(fresh, (t) => derivedTableNames(t).typeBase, {
    separator: '',
    taken: [...RESERVED_TYPE_BASES, ...keptNames.map((n) => n.typeBase), ...takenExports.map(typeBaseOf)],
  });
  const out = new Map<string, TableNames>();
  for (const t of sorted) {
    const k = kept.get(t);
    if (k) {
      out.set(t, k);
      continue;
    }
    const derived = derivedTableNames(t);
    const typeBase = types.get(t) as string;
    const exportName = typeBase === derived.typeBase ? derived.exportName : typeBase.charAt(0).toLowerCase() + typeBase.slice(1);
    out.set(t, { file: files.get(t) as string, typeBase, exportName });
  }
  return out;
}

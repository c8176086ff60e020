/**
 * DDL for indexes, CHECK constraints, foreign keys, storage parameters and comments (called
 * from model.ts). Identifiers are always quoted; expressions are the schema author's SQL text.
 */
import { commentText } from './escape.ts';
import { quoteIdent, quoteLiteral } from '@pgtwin/runtime/internal/sql-quote';
import type { ColumnIR, TableIR } from './ir.ts';
import { extrasOf, type ForeignKeyActionIR, type ForeignKeyOptionsIR, type IndexIR, type StorageParamIR } from './table-extras.ts';

const ACTION_SQL: Record<ForeignKeyActionIR, string> = { noAction: 'NO ACTION', restrict: 'RESTRICT', cascade: 'CASCADE', setNull: 'SET NULL', setDefault: 'SET DEFAULT' };

/** `MATCH FULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED`: only what differs from PostgreSQL's defaults. */
function foreignKeyTail(o: ForeignKeyOptionsIR | undefined): string {
  if (!o) return '';
  return [
    o.matchFull ? ' MATCH FULL' : '',
    o.onDelete !== 'noAction' ? ` ON DELETE ${ACTION_SQL[o.onDelete]}` : '',
    o.onUpdate !== 'noAction' ? ` ON UPDATE ${ACTION_SQL[o.onUpdate]}` : '',
    o.deferrable ? ' DEFERRABLE' : '',
    o.initiallyDeferred ? ' INITIALLY DEFERRED' : '',
  ].join('');
}

/** A column's `REFERENCES` clause, with its name and options. */
export function referencesSql(r: NonNullable<ColumnIR['references']>): string {
  const name = r.options?.name ? `CONSTRAINT ${quoteIdent(r.options.name)} ` : '';
  return `${name}REFERENCES ${quoteIdent(r.table)} (${quoteIdent(r.column)})${foreignKeyTail(r.options)}`;
}

/** CHECK and table-level FOREIGN KEY constraints, as lines of CREATE TABLE. */
export function tableConstraintsSql(t: TableIR): string[] {
  const x = extrasOf(t);
  return [
    ...x.checks.map((c) => `CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expr})`),
    ...x.foreignKeys.map((fk) => `${fk.name ? `CONSTRAINT ${quoteIdent(fk.name)} ` : ''}FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${quoteIdent(fk.table)} (${fk.refColumns.map(quoteIdent).join(', ')})${foreignKeyTail(fk)}`),
  ];
}

function paramsSql(p: readonly StorageParamIR[]): string {
  return p.map((x) => `${x.name} = ${x.value}`).join(', ');
}

export function createIndexSql(t: TableIR, i: IndexIR): string {
  const keys = i.keys.map((k) => {
    const base = k.column !== null ? quoteIdent(k.column) : `(${k.expr})`;
    const collation = k.collation ? ` COLLATE ${quoteIdent(k.collation)}` : '';
    const opclass = k.opclass ? ` ${quoteIdent(k.opclass)}` : '';
    const order = k.desc ? ' DESC' : '';
    const nulls = k.nullsFirst !== k.desc ? (k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : '';
    return `${base}${collation}${opclass}${order}${nulls}`;
  });
  return [
    `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(i.name)} ON ${quoteIdent(t.name)} USING ${i.method} (${keys.join(', ')})`,
    i.include.length ? ` INCLUDE (${i.include.map(quoteIdent).join(', ')})` : '',
    i.with.length ? ` WITH (${paramsSql(i.with)})` : '',
    i.where !== null ? ` WHERE ${i.where}` : '',
    ';',
  ].join('');
}

/** Statements after a table and its partitions: storage parameters, indexes, comments. */
export function afterTableSql(t: TableIR): string[] {
  const x = extrasOf(t);
  const q = quoteIdent(t.name);
  return [
    ...(x.storage.length ? [`ALTER TABLE ${q} SET (${paramsSql(x.storage)});`] : []),
    ...x.indexes.map((i) => createIndexSql(t, i)),
    ...(x.comment !== null ? [`COMMENT ON TABLE ${q} IS ${quoteLiteral(x.comment)};`] : []),
    ...t.columns.filter((c) => c.comment !== undefined).map((c) => `COMMENT ON COLUMN ${q}.${quoteIdent(c.name)} IS ${quoteLiteral(c.comment as string)};`),
  ];
}

/** A column's comment as the start of its field's doc comment (`Amount in stroops. `), escaped. */
export function columnCommentDoc(c: ColumnIR): string {
  return c.comment === undefined || c.comment === '' ? '' : `${commentText(c.comment)} `;
}

/** The table's comment as a doc-comment line of its row types (empty: none). */
export function tableCommentDoc(t: TableIR): string {
  const c = extrasOf(t).comment;
  return c === null || c === '' ? '' : commentText(c);
}

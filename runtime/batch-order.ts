/**
 * Batch row order: rows sorted by key (so concurrent writers lock rows in the same order),
 * duplicate keys rejected or collapsed. Pure: keys are compared as their encodings.
 */
import { ByteWriter } from './byte-writer.ts';
import { PgTwinValueError } from './errors.ts';
import { checkRow, EMPTY_CONTEXT, missing, rowError, type KnownFields } from './row-encoders.ts';
import type { ColumnDefinition, TableDefinition } from './table-definition.ts';

const keyWriter = new ByteWriter(1 << 12);

/**
 * A row's key as a string of its key encodings (length-prefixed): equal exactly when
 * PostgreSQL's equality says so — 5, '5' and 5n; a Date and the same instant as a string;
 * 'USD' and 'USD ' in char(n); '1' and '1.0' in numeric; 0 and -0; 1 day and 24 hours. Only an
 * order every writer agrees on matters for deadlock avoidance, not its meaning.
 */
export function keyOf(def: TableDefinition, row: unknown, rowIndex: number, indexes: readonly number[], known: KnownFields | null = null): string {
  checkRow(def, row, rowIndex);
  const w = keyWriter;
  w.pos = 0;
  for (const i of indexes) {
    const c = def.columns[i] as ColumnDefinition;
    const v = row[c.field];
    if (v === null || v === undefined) throw missing(def, c, rowIndex, v, known, row);
    const at = w.beginLength();
    try {
      if (c.codec.writeKey) c.codec.writeKey(w, v);
      else c.codec.writeBinary(w, v, EMPTY_CONTEXT);
    } catch (err) {
      throw rowError(def, c.name, rowIndex, v, err);
    }
    w.endLength(at);
  }
  return w.buf.toString('latin1', 0, w.pos);
}

export function keyNames(def: TableDefinition, indexes: readonly number[]): string {
  return indexes.map((i) => def.columns[i]?.name).join(', ');
}

/** Row order for a batch: sorted by key when asked, duplicates rejected or collapsed. */
export function batchOrder(
  def: TableDefinition,
  rows: readonly unknown[],
  indexes: readonly number[] | null,
  options: { sort: boolean; duplicates: 'allow' | 'reject' | 'lastWins' },
  known: KnownFields | null = null,
): number[] {
  if (!indexes || (!options.sort && options.duplicates === 'allow')) return rows.map((_, i) => i);
  const keyed = rows.map((row, i) => ({ key: keyOf(def, row, i, indexes, known), i }));
  if (options.duplicates !== 'allow') {
    const last = new Map<string, number>();
    for (const k of keyed) {
      const prev = last.get(k.key);
      if (prev !== undefined && options.duplicates === 'reject') {
        const first = def.columns[indexes[0] as number] as ColumnDefinition;
        const row = rows[k.i] as Record<string, unknown>;
        throw new PgTwinValueError({
          table: def.table,
          column: keyNames(def, indexes),
          rowIndex: k.i,
          value: row[first.field],
          reason: `duplicate key (${keyNames(def, indexes)}) in one batch: rows ${prev} and ${k.i} have the same key (upsert.duplicates is 'reject')`,
        });
      }
      last.set(k.key, k.i);
    }
    if (options.duplicates === 'lastWins' && last.size < keyed.length) {
      const keep = new Set(last.values());
      return filterSort(keyed.filter((k) => keep.has(k.i)), options.sort);
    }
  }
  return filterSort(keyed, options.sort);
}

function filterSort(keyed: { key: string; i: number }[], sort: boolean): number[] {
  if (sort) keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  return keyed.map((k) => k.i);
}

/** Refuses a batchApply that both upserts and deletes one key: which wins would depend on statement internals. */
export function checkUpsertsNotDeleted(def: TableDefinition, deleteDef: TableDefinition, deleteKey: readonly number[], upserts: readonly unknown[], deletes: readonly unknown[]): void {
  const deleting = new Set(deletes.map((k, i) => keyOf(deleteDef, k, i, deleteDef.columns.map((_, j) => j))));
  upserts.forEach((row, i) => {
    if (deleting.has(keyOf(def, row, i, deleteKey))) {
      const first = def.columns[deleteKey[0] as number] as ColumnDefinition;
      throw new PgTwinValueError({
        table: def.table,
        column: keyNames(def, deleteKey),
        rowIndex: i,
        value: (row as Record<string, unknown>)[first.field],
        reason: `key (${keyNames(def, deleteKey)}) is both upserted (row ${i}) and deleted in one batchApply; split the change`,
      });
    }
  });
}

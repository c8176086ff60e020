/**
 * SQL quoting, the one place for it (generator and runtime): identifiers are always quoted,
 * and the few literals pgtwin prints into SQL text (DDL defaults, enum labels, partition
 * bounds, TimescaleDB/Citus options) go through `quoteLiteral`. Row values never do: they
 * travel as parameters or COPY data.
 */

/** Quotes an SQL identifier: always double-quoted, embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an SQL string literal (standard_conforming_strings on: only `'` is doubled). */
export function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

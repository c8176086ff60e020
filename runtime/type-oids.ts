import type { ClientBase } from 'pg';
import { runStatement, type Queryable } from './queryable.ts';

export interface TypeOids {
  readonly oid: number;
  readonly arrayOid: number;
}

/**
 * Enum OIDs differ per database, and binary COPY of an enum array must name its element
 * OID. They are looked up once per connection and cached for its lifetime (a type dropped
 * and recreated while the connection is open needs a new connection).
 */
const cache = new WeakMap<ClientBase, Map<string, TypeOids>>();

export async function lookupTypeOids(client: ClientBase, typeNames: readonly string[]): Promise<ReadonlyMap<string, TypeOids>> {
  let known = cache.get(client);
  if (!known) {
    known = new Map();
    cache.set(client, known);
  }
  const missing = typeNames.filter((n) => !known.has(n));
  if (missing.length > 0) {
    const { rows } = await client.query<{ name: string; oid: number; array_oid: number }>(
      'SELECT n.name, t.oid::int4 AS oid, t.typarray::int4 AS array_oid FROM unnest($1::text[]) AS n(name) JOIN pg_type t ON t.oid = n.name::regtype',
      [missing],
    );
    for (const r of rows) known.set(r.name, { oid: r.oid, arrayOid: r.array_oid });
  }
  return known;
}

/** What the server's money is under its lc_monetary, as the check below probes it. */
interface MoneyLocale {
  readonly lcMonetary: string;
  readonly fractionDigits: number;
  /** The decimal point cash_out prints (mon_decimal_point), or null with no fraction digits. */
  readonly decimalPoint: string | null;
}

/**
 * money's amounts depend on the server's lc_monetary: its fraction digits say what the int64 of
 * binary COPY and UNNEST counts (cents with 2), and its decimal point how text is read (`1.50` is
 * 150.00 where it is `,`). pgtwin sends cents and `.`: checked once per connection (or per Pool
 * or Kysely instance, whose connections share the database's setting), cached like enum OIDs;
 * a SET lc_monetary later on the same connection is not seen.
 */
const moneyLocales = new WeakMap<object, Promise<MoneyLocale>>();

/** Probes without text input (which could fail to parse): numeric→money never does. */
const MONEY_PROBE = "SELECT current_setting('lc_monetary') AS lc, scale(1::numeric::money::numeric)::int4 AS digits, (1.5::numeric::money)::text AS sample";

async function probeMoneyLocale(db: Queryable): Promise<MoneyLocale> {
  const row = (await runStatement(db, MONEY_PROBE, [])).rows[0] ?? {};
  const fractionDigits = Number(row.digits);
  // cash_out of 1.5: "1" then the decimal point then "5" (and zeros), with a currency symbol around.
  const point = fractionDigits > 0 ? /1(\D+)5/.exec(String(row.sample))?.[1] ?? null : null;
  return { lcMonetary: String(row.lc), fractionDigits, decimalPoint: point };
}

/**
 * Refuses, before anything is sent, a table with money columns on a server whose money is not
 * 2 fraction digits with a `.` decimal point: every path would store other amounts than a plain
 * INSERT of the same text. `db`: a pg client (what COPY runs on), Pool, or Kysely instance.
 */
export async function checkMoneyLocale(db: Queryable | ClientBase, table: string, moneyColumns: readonly string[]): Promise<void> {
  if (moneyColumns.length === 0) return;
  let probe = moneyLocales.get(db);
  if (!probe) {
    probe = probeMoneyLocale(db as Queryable);
    moneyLocales.set(db, probe);
    // A failed probe (connection lost) is not cached.
    probe.catch(() => moneyLocales.delete(db));
  }
  const m = await probe;
  if (m.fractionDigits === 2 && m.decimalPoint === '.') return;
  const money = m.fractionDigits === 0 ? 'no fraction digits' : `${m.fractionDigits} fraction digits and decimal point ${JSON.stringify(m.decimalPoint)}`;
  throw new Error(
    `pgtwin: table "${table}", column${moneyColumns.length > 1 ? 's' : ''} ${moneyColumns.map((c) => `"${c}"`).join(', ')} (money): the server's lc_monetary is ${JSON.stringify(m.lcMonetary)}, whose money has ${money}; pgtwin sends money as amounts in cents with a "." decimal point (as under lc_monetary C), which this server would store as other amounts. Set lc_monetary to C (or a locale with 2 fraction digits and ".") for the database, role or connection, or use numeric`,
  );
}

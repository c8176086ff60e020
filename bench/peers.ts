/**
 * What a user would otherwise pick to load the same rows, each written the way its own
 * documentation shows. A peer that cannot store a value fails or stores something else:
 * run.ts records the error or the digest mismatch, and both are findings.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import databases from '@databases/pg';
import { bulkInsert } from '@databases/pg-bulk';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import copyStreamsBinaryModule from 'pg-copy-streams-binary';
import pgPromise from 'pg-promise';
import postgres from 'postgres';
import { SQL_COLUMNS, type SqlRow } from './data.ts';

/** One method, opened once (connections outside the timed part), then run once per measurement. */
export interface Runner {
  run(): Promise<void>;
  close(): Promise<void>;
}

export interface PeerMethod {
  readonly method: string;
  /** Rows per statement (null: one stream). */
  readonly batch: number | null;
  open(url: string, rows: readonly SqlRow[]): Promise<Runner>;
}

const TABLE = 'ledger_entries';
const COLUMN_LIST = SQL_COLUMNS.map((c) => `"${c}"`).join(', ');

/** Ten columns: 5,000 rows is 50,000 bind parameters, under the protocol's 65,535. */
const PARAM_BATCH = 5000;
/** Peers that inline values or send one array per column have no parameter cap. */
const WIDE_BATCH = 10000;

function* batches<T>(rows: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

interface BenchDatabase {
  ledger_entries: {
    id: number;
    hash: Buffer;
    ledger: number;
    closed_at: string;
    amount: string;
    memo: string;
    note: string | null;
    flag: boolean;
    meta: object | null;
    tags: (string | null)[] | null;
  };
}

const kysely: PeerMethod = {
  method: 'kysely.insert.onConflict',
  batch: PARAM_BATCH,
  async open(url, rows) {
    const db = new Kysely<BenchDatabase>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
    return {
      async run() {
        for (const b of batches(rows, PARAM_BATCH)) {
          await db
            .insertInto(TABLE)
            .values(b as BenchDatabase['ledger_entries'][])
            .onConflict((oc) => oc.column('id').doNothing())
            .execute();
        }
      },
      close: () => db.destroy(),
    };
  },
};

const pgPromiseInsert: PeerMethod = {
  method: 'pg-promise.helpers.insert',
  batch: WIDE_BATCH,
  async open(url, rows) {
    const pgp = pgPromise();
    const db = pgp(url);
    const cs = new pgp.helpers.ColumnSet([...SQL_COLUMNS], { table: TABLE });
    return {
      async run() {
        for (const b of batches(rows, WIDE_BATCH)) await db.none(pgp.helpers.insert(b as SqlRow[], cs));
      },
      close: async () => pgp.end(),
    };
  },
};

const postgresInsert: PeerMethod = {
  method: 'postgres.js.insert',
  batch: PARAM_BATCH,
  async open(url, rows) {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    return {
      async run() {
        for (const b of batches(rows, PARAM_BATCH)) {
          await sql`INSERT INTO ledger_entries ${sql(b as unknown as Record<string, postgres.ParameterOrJSON<never>>[], ...SQL_COLUMNS)}`;
        }
      },
      close: () => sql.end(),
    };
  },
};

/** COPY text escaping as a user writes it next to postgres.js's writable (which takes bytes only). */
function copyEscape(s: string): string {
  return s.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

function copyLine(r: SqlRow): string {
  const tags =
    r.tags === null ? '\\N' : copyEscape(`{${r.tags.map((t) => (t === null ? 'NULL' : `"${t.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`);
  return `${r.id}\t\\\\x${r.hash.toString('hex')}\t${r.ledger}\t${r.closed_at}\t${r.amount}\t${copyEscape(r.memo)}\t${
    r.note === null ? '\\N' : copyEscape(r.note)
  }\t${r.flag ? 't' : 'f'}\t${r.meta === null ? '\\N' : copyEscape(JSON.stringify(r.meta))}\t${tags}\n`;
}

/** ~64 KB writes, like pgtwin's chunks: one write per row would measure the stream, not the encoder. */
function* copyTextChunks(rows: readonly SqlRow[]): Generator<string> {
  let out = '';
  for (const r of rows) {
    out += copyLine(r);
    if (out.length >= 1 << 16) {
      yield out;
      out = '';
    }
  }
  if (out.length > 0) yield out;
}

const postgresCopy: PeerMethod = {
  method: 'postgres.js.copy.writable',
  batch: null,
  async open(url, rows) {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    return {
      async run() {
        const writable: Writable = await sql.unsafe(`COPY ${TABLE} (${COLUMN_LIST}) FROM STDIN`).writable();
        for (const chunk of copyTextChunks(rows)) {
          if (!writable.write(chunk)) await once(writable, 'drain');
        }
        writable.end();
        await once(writable, 'finish');
      },
      close: () => sql.end(),
    };
  },
};

// CommonJS with `exports.default`: under NodeNext the default import is the module object.
const { default: createConnectionPool, sql: dbSql } = databases;
const { rowWriter } = copyStreamsBinaryModule;

const pgBulk: PeerMethod = {
  method: '@databases/pg-bulk.bulkInsert',
  batch: WIDE_BATCH,
  async open(url, rows) {
    const db = createConnectionPool({ connectionString: url, poolSize: 1, bigIntMode: 'number' });
    const columnTypes = {
      id: dbSql`int8`,
      hash: dbSql`bytea`,
      ledger: dbSql`int4`,
      closed_at: dbSql`timestamptz`,
      amount: dbSql`numeric(39,0)`,
      memo: dbSql`text`,
      note: dbSql`text`,
      flag: dbSql`bool`,
      meta: dbSql`jsonb`,
      tags: dbSql`text[]`,
    };
    return {
      async run() {
        for (const b of batches(rows, WIDE_BATCH)) {
          await bulkInsert({ database: db, tableName: TABLE, columnTypes, columnsToInsert: SQL_COLUMNS, records: b });
        }
      },
      close: () => db.dispose(),
    };
  },
};

/** pg-copy-streams-binary has no numeric type; `numeric` is asked for by name so the failure is its own. */
const copyStreamsBinary: PeerMethod = {
  method: 'pg-copy-streams-binary',
  batch: null,
  async open(url, rows) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      async run() {
        const writer = rowWriter();
        const copy = client.query(copyFrom(`COPY ${TABLE} (${COLUMN_LIST}) FROM STDIN (FORMAT binary)`));
        const done = pipeline(writer, copy);
        for (const r of rows) {
          const ok = writer.write([
            { type: 'int8', value: BigInt(r.id) },
            { type: 'bytea', value: r.hash },
            { type: 'int4', value: r.ledger },
            // Its timestamptz takes a Date: the microseconds are lost.
            { type: 'timestamptz', value: new Date(r.closed_at) },
            { type: 'numeric', value: r.amount },
            { type: 'text', value: r.memo },
            { type: 'text', value: r.note },
            { type: 'bool', value: r.flag },
            { type: 'jsonb', value: r.meta },
            { type: '_text', value: r.tags },
          ]);
          if (!ok) await Promise.race([once(writer, 'drain'), done]);
        }
        writer.end();
        await done;
      },
      close: () => client.end(),
    };
  },
};

export const peers: readonly PeerMethod[] = [kysely, pgPromiseInsert, postgresInsert, postgresCopy, pgBulk, copyStreamsBinary];

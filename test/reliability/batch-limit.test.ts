/**
 * A batch whose parameters exceed what PostgreSQL reads in one message is refused before
 * sending, with the size, the limit and the advice; a batch exactly at the limit goes through.
 * Both sides are tried on the real server, with the Bind message's length word read off the
 * socket, so the limit is the server's and the size is what node-postgres really sends.
 *
 * Memory: about 1 GiB of parameters per call (the rows share their buffers), one call at a
 * time; this is the only test file that goes near the limit.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../generator/model.ts';
import { validateSchema } from '../../generator/validate.ts';
import { bytea as byteaColumn, defineTable as defineSchemaTable, integer as integerColumn, text as textColumn } from '../../schema-dsl/index.ts';
import * as codecs from '@pgtwin/runtime/internal/codecs/index';
import { PgTwinBatchTooLargeError, PgTwinError } from '@pgtwin/runtime/internal/errors';
import { PG_TYPES } from '@pgtwin/runtime/internal/pg-types';
import { defineTable, type TableDefinition } from '@pgtwin/runtime/internal/table';
import { bindMessageLength, MAX_MESSAGE_LENGTH } from '@pgtwin/runtime/internal/unnest-parameters';

/** V8's longest string on 64-bit (node:buffer's MAX_STRING_LENGTH), written out so the test pins it. */
const MAX_STRING_LENGTH = 536870888;
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

/** The generator's own statements for `big` (k bytea key, a and b bytea), so the test sends what a generated module sends. */
function bigTable(): TableDefinition {
  const schema = defineSchemaTable({ name: 'big', columns: { k: byteaColumn(), a: byteaColumn(), b: byteaColumn() }, primaryKey: ['k'], upsert: {}, deleteKey: 'primaryKey' });
  const model = buildModel(validateSchema({ modules: [{ file: 'schema/big.ts', exports: { default: schema } }], index: { file: 'schema/index.ts', exports: { big: schema } } }));
  const t = model.tables[0];
  if (!t) throw new Error('no table model');
  const sql = Object.fromEntries([['copyBinary', t.copyBinarySql], ['copyText', t.copyTextSql], ['batchInsert', t.batchInsertSql], ...t.extraSqlEntries.map((e) => [e.key, e.sql])].map(([k, v]) => [k, JSON.parse(v as string) as string]));
  const codec = PG_TYPES.bytea.codec();
  return {
    table: 'big',
    columns: ['k', 'a', 'b'].map((name) => ({ name, field: name, nullable: false, codec, paramOid: PG_TYPES.bytea.oids.oid })),
    sql: sql as unknown as TableDefinition['sql'],
    keys: { conflict: [0], upsert: [0], delete: [0] },
  };
}

/** The same for `tagged` (k int4 key, tags text[]): a text array literal parameter. */
function taggedTable(): TableDefinition {
  const schema = defineSchemaTable({ name: 'tagged', columns: { k: integerColumn(), tags: textColumn().array() }, primaryKey: ['k'] });
  const model = buildModel(validateSchema({ modules: [{ file: 'schema/tagged.ts', exports: { default: schema } }], index: { file: 'schema/index.ts', exports: { tagged: schema } } }));
  const t = model.tables[0];
  if (!t) throw new Error('no table model');
  return {
    table: 'tagged',
    columns: [
      { name: 'k', field: 'k', nullable: false, codec: PG_TYPES.integer.codec(), paramOid: PG_TYPES.integer.oids.oid },
      { name: 'tags', field: 'tags', nullable: false, codec: codecs.arrayCodec(PG_TYPES.text.codec(), PG_TYPES.text.oids.oid), paramOid: null },
    ],
    sql: { copyBinary: JSON.parse(t.copyBinarySql), copyText: JSON.parse(t.copyTextSql), batchInsert: JSON.parse(t.batchInsertSql) } as TableDefinition['sql'],
    keys: { conflict: [0], upsert: null, delete: null },
  };
}

const big = defineTable<{ k: Buffer; a: Buffer; b: Buffer }>(bigTable());
const ELEMENT = 65536;
/** Message length of `rows` rows of an 8-byte key and two ELEMENT-byte values, before the last b grows. */
const FIXED = bindMessageLength([Buffer.alloc(20), Buffer.alloc(20), Buffer.alloc(20)]);
const PER_ROW = 3 * 4 + 8 + 2 * ELEMENT;

/** Rows whose Bind message is exactly `length` bytes long; they share two buffers. */
function rowsOfLength(length: number): { k: Buffer; a: Buffer; b: Buffer }[] {
  const n = Math.floor((length - FIXED) / PER_ROW);
  const extra = length - FIXED - n * PER_ROW;
  const value = Buffer.alloc(ELEMENT, 7);
  const last = Buffer.alloc(ELEMENT + extra, 7);
  return Array.from({ length: n }, (_, i) => {
    const k = Buffer.alloc(8);
    k.writeBigUInt64BE(BigInt(i));
    return { k, a: value, b: i === n - 1 ? last : value };
  });
}

/** Length words of the Bind messages the client writes to its socket. */
function watchBinds(client: pg.Client): { lengths: number[]; stop(): void } {
  const stream = (client as unknown as { connection: { stream: { write: (chunk: unknown, ...rest: unknown[]) => boolean } } }).connection.stream;
  const write = stream.write;
  const lengths: number[] = [];
  stream.write = function (chunk: unknown, ...rest: unknown[]) {
    if (Buffer.isBuffer(chunk) && chunk.length >= 5 && chunk[0] === 0x42) lengths.push(chunk.readUInt32BE(1));
    return write.call(this, chunk, ...rest);
  };
  return { lengths, stop: () => void (stream.write = write) };
}

let client: pg.Client;
beforeAll(async () => {
  client = await db.connect();
  // A temporary table: no WAL for the gigabyte that goes through.
  await client.query('CREATE TEMP TABLE big (k bytea PRIMARY KEY, a bytea NOT NULL, b bytea NOT NULL)');
  // Stored uncompressed: compressing a gigabyte would take most of the test's time and prove nothing here.
  await client.query('ALTER TABLE big ALTER a SET STORAGE EXTERNAL, ALTER b SET STORAGE EXTERNAL');
});
afterAll(async () => {
  await client?.end().catch(() => {});
});

describe('batches near the server message limit', () => {
  it('the limit is PostgreSQL\'s PQ_LARGE_MESSAGE_LIMIT (MaxAllocSize - 1), counting the length word', () => {
    expect(MAX_MESSAGE_LENGTH).toBe(0x3ffffffe);
  });

  it('exactly at the limit: sent, stored, and the Bind message is exactly that long', async () => {
    const rows = rowsOfLength(MAX_MESSAGE_LENGTH);
    const watch = watchBinds(client);
    try {
      expect(await big.batchInsert(client, rows)).toBe(rows.length);
    } finally {
      watch.stop();
    }
    expect(watch.lengths).toEqual([MAX_MESSAGE_LENGTH]);
    const { rows: stored } = await client.query<{ n: number; bytes: string }>('SELECT count(*)::int AS n, sum(length(k) + length(a) + length(b))::text AS bytes FROM big');
    expect(stored[0]).toEqual({ n: rows.length, bytes: String(rows.reduce((s, r) => s + r.k.length + r.a.length + r.b.length, 0)) });
    await client.query('TRUNCATE big');
  }, 300_000);

  it('one byte over, through every batch function: refused with size, limit and advice; nothing sent; the connection still works', async () => {
    const over = rowsOfLength(MAX_MESSAGE_LENGTH + 1);
    // Delete keys share one buffer and skip sorting, so only the parameters themselves take memory;
    // 16,000 keys (the running size checks every 1024 rows stay under the limit, and the one column stays
    // under it too, so the refusal is the exact one) and a last, bigger one that takes the message one byte over.
    const key = Buffer.alloc(ELEMENT, 1);
    const deleteKeys = Array.from({ length: 15999 }, () => ({ k: key }));
    deleteKeys.push({ k: Buffer.alloc(MAX_MESSAGE_LENGTH + 1 - bindMessageLength([Buffer.alloc(20 + 16000 * 4 + 15999 * ELEMENT)]), 1) });
    const calls: [string, () => Promise<unknown>, number][] = [
      ['batchInsert', () => big.batchInsert(client, over), MAX_MESSAGE_LENGTH + 1],
      ['batchUpsert', () => big.batchUpsert(client, over), MAX_MESSAGE_LENGTH + 1],
      // batchApply sends the delete key's empty array too: 4 + 2 more bytes (length word, format code) + 20 (array header).
      ['batchApply', () => big.batchApply(client, { upsert: over }), MAX_MESSAGE_LENGTH + 1 + 4 + 2 + 20],
      ['batchDelete', () => big.batchDelete(client, deleteKeys, { sort: false }), MAX_MESSAGE_LENGTH + 1],
    ];
    for (const [name, call, bytes] of calls) {
      const watch = watchBinds(client);
      let error: unknown;
      try {
        await call();
      } catch (err) {
        error = err;
      } finally {
        watch.stop();
      }
      expect(error, name).toBeInstanceOf(PgTwinBatchTooLargeError);
      expect(error, name).toBeInstanceOf(PgTwinError);
      const e = error as PgTwinBatchTooLargeError;
      expect({ table: e.table, bytes: e.bytes, limit: e.limit, exact: e.exact }, name).toEqual({ table: 'big', bytes, limit: MAX_MESSAGE_LENGTH, exact: true });
      expect(e.message, name).toMatch(new RegExp(`${name} of \\d+ rows needs ${bytes} bytes .* at most ${MAX_MESSAGE_LENGTH} bytes per message .* Nothing was sent\\. Split the batch \\(into at least 2 parts\\) or use copyInto`));
      expect(watch.lengths, name).toEqual([]);
      expect((await client.query('SELECT count(*)::int AS n FROM big')).rows[0], name).toEqual({ n: 0 });
    }
  }, 300_000);

  it('fewer rows than the running check\'s 1024, past the limit: refused once one column passes it, not after encoding them all', async () => {
    // 700 rows of 2 MiB: 1.4 GiB in one column. Encoding it all would take a 2 GiB buffer; with values
    // of 5 MiB, the buffer would pass the 4 GiB Node allocates and fail with a bare RangeError.
    const value = Buffer.alloc(2 << 20, 5);
    const rows = Array.from({ length: 700 }, (_, i) => {
      const k = Buffer.alloc(8);
      k.writeBigUInt64BE(BigInt(i));
      return { k, a: value, b: Buffer.alloc(0) };
    });
    const watch = watchBinds(client);
    const error = await big.batchInsert(client, rows).then(() => undefined, (err: unknown) => err).finally(() => watch.stop());
    expect(error).toBeInstanceOf(PgTwinBatchTooLargeError);
    const e = error as PgTwinBatchTooLargeError;
    expect(e.exact).toBe(false);
    expect(e.bytes).toBeGreaterThan(MAX_MESSAGE_LENGTH);
    expect(e.bytes).toBeLessThan(MAX_MESSAGE_LENGTH + value.length + 700 * 4 + 1000);
    expect(watch.lengths).toEqual([]);
    expect((await client.query('SELECT count(*)::int AS n FROM big')).rows[0]).toEqual({ n: 0 });
  }, 300_000);

  it('a text array parameter longer than a JavaScript string can hold, though under the message limit: refused naming the column, not a bare RangeError', async () => {
    const tagged = defineTable<{ k: number; tags: string[] }>(taggedTable());
    await client.query('CREATE TEMP TABLE tagged (k int4 PRIMARY KEY, tags text[] NOT NULL)');
    // 520 rows of one 1 MiB element: a 545 MB literal (the Bind message would be about 546 MB), past V8's 536,870,888 units.
    const element = 'x'.repeat(1 << 20);
    const rows = Array.from({ length: 520 }, (_, k) => ({ k, tags: [element] }));
    const watch = watchBinds(client);
    const error = await tagged.batchInsert(client, rows).then(() => undefined, (err: unknown) => err).finally(() => watch.stop());
    expect(error).toBeInstanceOf(PgTwinBatchTooLargeError);
    const e = error as PgTwinBatchTooLargeError;
    expect({ table: e.table, column: e.column, limit: e.limit }).toEqual({ table: 'tagged', column: 'tags', limit: MAX_STRING_LENGTH });
    expect(e.bytes).toBeGreaterThan(MAX_STRING_LENGTH);
    expect(e.message).toMatch(/table "tagged": batchInsert of 520 rows needs a text parameter of more than \d+ characters for column "tags", and a JavaScript string holds at most 536870888\. Nothing was sent\. Split the batch/);
    expect(watch.lengths).toEqual([]);
    // Half of it goes through: the same rows, one literal of 272 MB.
    expect(await tagged.batchInsert(client, rows.slice(0, 260))).toBe(260);
    expect((await client.query('SELECT count(*)::int AS n, sum(length(tags[1]))::int8::text AS chars FROM tagged')).rows[0]).toEqual({ n: 260, chars: String(260 * element.length) });
  }, 300_000);

  it('a batch far past the limit (6 GiB) is refused part-way through encoding, not after encoding it all', async () => {
    const value = Buffer.alloc(3 << 19, 5); // 1.5 MiB, shared by every row
    const rows = Array.from({ length: 4096 }, (_, i) => {
      const k = Buffer.alloc(8);
      k.writeBigUInt64BE(BigInt(i));
      return { k, a: value, b: Buffer.alloc(0) };
    });
    const error = await big.batchInsert(client, rows).then(() => undefined, (err: unknown) => err);
    expect(error).toBeInstanceOf(PgTwinBatchTooLargeError);
    const e = error as PgTwinBatchTooLargeError;
    // Stopped once column a passed the limit (about 680 rows), long before the 6 GiB of the whole batch.
    expect(e.exact).toBe(false);
    expect(e.bytes).toBeGreaterThan(MAX_MESSAGE_LENGTH);
    expect(e.bytes).toBeLessThan(1023 * (value.length + 4 + 12 + 4) + 100);
    expect(e.message).toMatch(/batchInsert of 4096 rows needs more than \d+ bytes .* Nothing was sent/);
    expect((await client.query('SELECT count(*)::int AS n FROM big')).rows[0]).toEqual({ n: 0 });
  }, 300_000);
});

/**
 * The COPY text row encoder writes a codec's `toText` unescaped when the codec has no
 * `writeText`; that is right only for codecs whose text never needs COPY escaping. Every
 * built-in codec, scalar or array, has a writeText or is COPY-safe, so no escape fallback is
 * needed; a hand-written codec that is neither is refused by defineTable.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnCodec, TypeParams } from '@pgtwin/runtime/internal/codec';
import { arrayCodec } from '@pgtwin/runtime/internal/codecs/index';
import { PG_TYPE_NAMES, typeSpec } from '@pgtwin/runtime/internal/pg-types';
import { defineTable } from '@pgtwin/runtime/internal/table';

/** Parameter sets per type, including labels that COPY text must escape. */
const PARAMS: readonly TypeParams[] = [
  {},
  { length: 5 },
  { precision: 10, scale: 2 },
  { enumName: 'mood', labels: ['plain', 'back\\slash', 'tab\there', 'new\nline'] },
  { enumName: 'mood', labels: ['ok', 'fine'] },
];

function codecsOf(): { name: string; codec: ColumnCodec }[] {
  const out: { name: string; codec: ColumnCodec }[] = [];
  for (const type of PG_TYPE_NAMES) {
    const spec = typeSpec(type);
    for (const p of PARAMS) {
      if (spec.takesEnum ? p.labels === undefined : Object.keys(p).some((k) => !(k in spec.params))) continue;
      const codec = spec.codec(p);
      out.push({ name: `${type} ${JSON.stringify(p)}`, codec });
      out.push({ name: `${type}[] ${JSON.stringify(p)}`, codec: arrayCodec(codec, spec.oids === 'per-connection' ? 0 : spec.oids.arrayOid) });
    }
  }
  return out;
}

describe('COPY text encoders', () => {
  const all = codecsOf();
  it('covers every type', () => {
    for (const type of PG_TYPE_NAMES) expect(all.some((c) => c.name.startsWith(`${type} `))).toBe(true);
  });
  it.each(all.map((c) => [c.name, c.codec] as const))('%s has writeText or COPY-safe text', (_, codec) => {
    expect(codec.writeText !== undefined || codec.textIsCopySafe).toBe(true);
  });
  it('defineTable refuses a codec with neither', () => {
    const codec: ColumnCodec = { toText: String, writeBinary: () => {}, textIsCopySafe: false };
    const def = { table: 'things', columns: [{ name: 'label', field: 'label', nullable: false, codec }], sql: { copyBinary: '', copyText: '', batchInsert: '' } };
    expect(() => defineTable(def)).toThrow('pgtwin: table "things", column "label": its codec has no writeText and textIsCopySafe is false');
  });
});

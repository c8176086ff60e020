/**
 * The escaping functions of generator/escape.ts and the names of naming.ts and ts-identifier.ts,
 * each checked against the TypeScript parser over arbitrary strings (any code point, lone
 * surrogates included): the output is exactly one token of its context, and reads back as the
 * input where the context has a value.
 */
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { commentText, jsString, lineCommentText, templateLiteralText } from '../../generator/escape.ts';
import { derivedTableNames, fieldName, identifierFrom, pinnedNameProblem, pullTableNames, tableNames, uniqueNames } from '../../generator/naming.ts';
import { isIdentifierName, PROTOTYPE_NAMES, RESERVED_WORDS } from '../../generator/ts-identifier.ts';

const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.array(fc.constantFrom('*/', '/*', '//', '${', '`', '"', "'", '\\', '\n', '\r', '\u2028', '\u2029', '😀', '@param x', 'a', '1', '}', ' '), { maxLength: 8 }).map((a) => a.join('')),
);

/** The statements TypeScript parses from `source`, and its syntax errors. */
function parse(source: string): { statements: readonly ts.Statement[]; errors: number } {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true);
  const errors = (file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
  return { statements: file.statements, errors };
}

describe('escaping per output context', () => {
  it('jsString: one string literal whose value is the input', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const { statements, errors } = parse(`x = ${jsString(s)};`);
        expect(errors).toBe(0);
        expect(statements.length).toBe(1);
        const rhs = ((statements[0] as ts.ExpressionStatement).expression as ts.BinaryExpression).right;
        expect(ts.isStringLiteral(rhs) && rhs.text).toBe(s);
      }),
    );
  });

  it('templateLiteralText: one template literal without substitutions whose value is the input', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const { statements, errors } = parse(`x = \`${templateLiteralText(s)}\`;`);
        expect(errors).toBe(0);
        const rhs = ((statements[0] as ts.ExpressionStatement).expression as ts.BinaryExpression).right;
        expect(ts.isNoSubstitutionTemplateLiteral(rhs) && rhs.text).toBe(s);
      }),
    );
  });

  it('commentText: a doc comment stays one comment with no tag; lineCommentText: a line comment stays one line', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const doc = parse(`/** A ${commentText(s)} */\nconst x = 1;`);
        expect(doc.errors).toBe(0);
        expect(doc.statements.length).toBe(1);
        expect(ts.getJSDocTags(doc.statements[0] as ts.Node).length).toBe(0);
        const line = parse(`// ${lineCommentText(s)}\nconst x = 1;`);
        expect(line.errors).toBe(0);
        expect(line.statements.length).toBe(1);
      }),
    );
  });

  it('derived identifiers are identifiers, never reserved, never prototype members; fields are never prototype members', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        for (const style of ['camel', 'pascal'] as const) {
          const id = identifierFrom(s, style);
          expect(isIdentifierName(id)).toBe(true);
          expect(RESERVED_WORDS.has(id) || PROTOTYPE_NAMES.has(id)).toBe(false);
        }
        const f = fieldName(s);
        expect(isIdentifierName(f) && !PROTOTYPE_NAMES.has(f)).toBe(true);
      }),
    );
    expect(['class', 'default', 'constructor', '__proto__'].map((n) => identifierFrom(n, 'camel'))).toEqual(['class_', 'default_', 'constructor_', 'proto']);
    expect(['constructor', '__proto__', 'toString', 'class'].map(fieldName)).toEqual(['constructor_', 'proto', 'toString_', 'class']);
  });

  it('pullTableNames: distinct, deterministic, uncontested names kept; tableNames refuses what collides', () => {
    fc.assert(
      fc.property(fc.uniqueArray(hostile, { maxLength: 12 }), (names) => {
        const a = pullTableNames(names, undefined);
        const b = pullTableNames([...names].reverse(), undefined);
        expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
        const files = [...a.values()].map((n) => n.file.toLowerCase());
        expect(new Set(files).size).toBe(names.length);
        expect(new Set([...a.values()].map((n) => n.typeBase)).size).toBe(names.length);
        expect(new Set([...a.values()].map((n) => n.exportName)).size).toBe(names.length);
        for (const n of a.values()) expect(/^[a-z0-9-]+$/.test(n.file) && !['index', 'database', 'enums', 'con', 'nul'].includes(n.file)).toBe(true);
        // What pull would pin (the names that differ from the derived ones) gives codegen the same names, with no collision.
        const pinned = [...a].map(([name, n]) => ({ name, names: { ...(n.exportName !== derivedTableNames(name).exportName && { export: n.exportName }), ...(n.file !== derivedTableNames(name).file && { file: n.file }) } }));
        for (const p of pinned) for (const k of ['export', 'file'] as const) if (p.names[k] !== undefined) expect(pinnedNameProblem(k, p.names[k])).toBeUndefined();
        const c = tableNames(pinned);
        for (const [t, n] of a) expect(c.get(t)).toEqual(n);
      }),
    );
    expect(Object.fromEntries(pullTableNames(['a_b', 'A_B', 'a-b', 'index', 'class', 'partition'], undefined))).toEqual({
      A_B: { file: 'a-b', typeBase: 'AB', exportName: 'aB' },
      'a-b': { file: 'a-b-2', typeBase: 'AB2', exportName: 'aB2' },
      a_b: { file: 'a-b-3', typeBase: 'AB3', exportName: 'aB3' },
      class: { file: 'class', typeBase: 'Class', exportName: 'class_' },
      index: { file: 'table-index', typeBase: 'Index', exportName: 'index' },
      partition: { file: 'partition', typeBase: 'Partition2', exportName: 'partition2' },
    });
    // An existing table keeps its names; the new colliding one takes the next free number, never a name the folder holds.
    const existing = { tables: new Map([['a-b', { names: derivedTableNames('a-b'), fields: new Map() }]]), enums: new Map(), files: ['a-b', 'a-b-2'], exports: ['aB2'] };
    expect(Object.fromEntries(pullTableNames(['a-b', 'A_B'], existing))).toEqual({
      'a-b': { file: 'a-b', typeBase: 'AB', exportName: 'aB' },
      A_B: { file: 'a-b-3', typeBase: 'AB3', exportName: 'aB3' },
    });
    expect(() => tableNames([{ name: 'a-b' }, { name: 'A_B' }])).toThrow(/colliding table names: file a-b: "A_B", "a-b"; export aB: "A_B", "a-b"/);
    expect(tableNames([{ name: 'a-b' }, { name: 'A_B', names: { export: 'aB2', file: 'a-b-2' } }]).get('A_B')).toEqual({ file: 'a-b-2', typeBase: 'AB2', exportName: 'aB2' });
    expect(['class', 'aB', '1x', 'a-b', 'partition'].map((n) => pinnedNameProblem('export', n))).toEqual([expect.stringMatching(/reserved word/), undefined, expect.stringMatching(/not a TypeScript identifier/), expect.stringMatching(/not a TypeScript identifier/), expect.stringMatching(/PartitionKey/)]);
    expect(['a-b-2', 'A-b', 'a_b', 'a-b.ts', 'index', 'con', ''].map((n) => pinnedNameProblem('file', n))).toEqual([undefined, ...Array(3).fill(expect.stringMatching(/portable file stem/)), expect.stringMatching(/reserved/), expect.stringMatching(/reserved/), expect.stringMatching(/portable/)]);
    expect([...uniqueNames(['x', 'y', 'z'], () => 'n', { separator: '', taken: ['n2'] }).values()]).toEqual(['n', 'n3', 'n4']);
  });
});

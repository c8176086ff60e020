import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { box, circle, line, lseg, path, point, polygon } from '@pgtwin/runtime/internal/codecs/index';
import type { ColumnCodec } from '@pgtwin/runtime/internal/codec';
import { useTestDatabase } from '../support/db.ts';
import { checkRoundTrip, checkTypeAndArray, expectRejected, serverTexts } from './codec-harness.ts';

const db = useTestDatabase();

/** Object samples go to the plain INSERT as our text (node-postgres would send JSON). */
function withParams(codec: ColumnCodec, samples: readonly unknown[]): { value: unknown; param: unknown }[] {
  return samples.map((value) => ({ value, param: typeof value === 'string' ? value : codec.toText(value) }));
}

async function check(sqlType: string, codec: ColumnCodec, samples: readonly unknown[], oid: number): Promise<void> {
  await checkTypeAndArray(db.client, { sqlType, codec, samples: withParams(codec, samples), plainInsert: true, canonical: true }, oid);
}

/** A random float8 in SQL: rounded to `n` decimals, or at full precision for n < 0. */
const random = (n: number): string => (n < 0 ? '((random() - 0.5) * 2000)' : `(round(((random() - 0.5) * 2000)::numeric, ${n})::float8)`);

describe('point', () => {
  it('stores the same point through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select point(random() * 1e6 - 5e5, random() / 3)::text from generate_series(1, 15)`);
    const samples = ['(1,2)', '1,2', ' ( 1.5 , -2e3 ) ', '(NaN,Infinity)', '(-inf,+nan)', '(-0,0)', '(1e-320,1e308)', '(.5,5.)', { x: 1.5, y: -2 }, { x: 0.1 + 0.2, y: Number.NaN }, { x: -0, y: Infinity }, ...generated];
    await check('point', point(), samples, 600);
  });
  it('rejects what point_in rejects', () => {
    expectRejected(point(), [
      ['(1,2', /"\(1,2" is not a point/],
      ['1,2)', /not a point/],
      ['(1;2)', /not a point/],
      ['(1,2,3)', /not a point/],
      ['', /not a point/],
      ['(1e400,0)', /out of range for type double precision/],
      ['(1e-400,0)', /out of range/],
      [{ x: 1 }, /y must be a number, got undefined/],
      [{ x: '1', y: 2 }, /x must be a number/],
      [[1, 2], /expected a point \{ x, y \}/],
    ]);
  });
});

describe('lseg', () => {
  it('stores the same segment through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select lseg(point(${random(3)}, ${random(1)}), point(${random(-1)}, ${random(0)}))::text from generate_series(1, 15)`);
    const samples = ['[(1,2),(3,4)]', '((1,2),(3,4))', '(1,2),(3,4)', '1,2,3,4', ' [ ( 1 , 2 ) , ( 3 , 4 ) ] ', '[(1,2),(1,2)]', '[(1,2),(3,4))', [{ x: 1, y: 2 }, { x: -3, y: 4.5 }], ...generated];
    await check('lseg', lseg(), samples, 601);
  });
  it('rejects what lseg_in rejects', () => {
    expectRejected(lseg(), [
      ['[(1,2),(3,4)', /is not a lseg/],
      ['(1,2),(3,4),(5,6)', /is not a lseg/],
      ['[(1,2)]', /is not a lseg/],
      [[{ x: 1, y: 2 }], /needs at least 2 points/],
      [[{ x: 1, y: 2 }, { x: 1, y: 2 }, { x: 1, y: 2 }], /exactly 2 points/],
    ]);
  });
});

describe('box', () => {
  it('stores the same box through all insert paths, corners reordered as the server does, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select box(point(${random(3)}, ${random(1)}), point(${random(2)}, ${random(0)}))::text from generate_series(1, 15)`);
    const samples = [
      { value: '(1,2),(3,4)', expect: '(3,4),(1,2)' },
      '((3,4),(1,2))',
      '1,4,3,2',
      '(1,NaN),(3,4)',
      '(-inf,0),(inf,0)',
      '(1,2),(3,4),',
      { value: [{ x: 1, y: 4 }, { x: 3, y: 2 }], expect: '(3,4),(1,2)' },
      ...generated,
    ];
    // Scalar only: box arrays use ";" between elements (typdelim), which arrayCodec does not write yet.
    await checkRoundTrip(db.client, {
      sqlType: 'box',
      codec: box(),
      arrayDelimiter: ';',
      samples: samples.map((s) => (typeof s === 'object' && s !== null && 'value' in s ? { ...s, param: typeof s.value === 'string' ? s.value : box().toText(s.value) } : { value: s, param: s })),
      plainInsert: true,
      canonical: true,
    });
  });
  it('rejects what box_in rejects', () => {
    expectRejected(box(), [
      ['[(1,2),(3,4)]', /is not a box/],
      ['(1,2)', /is not a box/],
      ['abc', /is not a box/],
      [[{ x: 1, y: 2 }], /at least 2 points/],
    ]);
  });
  it('arrays of boxes are separated by ";" on the server', async () => {
    const { rows } = await db.client.query<{ t: string }>(`select array[box '(1,2),(3,4)', box '(0,0),(1,1)']::text as t`);
    expect(rows[0]?.t).toBe('{(3,4),(1,2);(1,1),(0,0)}');
  });
});

describe('path', () => {
  it('stores the same path through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select path(polygon(box(point(${random(3)}, ${random(1)}), point(${random(2)}, ${random(0)}))))::text from generate_series(1, 10)`);
    const samples = [
      '[(1,2),(3,4)]',
      '((1,2),(3,4))',
      '(1,2),(3,4)',
      '(1,2,3,4)',
      '1,2,3,4',
      '[(1,2)]',
      '((1,2))',
      '(1,2)',
      ' [ (1,2) , (3,4) , (5,6) ] ',
      '[1,2,3,4,5,6]',
      '[(1,2),(3,4))',
      { points: [{ x: 1, y: 2 }, { x: 3, y: 4 }], closed: false },
      { points: [{ x: 1, y: 2 }], closed: true },
      ...generated,
    ];
    await check('path', path(), samples, 602);
  });
  it('rejects what path_in rejects', () => {
    expectRejected(path(), [
      ['[(1,2),(3,4)', /is not a path/],
      ['(1,2),(3,4)]', /is not a path/],
      ['1,2,3', /is not a path/],
      ['', /is not a path/],
      [{ points: [], closed: true }, /at least 1 point/],
      [{ points: [{ x: 1, y: 2 }] }, /closed: true or false/],
      [[{ x: 1, y: 2 }], /expected a path string or \{ points, closed \}/],
    ]);
  });
});

describe('polygon', () => {
  it('stores the same polygon through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select polygon(3 + i % 5, circle(point(${random(2)}, ${random(-1)}), abs(${random(1)}) + 1))::text from generate_series(1, 10) i`);
    const samples = ['((0,0),(1,0),(0,1))', '(0,0),(1,0),(0,1)', '(0,0,1,0,0,1)', '0,0,1,0,0,1', '((1,2))', '(1,2)', [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 0 }], ...generated];
    await check('polygon', polygon(), samples, 604);
  });
  it('rejects what poly_in rejects', () => {
    expectRejected(polygon(), [
      ['[(0,0),(1,0)]', /is not a polygon/],
      ['((0,0),(1,0)', /is not a polygon/],
      ['0,0,1', /is not a polygon/],
      [[], /at least 1 point/],
      [{ points: [] }, /expected a polygon string or an array/],
    ]);
  });
});

describe('circle', () => {
  it('stores the same circle through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select circle(point(${random(3)}, ${random(1)}), abs(${random(2)}))::text from generate_series(1, 15)`);
    const samples = ['<(1,2),3>', '((1,2),3)', '(1,2),3', '1,2,3', ' < ( 1 , 2 ) , 3 > ', '(1,2) 3', '<(1,2),0>', '<(1,2),NaN>', '<(1,2),Infinity>', '<(1,2),3)', '((1,2),3>', { x: 1, y: 2, radius: 3 }, { x: -0.5, y: 1e10, radius: 0 }, ...generated];
    await check('circle', circle(), samples, 718);
  });
  it('rejects what circle_in rejects', () => {
    expectRejected(circle(), [
      ['<(1,2),-1>', /is not a circle/],
      ['<(1,2)>', /is not a circle/],
      [{ x: 1, y: 2, radius: -1 }, /radius cannot be negative/],
      [{ x: 1, y: 2 }, /radius must be a number/],
    ]);
  });
});

describe('line', () => {
  it('stores the same line through all insert paths, byte for byte', async () => {
    const generated = await serverTexts(db.client, `select line(point(${random(3)}, ${random(1)}), point(${random(2)} + 3000, ${random(0)}))::text from generate_series(1, 15)`);
    const samples = [
      '{1,-1,0}',
      ' { 1 , 2 , 3 } ',
      '{0,1,NaN}',
      // Two points: the line through them, computed as line_construct does.
      '[(1,2),(3,4)]',
      '((0,0),(0,5))',
      '(0,1),(5,1)',
      '1,2,4,8.5',
      '[(0.1,0.2),(0.3,0.7)]',
      '[(1,2),(1.0000001,3)]',
      '[(-1,-1),(1,1)]',
      { a: 1, b: -1, c: 0 },
      { a: 0, b: 2, c: -3 },
      ...generated,
    ];
    await check('line', line(), samples, 628);
  });
  it('rejects what line_in rejects', () => {
    expectRejected(line(), [
      ['{0,0,1}', /A and B cannot both be zero/],
      ['{1e-7,0,1}', /A and B cannot both be zero/],
      ['[(1,2),(1,2)]', /must be two distinct points/],
      ['[(1,2),(1.0000001,2.0000001)]', /must be two distinct points/],
      ['{1,2}', /is not a line/],
      ['{1,2,3', /is not a line/],
      [{ a: 0, b: 0, c: 1 }, /A and B cannot both be zero/],
      [{ a: 1, b: 2 }, /c must be a number/],
    ]);
  });
});

describe('geometric properties', () => {
  const coordinate = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0, -0, 0.1, 1e-7));
  const sp = fc.constantFrom('', ' ', '  ');
  /** A float8 as text, in one of the spellings float8in reads. */
  const numberText = fc.tuple(coordinate, sp, sp).map(([x, a, b]) => `${a}${Number.isNaN(x) ? 'nan' : Object.is(x, -0) ? '-0' : String(x)}${b}`);
  const pointText = fc.tuple(numberText, numberText).map(([x, y]) => `(${x},${y})`);
  it('property: points, segments, boxes, paths, polygons, circles and lines survive every path, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(coordinate, coordinate), { minLength: 2, maxLength: 6 }),
        fc.array(pointText, { minLength: 2, maxLength: 5 }),
        fc.boolean(),
        async (pairs, texts, closed) => {
          const pts = pairs.map(([x, y]) => ({ x, y }));
          const both = <T>(codec: ColumnCodec, a: T, b: string): { value: unknown; param: unknown }[] => withParams(codec, [a, b]);
          await checkRoundTrip(db.client, { sqlType: 'point', codec: point(), samples: [...withParams(point(), pts), ...texts.map((t) => ({ value: t, param: t }))], plainInsert: true, canonical: true });
          await checkRoundTrip(db.client, { sqlType: 'lseg', codec: lseg(), samples: both(lseg(), [pts[0], pts[1]], `[${texts[0]},${texts[1]}]`), plainInsert: true, canonical: true });
          await checkRoundTrip(db.client, { sqlType: 'box', codec: box(), arrayDelimiter: ';', samples: both(box(), [pts[0], pts[1]], `${texts[1]},${texts[0]}`), plainInsert: true, canonical: true });
          await checkRoundTrip(db.client, { sqlType: 'path', codec: path(), samples: both(path(), { points: pts, closed }, closed ? `(${texts.join(',')})` : `[${texts.join(',')}]`), plainInsert: true, canonical: true });
          await checkRoundTrip(db.client, { sqlType: 'polygon', codec: polygon(), samples: both(polygon(), pts, `(${texts.join(',')})`), plainInsert: true, canonical: true });
          const radius = Math.abs(pairs[0]?.[1] ?? 1);
          await checkRoundTrip(db.client, { sqlType: 'circle', codec: circle(), samples: withParams(circle(), [{ x: pts[0]?.x, y: pts[0]?.y, radius }, `<${texts[0]},${radius}>`]), plainInsert: true, canonical: true });
          // A line through two points: refused by both when the points are (nearly) equal.
          const lineText = `[${texts[0]},${texts[1]}]`;
          let refused = false;
          try {
            line().toText(lineText);
          } catch {
            refused = true;
          }
          if (refused) await expect(db.client.query(`select $1::line`, [lineText])).rejects.toThrow(/line|out of range/);
          else await checkRoundTrip(db.client, { sqlType: 'line', codec: line(), samples: [{ value: lineText, param: lineText }], plainInsert: true, canonical: true });
        },
      ),
      { numRuns: 25 },
    );
  });
});

/**
 * Arbitraries of the types added in issue 16's second wave (macaddr … circle), in every input
 * form their codecs accept; spread into `valueArbitraries` (test/proof/arbitraries.ts).
 */
import fc from 'fast-check';
import type { TypeParams } from '@pgtwin/runtime/internal/codec';

function withEdges(edges: readonly unknown[], random: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...edges) }, { weight: 1, arbitrary: random });
}

const hex2 = (n: number, upper: boolean) => (upper ? n.toString(16).toUpperCase() : n.toString(16)).padStart(2, '0');
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

/** macaddr: the spellings macaddr_in reads. */
const macaddrRandom = fc.tuple(bytes(6), fc.nat({ max: 5 }), fc.boolean()).map(([b, style, upper]) => {
  const h = [...b].map((x) => hex2(x, upper));
  switch (style) {
    case 0:
      return h.join(':');
    case 1:
      return h.join('-');
    case 2:
      return `${h.slice(0, 3).join('')}:${h.slice(3).join('')}`;
    case 3:
      return `${h.slice(0, 3).join('')}-${h.slice(3).join('')}`;
    case 4:
      return `${h[0]}${h[1]}.${h[2]}${h[3]}.${h[4]}${h[5]}`;
    default:
      return h.join('');
  }
});
const MACADDR_EDGES = ['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff', '08:00:2B:01:02:03', '0800.2b01.0203', '08002b010203', '  08-00-2b-01-02-03  '];

const macaddr8Random = fc.tuple(fc.constantFrom(6, 8), fc.constantFrom(':', '-', '.', ''), fc.boolean()).chain(([n, sep, upper]) => bytes(n).map((b) => [...b].map((x) => hex2(x, upper)).join(sep)));
const MACADDR8_EDGES = ['00:00:00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff:ff:ff', '08:00:2b:01:02:03', '08-00-2b-01-02-03-04-05', '08002b0102030405', '0800.2b01.0203.0405'];

/** n bits as "0101", "B0101" or (when n is a multiple of 4) "X5f". */
function bitString(n: number): fc.Arbitrary<string> {
  return fc.tuple(fc.array(fc.boolean(), { minLength: n, maxLength: n }), fc.nat({ max: 2 })).map(([bits, form]) => {
    const digits = bits.map((b) => (b ? '1' : '0')).join('');
    if (form === 1) return `B${digits}`;
    if (form === 2 && n % 4 === 0 && n > 0) return `x${digits.match(/.{4}/g)?.map((q) => Number.parseInt(q, 2).toString(16)).join('') ?? ''}`;
    return digits;
  });
}

const CENTS_MAX = 9223372036854775807n;
const moneyString = fc.tuple(fc.bigInt({ min: -CENTS_MAX - 1n, max: CENTS_MAX }), fc.nat({ max: 3 })).map(([cents, form]) => {
  const neg = cents < 0n;
  const digits = (neg ? -cents : cents).toString().padStart(3, '0');
  const whole = digits.slice(0, -2);
  const frac = digits.slice(-2);
  if (form === 1) return `${neg ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${frac}`;
  if (form === 2) return neg ? `(${whole}.${frac})` : `+${whole}.${frac}`;
  return `${neg ? '-' : ''}${whole}.${frac}`;
});
const MONEY_EDGES = [0, -0, 0.01, -0.01, 1.005, 0.125, 1234.5, -92233720368547.75, '-92233720368547758.08', '92233720368547758.07', '$1,234.56', '-$0.50', '(3.00)', '1,234', '12.345', '12.3449', ' 7 '];

const XML_TEXT = fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '🦀', '\t', '\n', '"', "'", '\\', ',', '{', '}', '&amp;', '&lt;'), maxLength: 10 });
const xmlRandom = fc.oneof(XML_TEXT, XML_TEXT.map((t) => `<a x="1">${t}</a>`), fc.tuple(XML_TEXT, XML_TEXT).map(([a, b]) => `<p>${a}<q/>${b}</p>`));
const XML_EDGES = ['', 'plain', '<a/>', '<?xml version="1.0"?><doc/>', '<?xml version="1.0" encoding="UTF-8"?><d>é</d>', '<a>\\N</a>', '<!-- c --><b>tab\there</b>'];

const JSONPATH_EDGES = ['$', '$.a', '$.a[*] ? (@ > 1)', 'strict $.x.y', 'lax $[0 to 2]', '$."key with \\"quote\\""', '$.a.type()', '$ ? (@ like_regex "^a.*" flag "i")'];
const jsonpathRandom = fc.tuple(fc.constantFrom('a', 'b_c', 'ключ'), fc.nat({ max: 9 })).map(([k, n]) => `$.${k}[${n}]`);

const OID_EDGES = [0, 1, 4294967295, -1, -2147483648, '0', '4294967295', '-1', '007'];

/** "char": one ASCII character (not NUL), '' for the zero byte, or octal '\ooo'. */
const charRandom = fc.oneof(
  fc.integer({ min: 1, max: 127 }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 255 }).map((b) => `\\${b.toString(8).padStart(3, '0')}`),
);
const CHAR_EDGES = ['', 'a', '\\', '\t', '\n', '"', ',', '{', ' ', '\\000', '\\200', '\\377', '\\101'];

const NAME_EDGES = ['', 'x', 'a'.repeat(63), 'é'.repeat(31), '🦀'.repeat(15), 'tab\there', 'back\\slash', '"quoted"', 'NULL'];
const nameRandom = fc.string({ unit: fc.constantFrom('a', 'Z', '_', ' ', '\\', '"', ',', '\t', 'é', '🦀'), maxLength: 15 });

const LSN_MAX = 0xffffffffffffffffn;
const lsnRandom = fc.oneof(fc.bigInt({ min: 0n, max: LSN_MAX }), fc.tuple(fc.nat(), fc.nat(), fc.boolean()).map(([a, b, up]) => { const s = `${a.toString(16)}/${b.toString(16)}`; return up ? s.toUpperCase() : s; }));
const LSN_EDGES = ['0/0', 'FFFFFFFF/FFFFFFFF', '16/B374D848', '0/1', 0n, LSN_MAX];

const lexeme = fc.oneof(fc.constantFrom('fat', 'rat', 'cat', 'a', 'z9'), fc.string({ unit: fc.constantFrom('a', 'b', "''", '\\\\', ' ', ':', 'é', '🦀'), minLength: 1, maxLength: 6 }).map((s) => `'${s}'`));
const tsvectorRandom = fc.array(fc.tuple(lexeme, fc.array(fc.tuple(fc.integer({ min: 1, max: 16382 }), fc.constantFrom('', 'A', 'b', 'C', 'd')), { maxLength: 3 })), { maxLength: 5 }).map((entries) =>
  entries.map(([l, pos]) => (pos.length === 0 ? l : `${l}:${pos.map(([p, w]) => `${p}${w}`).join(',')}`)).join(' '),
);
const TSVECTOR_EDGES = ['', "'fat':2A 'rat':3", 'a:1 a:2 b', "'it''s' 'back\\\\slash'", 'z:16383,16384,1A,1B', "' '"];

const tsqueryOperand = fc.tuple(lexeme, fc.constantFrom('', ':*', ':A', ':ab*')).map(([l, m]) => `${l}${m}`);
const tsqueryRandom = fc.letrec<{ q: string }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tsqueryOperand,
    tie('q').map((q) => `!${q}`),
    fc.tuple(tie('q'), fc.constantFrom(' & ', ' | ', ' <-> ', ' <2> '), tie('q')).map(([a, op, b]) => `(${a}${op}${b})`),
  ),
})).q;
const TSQUERY_EDGES = ["'fat' & ( 'rat' | !'cat' )", 'a <-> b:*A', '!!a', 'a & b | c', "'it''s'", 'x <0> y'];

const coord = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(-0, 1e308, -1e308, 5e-324, 0.1));
const point = fc.record({ x: coord, y: coord });
const fmt = (x: number) => (Object.is(x, -0) ? '-0' : String(x));
const pointText = (p: { x: number; y: number }) => `(${fmt(p.x)},${fmt(p.y)})`;

const POINT_EDGES = [{ x: 0, y: 0 }, { x: -0, y: 1.5 }, { x: NaN, y: Infinity }, { x: -Infinity, y: 1e-300 }, '(1,2)', ' ( 1.5 , -2e3 ) ', '3,4', '(NaN,-Infinity)'];
const pointRandom = fc.oneof(point, point.map(pointText));

const lineObject = fc.record({ a: coord, b: coord, c: coord }).filter((l) => Math.abs(l.a) > 1e-6 || Math.abs(l.b) > 1e-6);
const twoPoints = fc.tuple(point, point);
/** Two distinct points of modest coordinates: the line through them is computed (line_construct) without overflow or underflow. */
const smallInt = fc.integer({ min: -1000, max: 1000 });
const intPoints = fc.tuple(fc.record({ x: smallInt, y: smallInt }), fc.record({ x: smallInt, y: smallInt })).filter(([p, q]) => p.x !== q.x || p.y !== q.y);
const LINE_EDGES = [{ a: 1, b: -1, c: 0 }, { a: 0, b: 1, c: -0 }, '{1,2,3}', '[(0,0),(1,1)]', '((1,2),(1,5))', '(0,3),(4,3)', '{-0,1e-3,NaN}'];
const lineRandom = fc.oneof(lineObject, lineObject.map((l) => `{${fmt(l.a)},${fmt(l.b)},${fmt(l.c)}}`), intPoints.map(([p, q]) => `[${pointText(p)},${pointText(q)}]`));

const LSEG_EDGES = [[{ x: 0, y: 0 }, { x: 0, y: 0 }], '[(1,2),(3,4)]', '((1,2),(3,4))', '(1,2),(3,4)', '1,2,3,4'];
const lsegRandom = fc.oneof(twoPoints, twoPoints.map(([p, q]) => `[${pointText(p)},${pointText(q)}]`));

const BOX_EDGES = [[{ x: 1, y: 2 }, { x: 3, y: 4 }], [{ x: 3, y: 4 }, { x: 1, y: 2 }], '(3,4),(1,2)', '((1,4),(3,2))', '1,2,3,4', [{ x: -0, y: 0 }, { x: 0, y: -0 }]];
const boxRandom = fc.oneof(twoPoints, twoPoints.map(([p, q]) => `${pointText(p)},${pointText(q)}`));

const points = (min: number) => fc.array(point, { minLength: min, maxLength: 5 });
const PATH_EDGES = [{ points: [{ x: 0, y: 0 }], closed: false }, { points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], closed: true }, '[(1,2),(3,4)]', '((1,2),(3,4))', '(1,2),(3,4)', '1,2,3,4,5,6', '((1,2))'];
const pathRandom = fc.oneof(
  fc.record({ points: points(1), closed: fc.boolean() }),
  fc.tuple(points(1), fc.boolean()).map(([ps, closed]) => (closed ? `(${ps.map(pointText).join(',')})` : `[${ps.map(pointText).join(',')}]`)),
);

const POLYGON_EDGES = [[{ x: 0, y: 0 }], [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }], '((0,0),(1,0),(0,1))', '(0,0),(1,0)', '1,2,3,4'];
const polygonRandom = fc.oneof(points(1), points(1).map((ps) => `(${ps.map(pointText).join(',')})`));

const radius = fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, -0, Infinity));
const CIRCLE_EDGES = [{ x: 0, y: 0, radius: 0 }, { x: -0, y: 1, radius: 1e300 }, '<(1,2),3>', '((1,2),3)', '(1,2),3', '1,2,3', ' < ( 1 , 2 ) , 3 > '];
const circleRandom = fc.oneof(
  fc.record({ x: coord, y: coord, radius }),
  fc.tuple(point, radius).map(([p, r]) => `<${pointText(p)},${fmt(r)}>`),
);

/** One arbitrary per wave-2 type; keys are the type table's names. */
export const wave2Arbitraries = {
  macaddr: () => withEdges(MACADDR_EDGES, macaddrRandom),
  macaddr8: () => withEdges(MACADDR8_EDGES, macaddr8Random),
  bit: (p: TypeParams) => bitString(p.length ?? 1),
  'bit varying': (p: TypeParams) => fc.integer({ min: 0, max: p.length ?? 40 }).chain(bitString),
  money: () => withEdges(MONEY_EDGES, fc.oneof(moneyString, fc.integer({ min: -(2 ** 53), max: 2 ** 53 }).map((c) => c / 100))),
  xml: () => withEdges(XML_EDGES, xmlRandom),
  jsonpath: () => withEdges(JSONPATH_EDGES, jsonpathRandom),
  oid: () => withEdges(OID_EDGES, fc.oneof(fc.integer({ min: 0, max: 4294967295 }), fc.integer({ min: -2147483648, max: 4294967295 }).map(String))),
  '"char"': () => withEdges(CHAR_EDGES, charRandom),
  name: () => withEdges(NAME_EDGES, nameRandom),
  pg_lsn: () => withEdges(LSN_EDGES, lsnRandom),
  tsvector: () => withEdges(TSVECTOR_EDGES, tsvectorRandom),
  tsquery: () => withEdges(TSQUERY_EDGES, tsqueryRandom),
  point: () => withEdges(POINT_EDGES, pointRandom),
  line: () => withEdges(LINE_EDGES, lineRandom),
  lseg: () => withEdges(LSEG_EDGES, lsegRandom),
  box: () => withEdges(BOX_EDGES, boxRandom),
  path: () => withEdges(PATH_EDGES, pathRandom),
  polygon: () => withEdges(POLYGON_EDGES, polygonRandom),
  circle: () => withEdges(CIRCLE_EDGES, circleRandom),
};

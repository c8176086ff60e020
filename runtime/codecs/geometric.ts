/**
 * point, line, lseg, box, path, polygon, circle: float8 coordinates. Text input is parsed
 * as geo_ops.c parses it (pair_decode, path_decode, the corner reordering of box_in, the
 * line through two points of line_in), so every path stores the same float8s; the text
 * written is the shortest decimal of each float8, which reads back exactly.
 * None of these types has a btree or hash equality, so none can be in a key.
 */
import type { ByteWriter } from '../byte-writer.ts';
import { CodecError } from '../codec.ts';
import type { ColumnCodec } from '../codec.ts';
import { describeValue, typeMismatch } from './describe-value.ts';

/** A point as node-postgres returns it ({ x, y }), or PostgreSQL's text "(1.5,2)". */
export interface GeoPoint {
  readonly x: number;
  readonly y: number;
}
export type PointInput = GeoPoint | string;
/** A line Ax + By + C = 0: { a, b, c } (A and B not both zero), or "{A,B,C}" / two distinct points "[(x1,y1),(x2,y2)]". */
export type LineInput = { readonly a: number; readonly b: number; readonly c: number } | string;
/** A line segment: its two end points, or "[(x1,y1),(x2,y2)]". */
export type LsegInput = readonly [GeoPoint, GeoPoint] | string;
/** A box: two opposite corners in any order (stored upper right first, as the server does), or "(x1,y1),(x2,y2)". */
export type BoxInput = readonly [GeoPoint, GeoPoint] | string;
/** A path: its points and whether it is closed, or "[(..),(..)]" (open) / "((..),(..))" (closed). */
export type PathInput = { readonly points: readonly GeoPoint[]; readonly closed: boolean } | string;
/** A polygon: its points, or "((x1,y1),...)". */
export type PolygonInput = readonly GeoPoint[] | string;
/** A circle as node-postgres returns it ({ x, y, radius }), or "<(x,y),r>". */
export type CircleInput = { readonly x: number; readonly y: number; readonly radius: number } | string;

/** Parsed coordinates (module scratch; reused). */
let coords: number[] = [];
let closedPath = false;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
}

class SyntaxFail extends Error {}

/** A recursive-descent reader over the server's grammar; throws SyntaxFail where the server reports "invalid input syntax". */
class GeoReader {
  i = 0;
  constructor(readonly s: string) {}
  peek(): string | undefined {
    return this.s[this.i];
  }
  skipSpace(): void {
    while (isSpace(this.s[this.i])) this.i++;
  }
  /** float8in_internal with an end pointer: spaces, a number, spaces. */
  float(): number {
    FLOAT.lastIndex = this.i;
    const m = FLOAT.exec(this.s);
    if (m === null) throw new SyntaxFail();
    this.i = FLOAT.lastIndex;
    const token = m[1] as string;
    const lower = token.toLowerCase();
    if (lower.endsWith('nan')) return Number.NaN;
    if (lower.endsWith('inf') || lower.endsWith('infinity')) return token.startsWith('-') ? -Infinity : Infinity;
    const x = Number(token);
    if (!Number.isFinite(x) || (x === 0 && /[1-9]/.test(token.replace(/[eE].*$/, '')))) throw new CodecError(`${describeValue(this.s)}: "${token}" is out of range for type double precision`);
    return x;
  }
  /** pair_decode: "x,y" or "(x,y)". */
  pair(): void {
    this.skipSpace();
    const delim = this.peek() === '(';
    if (delim) this.i++;
    coords.push(this.float());
    if (this.s[this.i++] !== ',') throw new SyntaxFail();
    coords.push(this.float());
    if (delim) {
      if (this.s[this.i++] !== ')') throw new SyntaxFail();
      this.skipSpace();
    }
  }
  /** path_decode: `npts` pairs, optionally in "[...]" (when `opentype`) or "(...)". Returns isopen. */
  path(opentype: boolean, npts: number): boolean {
    let depth = 0;
    this.skipSpace();
    const isopen = this.peek() === '[';
    if (isopen) {
      if (!opentype) throw new SyntaxFail();
      depth++;
      this.i++;
    } else if (this.peek() === '(') {
      let cp = this.i + 1;
      while (isSpace(this.s[cp])) cp++;
      if (this.s[cp] === '(' || this.s.lastIndexOf('(') === this.i) {
        depth++;
        this.i = cp;
      }
    }
    for (let k = 0; k < npts; k++) {
      this.pair();
      if (this.peek() === ',') this.i++;
    }
    while (depth > 0) {
      const c = this.peek();
      if (c === ')' || (c === ']' && isopen && depth === 1)) {
        depth--;
        this.i++;
        this.skipSpace();
      } else {
        throw new SyntaxFail();
      }
    }
    return isopen;
  }
  end(): void {
    if (this.i !== this.s.length) throw new SyntaxFail();
  }
}

const FLOAT = /[ \t\n\r\v\f]*([+-]?(?:nan|infinity|inf|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))[ \t\n\r\v\f]*/iy;

/** pair_count: (number of commas + 1) / 2 when odd, else -1. */
function pairCount(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) === 44) n++;
  return n % 2 === 1 ? (n + 1) / 2 : -1;
}

/** Runs `read` over the text; a syntax failure becomes PostgreSQL's message for the type. */
function parseText(s: string, typeName: string, example: string, read: (r: GeoReader) => void): void {
  coords = [];
  try {
    read(new GeoReader(s));
  } catch (e) {
    if (e instanceof SyntaxFail) throw new CodecError(`${describeValue(s)} is not a ${typeName} (invalid input syntax; expected e.g. "${example}")`);
    throw e;
  }
}

function checkNumber(v: unknown, what: string, whole: unknown): number {
  if (typeof v !== 'number') throw new CodecError(`${describeValue(whole)}: ${what} must be a number, got ${describeValue(v)}`);
  return v;
}

function pushPoint(p: unknown, whole: unknown): void {
  if (typeof p !== 'object' || p === null) throw new CodecError(`${describeValue(whole)}: expected points as { x, y }, got ${describeValue(p)}`);
  const pt = p as { x?: unknown; y?: unknown };
  coords.push(checkNumber(pt.x, 'x', whole), checkNumber(pt.y, 'y', whole));
}

function pushPoints(list: unknown, min: number, typeName: string, whole: unknown): void {
  if (!Array.isArray(list)) throw new CodecError(typeMismatch(`a ${typeName} string or an array of { x, y }`, whole));
  if (list.length < min) throw new CodecError(`${describeValue(whole)}: a ${typeName} needs at least ${min} point${min > 1 ? 's' : ''}`);
  for (const p of list) pushPoint(p, whole);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** float8out: shortest round-trip decimal, with float8in's spellings of the special values. */
function num(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return String(x);
}

function pointsText(from: number, to: number): string {
  let out = '';
  for (let k = from; k < to; k += 2) out += `${k > from ? ',' : ''}(${num(coords[k] as number)},${num(coords[k + 1] as number)})`;
  return out;
}

function writeCoords(w: ByteWriter): void {
  w.ensure(coords.length * 8);
  for (const c of coords) w.f64(c);
}

// ---- point

function parsePoint(v: unknown): void {
  if (typeof v === 'string') {
    parseText(v, 'point', '(1.5,2)', (r) => {
      r.pair();
      r.end();
    });
  } else if (isPlainObject(v)) {
    coords = [];
    pushPoint(v, v);
  } else throw new CodecError(typeMismatch('a point { x, y } or a point string', v));
}

export function point(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      parsePoint(v);
      return pointsText(0, 2);
    },
    writeBinary(w, v) {
      parsePoint(v);
      writeCoords(w);
    },
  };
}

// ---- lseg

function parseLseg(v: unknown): void {
  if (typeof v === 'string') {
    parseText(v, 'lseg', '[(1,2),(3,4)]', (r) => {
      r.path(true, 2);
      r.end();
    });
  } else {
    coords = [];
    pushPoints(v, 2, 'lseg', v);
    if (coords.length !== 4) throw new CodecError(`${describeValue(v)}: an lseg has exactly 2 points`);
  }
}

export function lseg(): ColumnCodec {
  return {
    textIsCopySafe: true,
    valuesAreArrays: true,
    toText(v) {
      parseLseg(v);
      return `[${pointsText(0, 4)}]`;
    },
    writeBinary(w, v) {
      parseLseg(v);
      writeCoords(w);
    },
  };
}

// ---- box

function parseBox(v: unknown): void {
  if (typeof v === 'string') {
    parseText(v, 'box', '(3,4),(1,2)', (r) => {
      r.path(false, 2);
      r.end();
    });
  } else {
    coords = [];
    pushPoints(v, 2, 'box', v);
    if (coords.length !== 4) throw new CodecError(`${describeValue(v)}: a box has exactly 2 corners`);
  }
  // box_in / box_recv: upper right corner first (a NaN compares false and stays put).
  const [x1, y1, x2, y2] = coords as [number, number, number, number];
  if (x1 < x2) {
    coords[0] = x2;
    coords[2] = x1;
  }
  if (y1 < y2) {
    coords[1] = y2;
    coords[3] = y1;
  }
}

export function box(): ColumnCodec {
  return {
    textIsCopySafe: true,
    valuesAreArrays: true,
    toText(v) {
      parseBox(v);
      return pointsText(0, 4);
    },
    writeBinary(w, v) {
      parseBox(v);
      writeCoords(w);
    },
  };
}

// ---- path

function parsePath(v: unknown): void {
  if (typeof v === 'string') {
    parseText(v, 'path', '[(1,2),(3,4)]', (r) => {
      const npts = pairCount(v);
      if (npts <= 0) throw new SyntaxFail();
      r.skipSpace();
      // path_in: a single leading "(" (no other "(" in the text) wraps the whole path.
      let depth = 0;
      if (r.peek() === '(' && v.lastIndexOf('(') === r.i) {
        r.i++;
        depth++;
      }
      closedPath = !r.path(true, npts);
      if (depth >= 1) {
        if (r.s[r.i++] !== ')') throw new SyntaxFail();
        r.skipSpace();
      }
      r.end();
    });
  } else if (isPlainObject(v)) {
    coords = [];
    if (typeof v.closed !== 'boolean') throw new CodecError(`${describeValue(v)}: a path object needs closed: true or false`);
    pushPoints(v.points, 1, 'path', v);
    closedPath = v.closed;
  } else throw new CodecError(typeMismatch('a path string or { points, closed }', v));
}

export function path(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      parsePath(v);
      const pts = pointsText(0, coords.length);
      return closedPath ? `(${pts})` : `[${pts}]`;
    },
    writeBinary(w, v) {
      parsePath(v);
      w.u8(closedPath ? 1 : 0);
      w.i32(coords.length / 2);
      writeCoords(w);
    },
  };
}

// ---- polygon

function parsePolygon(v: unknown): void {
  if (typeof v === 'string') {
    parseText(v, 'polygon', '((0,0),(1,0),(0,1))', (r) => {
      const npts = pairCount(v);
      if (npts <= 0) throw new SyntaxFail();
      r.path(false, npts);
      r.end();
    });
  } else {
    coords = [];
    pushPoints(v, 1, 'polygon', v);
  }
}

export function polygon(): ColumnCodec {
  return {
    textIsCopySafe: true,
    valuesAreArrays: true,
    toText(v) {
      parsePolygon(v);
      return `(${pointsText(0, coords.length)})`;
    },
    writeBinary(w, v) {
      parsePolygon(v);
      w.i32(coords.length / 2);
      writeCoords(w);
    },
  };
}

// ---- circle

function parseCircle(v: unknown): void {
  if (typeof v === 'string') {
    parseText(v, 'circle', '<(1,2),3>', (r) => {
      let depth = 0;
      r.skipSpace();
      if (r.peek() === '<') {
        depth++;
        r.i++;
      } else if (r.peek() === '(') {
        let cp = r.i + 1;
        while (isSpace(v[cp])) cp++;
        if (v[cp] === '(') {
          depth++;
          r.i = cp;
        }
      }
      r.pair();
      if (r.peek() === ',') r.i++;
      coords.push(r.float());
      if ((coords[2] as number) < 0) throw new SyntaxFail();
      while (depth > 0) {
        const c = r.peek();
        if (c === ')' || (c === '>' && depth === 1)) {
          depth--;
          r.i++;
          r.skipSpace();
        } else throw new SyntaxFail();
      }
      r.end();
    });
  } else if (isPlainObject(v)) {
    coords = [checkNumber(v.x, 'x', v), checkNumber(v.y, 'y', v), checkNumber(v.radius, 'radius', v)];
    if ((coords[2] as number) < 0) throw new CodecError(`${describeValue(v)}: a circle's radius cannot be negative`);
  } else throw new CodecError(typeMismatch('a circle { x, y, radius } or a circle string', v));
}

export function circle(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      parseCircle(v);
      return `<${pointsText(0, 2)},${num(coords[2] as number)}>`;
    },
    writeBinary(w, v) {
      parseCircle(v);
      writeCoords(w);
    },
  };
}

// ---- line

const EPSILON = 1.0e-6;

function fpEq(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= EPSILON;
}

/** float8_mi / float8_mul / float8_div: an infinite result from finite operands is an overflow error, zero from nonzero an underflow. */
function checked(r: number, a: number, b: number, zeroOk: boolean, whole: string): number {
  if (!Number.isFinite(r) && !Number.isNaN(r) && Number.isFinite(a) && Number.isFinite(b)) throw new CodecError(`${describeValue(whole)}: value out of range: overflow`);
  if (r === 0 && !zeroOk) throw new CodecError(`${describeValue(whole)}: value out of range: underflow`);
  return r;
}

/** line_in's two-point form: line_construct(p1, point_sl(p1, p2)). */
function lineThrough(x1: number, y1: number, x2: number, y2: number, whole: string): void {
  const anyNaN = Number.isNaN(x1) || Number.isNaN(y1) || Number.isNaN(x2) || Number.isNaN(y2);
  const same = anyNaN ? Object.is(x1, x2) && Object.is(y1, y2) : fpEq(x1, x2) && fpEq(y1, y2);
  if (same) throw new CodecError(`${describeValue(whole)}: invalid line specification: must be two distinct points`);
  let m: number;
  if (fpEq(x1, x2)) m = Infinity;
  else if (fpEq(y1, y2)) m = 0;
  else {
    const dy = checked(y1 - y2, y1, y2, true, whole);
    const dx = checked(x1 - x2, x1, x2, true, whole);
    m = checked(dy / dx, dy, dx, dy === 0, whole);
  }
  if (m === Infinity || m === -Infinity) coords = [-1, 0, x1];
  else if (m === 0) coords = [0, -1, y1];
  else {
    const mx = checked(m * x1, m, x1, m === 0 || x1 === 0, whole);
    let c = checked(y1 - mx, y1, mx, true, whole);
    if (c === 0) c = 0;
    coords = [m, -1, c];
  }
}

function parseLine(v: unknown): void {
  if (typeof v === 'string') {
    parseText(v, 'line', '{1,-1,0}', (r) => {
      r.skipSpace();
      if (r.peek() === '{') {
        r.i++;
        coords.push(r.float());
        if (r.s[r.i++] !== ',') throw new SyntaxFail();
        coords.push(r.float());
        if (r.s[r.i++] !== ',') throw new SyntaxFail();
        coords.push(r.float());
        if (r.s[r.i++] !== '}') throw new SyntaxFail();
        r.skipSpace();
        r.end();
      } else {
        r.path(true, 2);
        r.end();
        const [x1, y1, x2, y2] = coords as [number, number, number, number];
        lineThrough(x1, y1, x2, y2, v);
      }
    });
  } else if (isPlainObject(v)) {
    coords = [checkNumber(v.a, 'a', v), checkNumber(v.b, 'b', v), checkNumber(v.c, 'c', v)];
  } else throw new CodecError(typeMismatch('a line { a, b, c } or a line string', v));
  if (Math.abs(coords[0] as number) <= EPSILON && Math.abs(coords[1] as number) <= EPSILON) {
    throw new CodecError(`${describeValue(v)}: invalid line specification: A and B cannot both be zero`);
  }
}

export function line(): ColumnCodec {
  return {
    textIsCopySafe: true,
    toText(v) {
      parseLine(v);
      return `{${num(coords[0] as number)},${num(coords[1] as number)},${num(coords[2] as number)}}`;
    },
    writeBinary(w, v) {
      parseLine(v);
      writeCoords(w);
    },
  };
}

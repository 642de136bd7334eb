/**
 * Plain-JavaScript reference implementations for the conformance suites.
 *
 * Nothing here calls a Sprout op: values are flat row-major `number[]` plus a shape, and every
 * reference is a loop over indices, written from the op's documented semantics (and PyTorch's where
 * the docs defer to it). The suites compare Sprout's results with these.
 */
import type { DType } from '../../src/index.js';

/** A dense row-major array: what a reference takes and returns. Bool elements are 0/1. */
export interface RefTensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Elements in row-major order, or null when only a property of the values is known (random ops). */
  readonly data: readonly number[] | null;
  /** For data === null: a predicate every element must satisfy, with a description. */
  readonly check?: { readonly describe: string; readonly ok: (v: number) => boolean };
}

/** The reference result of an op: one tensor or several (sort, split, …). */
export type RefResult = RefTensor | readonly RefTensor[];

// ── index arithmetic ───────────────────────────────────────────────────────────────────────────

export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Multi-index of flat position `flat` in a row-major array of `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    idx[i] = rest % d;
    rest = Math.floor(rest / d);
  }
  return idx;
}

/** Flat position of a multi-index in a row-major array of `shape`. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i]! + idx[i]!;
  return flat;
}

/** Rounds a number the way storing it in `dtype` does. */
export function coerce(v: number, dtype: DType): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
    case 'int32':
      return Math.trunc(v) | 0;
    case 'bool':
      return v !== 0 ? 1 : 0;
  }
}

/** Builds a RefTensor by evaluating `f` at every multi-index of `shape`, rounding to dtype. */
export function build(shape: readonly number[], dtype: DType, f: (idx: number[]) => number): RefTensor {
  const n = sizeOfShape(shape);
  const data = new Array<number>(n);
  for (let i = 0; i < n; i++) data[i] = coerce(f(unravel(i, shape)), dtype);
  return { shape: [...shape], dtype, data };
}

export function dataOf(r: RefTensor): readonly number[] {
  if (r.data === null) throw new Error('reference: this RefTensor carries no data');
  return r.data;
}

/** Element at a multi-index. */
export function at(r: RefTensor, idx: readonly number[]): number {
  return dataOf(r)[ravel(idx, r.shape)]!;
}

export function refOf(shape: readonly number[], dtype: DType, values: readonly number[]): RefTensor {
  return { shape: [...shape], dtype, data: values.map((v) => coerce(v, dtype)) };
}

// ── dtype rules (as documented in src/core/dtype.ts, written out independently) ───────────────

const ORDER: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

export function promote(a: DType, b: DType): DType {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

export function isFloatDType(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}

/** Result dtype of a float function (exp, log, …): integer inputs give float32. */
export function floatResult(d: DType): DType {
  return d === 'float64' ? 'float64' : 'float32';
}

// ── movement ───────────────────────────────────────────────────────────────────────────────────

export function refPermute(x: RefTensor, axes: readonly number[]): RefTensor {
  const shape = axes.map((a) => x.shape[a]!);
  return build(shape, x.dtype, (idx) => {
    const src = new Array<number>(x.shape.length);
    axes.forEach((a, i) => (src[a] = idx[i]!));
    return at(x, src);
  });
}

export function refTranspose(x: RefTensor, a0 = -2, a1 = -1): RefTensor {
  if (x.shape.length < 2 && a0 === -2 && a1 === -1) return x;
  const r = x.shape.length;
  const a = a0 < 0 ? a0 + r : a0;
  const b = a1 < 0 ? a1 + r : a1;
  const axes = Array.from({ length: r }, (_, i) => i);
  axes[a] = b;
  axes[b] = a;
  return refPermute(x, axes);
}

/** Elements start, start + step, … (count of them) along axis. */
export function refSlice(x: RefTensor, axis: number, start: number, count: number, step: number): RefTensor {
  const shape = [...x.shape];
  shape[axis] = count;
  return build(shape, x.dtype, (idx) => {
    const src = [...idx];
    src[axis] = start + idx[axis]! * step;
    return at(x, src);
  });
}

export function refFlip(x: RefTensor, axes: readonly number[]): RefTensor {
  return build(x.shape, x.dtype, (idx) => at(x, idx.map((v, i) => (axes.includes(i) ? x.shape[i]! - 1 - v : v))));
}

/** NumPy broadcasting of x to `shape`. */
export function refExpand(x: RefTensor, shape: readonly number[]): RefTensor {
  const lead = shape.length - x.shape.length;
  return build(shape, x.dtype, (idx) => at(x, x.shape.map((d, i) => (d === 1 ? 0 : idx[i + lead]!))));
}

export function refReshape(x: RefTensor, shape: readonly number[]): RefTensor {
  return { shape: [...shape], dtype: x.dtype, data: [...dataOf(x)] };
}

export function refCast(x: RefTensor, dtype: DType): RefTensor {
  return { shape: [...x.shape], dtype, data: dataOf(x).map((v) => coerce(v, dtype)) };
}

export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v !== 1) {
        if (d !== 1 && d !== v) throw new Error(`reference: shapes do not broadcast: ${JSON.stringify(shapes)}`);
        d = v;
      }
    }
    out.push(d);
  }
  return out;
}

// ── elementwise ───────────────────────────────────────────────────────────────────────────────

export function refUnary(x: RefTensor, dtype: DType, f: (v: number) => number): RefTensor {
  return { shape: [...x.shape], dtype, data: dataOf(x).map((v) => coerce(f(v), dtype)) };
}

export function refNary(inputs: readonly RefTensor[], dtype: DType, f: (vs: number[]) => number): RefTensor {
  const shape = broadcastShape(...inputs.map((r) => r.shape));
  const expanded = inputs.map((r) => refExpand(r, shape));
  return build(shape, dtype, (idx) => f(expanded.map((r) => at(r, idx))));
}

/** Round half to even (NumPy, PyTorch). */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  let r: number;
  if (d < 0.5) r = f;
  else if (d > 0.5) r = f + 1;
  else r = f % 2 === 0 ? f : f + 1;
  // Keep the sign of zero for inputs in (−0.5, −0].
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

/**
 * erf in float64, written independently of the library's: the Maclaurin series
 * erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n!(2n+1)) for |x| < 2.5 (about two digits lost to cancellation
 * at the top of the range), and for larger |x| the continued fraction
 * erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) evaluated bottom-up.
 */
export function refErf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return x;
  const ax = Math.abs(x);
  const s = x < 0 ? -1 : 1;
  if (ax < 2.5) {
    let term = ax;
    let total = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      total += add;
      if (Math.abs(add) < 1e-18 * Math.abs(total)) break;
    }
    return s * total * (2 / Math.sqrt(Math.PI));
  }
  if (ax > 6) return s;
  let frac = ax;
  for (let k = 200; k >= 1; k--) frac = ax + k / 2 / frac;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / frac;
  return s * (1 - erfc);
}

// ── reductions ────────────────────────────────────────────────────────────────────────────────

/** Resolved, sorted axes (undefined: all). */
export function axesOf(axis: number | readonly number[] | undefined, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  return list.map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
}

/**
 * Generic reduction: `f` receives the values of each reduced group in row-major order and returns
 * the reduced value.
 */
export function refReduce(
  x: RefTensor,
  axis: number | readonly number[] | undefined,
  keepdims: boolean,
  dtype: DType,
  f: (values: number[]) => number,
): RefTensor {
  const axes = axesOf(axis, x.shape.length);
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groupShape = axes.map((a) => x.shape[a]!);
  const groupSize = sizeOfShape(groupShape);
  const out = build(kept, dtype, (idx) => {
    const values: number[] = [];
    for (let g = 0; g < groupSize; g++) {
      const gi = unravel(g, groupShape);
      const src = [...idx];
      axes.forEach((a, k) => (src[a] = gi[k]!));
      values.push(at(x, src));
    }
    return f(values);
  });
  if (keepdims) return out;
  return refReshape(out, x.shape.filter((_, i) => !axes.includes(i)));
}

export const sumOf = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0);
export const prodOf = (v: readonly number[]): number => v.reduce((s, x) => s * x, 1);
export const maxOf = (v: readonly number[]): number =>
  v.reduce((m, x) => (Number.isNaN(m) || Number.isNaN(x) ? NaN : x > m ? x : m), -Infinity);
export const minOf = (v: readonly number[]): number =>
  v.reduce((m, x) => (Number.isNaN(m) || Number.isNaN(x) ? NaN : x < m ? x : m), Infinity);

export function varianceOf(v: readonly number[], correction: number): number {
  const n = v.length;
  const m = sumOf(v) / n;
  let ss = 0;
  for (const x of v) ss += (x - m) * (x - m);
  return ss / Math.max(0, n - correction);
}

export function logsumexpOf(v: readonly number[]): number {
  if (v.length === 0) return -Infinity;
  const m = maxOf(v);
  if (Number.isNaN(m)) return NaN;
  if (!Number.isFinite(m)) return m === Infinity ? Infinity : -Infinity;
  let s = 0;
  for (const x of v) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** Index of the first extreme; NaN beats every number (PyTorch). */
export function argExtreme(v: readonly number[], largest: boolean): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) {
    const b = v[best]!;
    const x = v[i]!;
    if (Number.isNaN(b)) break;
    if (Number.isNaN(x) || (largest ? x > b : x < b)) best = i;
  }
  return best;
}

/** Applies `f` to every 1-D line of x along `axis`, writing a line of the same length back. */
export function refAlongAxis(x: RefTensor, axis: number, dtype: DType, f: (line: number[]) => number[]): RefTensor {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const len = x.shape[a]!;
  const out = new Array<number>(sizeOfShape(x.shape)).fill(0);
  const outer = x.shape.map((d, i) => (i === a ? 1 : d));
  const nOuter = sizeOfShape(outer);
  for (let o = 0; o < nOuter; o++) {
    const base = unravel(o, outer);
    const line: number[] = [];
    for (let k = 0; k < len; k++) {
      const idx = [...base];
      idx[a] = k;
      line.push(at(x, idx));
    }
    const result = f(line);
    for (let k = 0; k < len; k++) {
      const idx = [...base];
      idx[a] = k;
      out[ravel(idx, x.shape)] = coerce(result[k]!, dtype);
    }
  }
  return { shape: [...x.shape], dtype, data: out };
}

/** Stable sort of a line: returns the permutation. NaN after every number ascending, before descending. */
export function sortOrder(line: readonly number[], descending: boolean): number[] {
  const key = (v: number): number => (Number.isNaN(v) ? Infinity : v);
  const order = line.map((_, i) => i);
  order.sort((i, j) => {
    const a = line[i]!;
    const b = line[j]!;
    const an = Number.isNaN(a);
    const bn = Number.isNaN(b);
    let c: number;
    if (an || bn) c = an && bn ? 0 : an ? 1 : -1;
    else c = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
    if (descending) c = -c;
    return c !== 0 ? c : i - j;
  });
  return order;
}

// ── linear algebra ────────────────────────────────────────────────────────────────────────────

/** NumPy matmul, with 1-D operands promoted and the added dimension removed. */
export function refMatmul(a: RefTensor, b: RefTensor, dtype: DType): RefTensor {
  const A = a.shape.length === 1 ? refReshape(a, [1, a.shape[0]!]) : a;
  const B = b.shape.length === 1 ? refReshape(b, [b.shape[0]!, 1]) : b;
  const m = A.shape[A.shape.length - 2]!;
  const k = A.shape[A.shape.length - 1]!;
  const n = B.shape[B.shape.length - 1]!;
  const batch = broadcastShape(A.shape.slice(0, -2), B.shape.slice(0, -2));
  const Ae = refExpand(A, [...batch, m, k]);
  const Be = refExpand(B, [...batch, k, n]);
  const out = build([...batch, m, n], dtype, (idx) => {
    const bi = idx.slice(0, -2);
    const i = idx[idx.length - 2]!;
    const j = idx[idx.length - 1]!;
    let s = 0;
    for (let p = 0; p < k; p++) s += at(Ae, [...bi, i, p]) * at(Be, [...bi, p, j]);
    return s;
  });
  return refReshape(out, [...batch, ...(a.shape.length === 1 ? [] : [m]), ...(b.shape.length === 1 ? [] : [n])]);
}

// ── random: Philox4x32-10 and the contract's recipes, written independently ──────────────────

const MASK32 = 0xffffffffn;

/** One Philox4x32-10 block (Salmon et al. 2011), with BigInt products. */
export function philoxBlock(counter: readonly [number, number, number, number], key: readonly [number, number]): number[] {
  let [x0, x1, x2, x3] = counter.map((v) => BigInt(v >>> 0)) as [bigint, bigint, bigint, bigint];
  let k0 = BigInt(key[0] >>> 0);
  let k1 = BigInt(key[1] >>> 0);
  const M0 = 0xd2511f53n;
  const M1 = 0xcd9e8d57n;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = (k0 + 0x9e3779b9n) & MASK32;
      k1 = (k1 + 0xbb67ae85n) & MASK32;
    }
    const p0 = M0 * x0;
    const p1 = M1 * x2;
    const y0 = (p1 >> 32n) ^ x1 ^ k0;
    const y1 = p1 & MASK32;
    const y2 = (p0 >> 32n) ^ x3 ^ k1;
    const y3 = p0 & MASK32;
    x0 = y0 & MASK32;
    x1 = y1;
    x2 = y2 & MASK32;
    x3 = y3;
  }
  return [x0, x1, x2, x3].map((v) => Number(v));
}

/** `count` 32-bit words of the stream starting at block `counter` under the generator seed. */
export function philoxWords(seed: number, counter: number, count: number): number[] {
  const key: [number, number] = [seed % 4294967296 >>> 0, Math.floor(seed / 4294967296) >>> 0];
  const words: number[] = [];
  for (let block = counter; words.length < count; block++) {
    words.push(...philoxBlock([block % 4294967296 >>> 0, Math.floor(block / 4294967296) >>> 0, 0, 0], key));
  }
  return words.slice(0, count);
}

/** Uniform draws of the contract: float32 from one word, float64 from two. */
export function refUniform(seed: number, counter: number, size: number, dtype: 'float32' | 'float64'): number[] {
  if (dtype === 'float32') return philoxWords(seed, counter, size).map((w) => (w >>> 8) * 2 ** -24);
  const w = philoxWords(seed, counter, 2 * size);
  return Array.from({ length: size }, (_, i) => ((w[2 * i]! >>> 5) * 2 ** 26 + (w[2 * i + 1]! >>> 6)) * 2 ** -53);
}

/** Normal draws by Box–Muller from pairs of uniforms (computed in float64, rounded once). */
export function refNormal(seed: number, counter: number, size: number, dtype: 'float32' | 'float64'): number[] {
  const u = refUniform(seed, counter, size + (size % 2), dtype);
  const out: number[] = [];
  for (let k = 0; 2 * k < size; k++) {
    const r = Math.sqrt(-2 * Math.log(1 - u[2 * k]!));
    const theta = 2 * Math.PI * u[2 * k + 1]!;
    out.push(coerce(r * Math.cos(theta), dtype), coerce(r * Math.sin(theta), dtype));
  }
  return out.slice(0, size);
}

// ── a small seeded generator for test inputs (independent of Sprout's) ─────────────────────────

/** mulberry32: a tiny seeded PRNG giving floats in [0, 1). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo));
  }
}

/**
 * Parameter initialisers. Each returns a fresh tensor of the given shape drawn with an explicit
 * (or the default) generator, so a seed fixes a model on every backend.
 *
 * Fans follow PyTorch's layout convention: a weight is [out, in, ...kernel], so
 * fanIn = in · Πkernel and fanOut = out · Πkernel.
 */
import {
  add,
  type DType,
  defaultGenerator,
  full,
  type Generator,
  mul,
  rand,
  randn,
  tensor,
  type Tensor,
  ValueError,
} from '../core/index.js';

/** Options shared by the random initialisers. */
export interface InitOptions {
  readonly generator?: Generator;
  /** float32 (default) or float64. */
  readonly dtype?: DType;
}

/** How a layer's activation changes the variance-preserving scale (PyTorch's `calculate_gain`). */
export type Nonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/**
 * The recommended gain for a nonlinearity: 1 for linear and sigmoid, 5/3 for tanh, √2 for ReLU,
 * √(2 / (1 + slope²)) for leaky ReLU, 3/4 for SELU.
 */
export function calculateGain(nonlinearity: Nonlinearity, negativeSlope = 0.01): number {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
      return Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
    case 'selu':
      return 3 / 4;
    default:
      throw new ValueError(`calculateGain: unknown nonlinearity '${String(nonlinearity)}'`);
  }
}

/** fanIn and fanOut of a weight of this shape (at least 2-D, or 1-D where fanIn = fanOut = size). */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) throw new ValueError('computeFans: a scalar has no fans; the shape needs at least one dimension');
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(2).reduce((p, d) => p * d, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

function options(o: InitOptions): { generator: Generator; dtype: DType } {
  return { generator: o.generator ?? defaultGenerator, dtype: o.dtype ?? 'float32' };
}

/** All zeros. */
export function zerosInit(shape: readonly number[], o: InitOptions = {}): Tensor {
  return full(shape, 0, { dtype: options(o).dtype });
}

/** All ones. */
export function onesInit(shape: readonly number[], o: InitOptions = {}): Tensor {
  return full(shape, 1, { dtype: options(o).dtype });
}

/** Every element `value`. */
export function constantInit(shape: readonly number[], value: number, o: InitOptions = {}): Tensor {
  return full(shape, value, { dtype: options(o).dtype });
}

/**
 * Uniform draws from [low, high).
 *
 * @example
 * uniformInit([3, 4], -0.1, 0.1, { generator: new Generator(0) });
 */
export function uniformInit(shape: readonly number[], low = 0, high = 1, o: InitOptions = {}): Tensor {
  if (!(high >= low)) throw new ValueError(`uniformInit: high (${high}) must be ≥ low (${low})`);
  return add(mul(rand(shape, options(o)), high - low), low);
}

/** Gaussian draws N(mean, std²). */
export function normalInit(shape: readonly number[], mean = 0, std = 1, o: InitOptions = {}): Tensor {
  if (!(std >= 0)) throw new ValueError(`normalInit: std must be ≥ 0, got ${std}`);
  return add(mul(randn(shape, options(o)), std), mean);
}

/**
 * Gaussian N(mean, std²) draws restricted to [low, high] (default mean ± 2 std), by redrawing the
 * values that fall outside: the exact truncated distribution, deterministic for a seed.
 */
export function truncatedNormalInit(
  shape: readonly number[],
  mean = 0,
  std = 1,
  low = mean - 2 * std,
  high = mean + 2 * std,
  o: InitOptions = {},
): Tensor {
  if (!(std > 0) || !(high > low) || mean + 6 * std < low || mean - 6 * std > high) {
    throw new ValueError(`truncatedNormalInit: need std > 0 and [low, high] near the mean, got mean ${mean}, std ${std}, [${low}, ${high}]`);
  }
  const { generator, dtype } = options(o);
  const size = shape.reduce((p, d) => p * d, 1);
  const values = new Float64Array(size);
  let filled = 0;
  while (filled < size) {
    const draws = randn([Math.max(64, 2 * (size - filled))], { generator, dtype: 'float64' }).dataSync();
    for (let i = 0; i < draws.length && filled < size; i++) {
      const v = mean + std * draws[i]!;
      if (v >= low && v <= high) values[filled++] = v;
    }
  }
  return tensor(values, { shape: [...shape], dtype });
}

/**
 * Glorot / Xavier uniform (Glorot & Bengio 2010): U(−a, a) with a = gain·√(6 / (fanIn + fanOut)).
 *
 * @example
 * xavierUniform([128, 784]);
 */
export function xavierUniform(shape: readonly number[], gain = 1, o: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = computeFans(shape);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniformInit(shape, -bound, bound, o);
}

/** Glorot / Xavier normal: N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)). */
export function xavierNormal(shape: readonly number[], gain = 1, o: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = computeFans(shape);
  return normalInit(shape, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), o);
}

/** Options of the He / Kaiming initialisers. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky ReLU that follows (0 for ReLU). */
  readonly a?: number;
  /** Preserve the variance of activations ('fanIn', default) or of gradients ('fanOut'). */
  readonly mode?: 'fanIn' | 'fanOut';
  /** Default 'leakyRelu' with slope `a`, as PyTorch. */
  readonly nonlinearity?: Nonlinearity;
}

function kaimingStd(shape: readonly number[], o: KaimingOptions): number {
  const fans = computeFans(shape);
  const fan = (o.mode ?? 'fanIn') === 'fanIn' ? fans.fanIn : fans.fanOut;
  const gain = calculateGain(o.nonlinearity ?? 'leakyRelu', o.a ?? 0);
  return gain / Math.sqrt(fan);
}

/**
 * He / Kaiming uniform (He et al. 2015): U(−b, b) with b = gain·√(3 / fan).
 *
 * @example
 * kaimingUniform([256, 784], { nonlinearity: 'relu' });
 */
export function kaimingUniform(shape: readonly number[], o: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(shape, o);
  return uniformInit(shape, -bound, bound, o);
}

/** He / Kaiming normal: N(0, σ²) with σ = gain / √fan. */
export function kaimingNormal(shape: readonly number[], o: KaimingOptions = {}): Tensor {
  return normalInit(shape, 0, kaimingStd(shape, o), o);
}

/**
 * A (semi-)orthogonal matrix scaled by `gain` (Saxe et al. 2014): the Q of a QR decomposition of a
 * Gaussian matrix, with signs fixed by R's diagonal so the result is uniformly distributed. Shapes
 * beyond 2-D are flattened to [shape[0], rest].
 */
export function orthogonal(shape: readonly number[], gain = 1, o: InitOptions = {}): Tensor {
  if (shape.length < 2) throw new ValueError(`orthogonal: shape needs at least 2 dimensions, got [${shape.join(', ')}]`);
  const rows = shape[0]!;
  const cols = shape.slice(1).reduce((p, d) => p * d, 1);
  const { generator, dtype } = options(o);
  const gaussian = randn([rows, cols], { generator, dtype: 'float64' }).dataSync();
  // Work on the tall orientation (m ≥ n) so Q has orthonormal columns.
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const a: number[][] = Array.from({ length: m }, (_, i) =>
    Array.from({ length: n }, (_, j) => (tall ? gaussian[i * cols + j]! : gaussian[j * cols + i]!)),
  );
  const q = householderQ(a, m, n);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = gain * (tall ? q[i]![j]! : q[j]![i]!);
  }
  return tensor(out, { shape: [...shape], dtype });
}

/**
 * The m×n factor Q of A = QR by Householder reflections, with columns multiplied by sign(Rᵢᵢ)
 * (so R has a positive diagonal and Q is unique).
 */
function householderQ(a: number[][], m: number, n: number): number[][] {
  const r = a.map((row) => [...row]);
  const reflectors: number[][] = [];
  for (let k = 0; k < n; k++) {
    const v = new Array<number>(m).fill(0);
    let norm = 0;
    for (let i = k; i < m; i++) norm += r[i]![k]! ** 2;
    norm = Math.sqrt(norm);
    const alpha = r[k]![k]! >= 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i] = r[i]![k]!;
    v[k]! -= alpha;
    const vv = v.reduce((s, x) => s + x * x, 0);
    reflectors.push(v);
    if (vv === 0) continue;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i]! * r[i]![j]!;
      const f = (2 * dot) / vv;
      for (let i = k; i < m; i++) r[i]![j]! -= f * v[i]!;
    }
  }
  // Q = H₀ H₁ … Hₙ₋₁ applied to the first n columns of the identity.
  const q: number[][] = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let k = n - 1; k >= 0; k--) {
    const v = reflectors[k]!;
    const vv = v.reduce((s, x) => s + x * x, 0);
    if (vv === 0) continue;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i]! * q[i]![j]!;
      const f = (2 * dot) / vv;
      for (let i = k; i < m; i++) q[i]![j]! -= f * v[i]!;
    }
  }
  for (let j = 0; j < n; j++) {
    if (r[j]![j]! < 0) for (let i = 0; i < m; i++) q[i]![j] = -q[i]![j]!;
  }
  return q;
}

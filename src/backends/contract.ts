/**
 * The kernel contract: the small set of primitives a backend implements (DESIGN.md, principle 2).
 *
 * Everything else in Sprout — softmax, layer norm, losses, attention, optimisers — is composed from
 * public tensor ops that end in these kernels, so a new backend (WebAssembly, WebGPU) is a small job.
 *
 * Conventions shared by every kernel:
 * - Inputs arrive as {@link StridedView}s: a buffer plus shape, strides (in elements, possibly 0 for
 *   broadcast dimensions or negative for flipped ones) and an offset. Kernels never assume an input is
 *   contiguous.
 * - Outputs are fresh, contiguous (row-major) buffers owned by the caller, unless the kernel's name
 *   says it writes into a view (`copyInto`).
 * - Shapes and dtypes have already been validated by `core/`; kernels do not re-check them.
 * - Inputs already have the output dtype (core casts first), except where a kernel says otherwise:
 *   `copy` converts, comparisons and logical ops write bool, `where`'s cond is bool, `argReduce`,
 *   `sort` and `gather`/`scatterAdd` indices are int32, and `logicalNot` reads any dtype.
 * - Arithmetic on float32 may be carried out in higher precision, but results are rounded to the
 *   output dtype when stored.
 *
 * This file sits in the lowest layer: it imports nothing, and `core/` builds on it.
 */

/** Element types a tensor can hold. `float64` exists for gradient checks. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The typed array that holds each dtype's elements. `bool` is stored as 0/1 bytes. */
export interface DataArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any typed array a tensor's elements can live in. */
export type DataArray = DataArrayOf[DType];

/** Opaque handle to memory owned by a backend. */
export interface BackendBuffer {
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
}

/** A strided window onto a buffer: how kernels see their inputs. */
export interface StridedView {
  readonly buffer: BackendBuffer;
  readonly shape: readonly number[];
  /** Element strides, one per dimension; 0 broadcasts, negative walks backwards. */
  readonly strides: readonly number[];
  /** Element offset of index [0, 0, …]. */
  readonly offset: number;
}

/** Elementwise functions of one argument. */
export type UnaryOp =
  | 'neg'
  | 'abs'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'sqrt'
  | 'rsqrt'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'erf'
  | 'sign'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'logicalNot';

/** Elementwise functions of two arguments. Comparisons and logical ops write `bool`. */
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'logicalAnd'
  | 'logicalOr';

/** Reductions over a set of axes. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min';

/** Index-returning reductions over one axis. */
export type ArgReduceOp = 'argmax' | 'argmin';

/** Distributions the random kernel draws from. */
export type RandomDistribution = 'uniform' | 'normal';

/**
 * State of a counter-based random stream (Philox4x32-10, Salmon et al. 2011): the same key and
 * counter give the same numbers on every backend, so a seed fixes a model everywhere.
 */
export interface RandomStream {
  /** Two 32-bit key words (the seed). */
  readonly key: readonly [number, number];
  /** Index of the first 128-bit Philox block to use; each block yields four 32-bit words. */
  readonly counter: number;
}

/**
 * Where the sliding windows of a 2-d convolution or pooling lie (im2col). One-dimensional layers
 * use kernel height 1 over an input of height 1.
 *
 * Window q = (qy, qx) of the output grid, tap t = (ty, tx) of the kernel, reads input position
 * (qy·stride₀ + ty·dilation₀ − padding₀, qx·stride₁ + tx·dilation₁ − padding₁); a position outside
 * the input reads the pad value. Trailing padding is implied by `output`.
 */
/**
 * The scalars of one fused Adam update (see KernelBackend.adamUpdate), each applied as a value of
 * the parameter's dtype, exactly as the composite update multiplies by a number.
 */
export interface AdamUpdateHyper {
  /** Multiplies the parameter first: 1 − lr·λ for AdamW's decoupled decay, else 1. */
  readonly decay: number;
  /** L2 term added to the gradient (Adam's weightDecay), else 0. */
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  /** lr / (1 − β₁ᵗ). */
  readonly stepSize: number;
  /** √(1 − β₂ᵗ). */
  readonly biasCorrection2Sqrt: number;
  readonly eps: number;
}

export interface WindowGeometry2d {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  /** Leading (top, left) padding. */
  readonly padding: readonly [number, number];
  /** The output grid (oH, oW). */
  readonly output: readonly [number, number];
}

/** The primitive kernels. */
export interface KernelBackend {
  /** Registered name, such as `js` or `wasm`. */
  readonly name: string;

  // ── memory ──────────────────────────────────────────────────────────────────────────────────
  /** A zero-filled buffer. */
  allocate(dtype: DType, size: number): BackendBuffer;
  /** A buffer holding a copy of `data` (already converted to `dtype`'s array type). */
  upload(dtype: DType, data: DataArray): BackendBuffer;
  /** A buffer of `size` elements all equal to `value`. */
  fill(dtype: DType, size: number, value: number): BackendBuffer;
  /** The buffer's elements; the caller may keep but must not modify the returned array. */
  readSync(buffer: BackendBuffer): DataArray;
  /** Asynchronous read-back, for backends (WebGPU) whose reads cannot block. */
  read(buffer: BackendBuffer): Promise<DataArray>;
  /** Frees the buffer; called by the memory manager, never by users. */
  release(buffer: BackendBuffer): void;

  // ── movement ────────────────────────────────────────────────────────────────────────────────
  /** Contiguous copy of a view, converted to `dtype` (a cast when it differs). */
  copy(x: StridedView, dtype: DType): BackendBuffer;
  /** Writes `src` (same shape as `dst`) into the view `dst`, converting dtype. Mutates dst's buffer. */
  copyInto(dst: StridedView, src: StridedView): void;

  // ── elementwise ─────────────────────────────────────────────────────────────────────────────
  /** `op` applied to every element of `x`; result has x's shape and `dtype`. */
  unary(op: UnaryOp, x: StridedView, dtype: DType): BackendBuffer;
  /** `op` applied pairwise; a and b are already broadcast to the same shape. */
  binary(op: BinaryOp, a: StridedView, b: StridedView, dtype: DType): BackendBuffer;
  /** `cond ? a : b` elementwise; all three already broadcast to the same shape. */
  where(cond: StridedView, a: StridedView, b: StridedView, dtype: DType): BackendBuffer;

  // ── reductions and scans ────────────────────────────────────────────────────────────────────
  /**
   * Reduces `x` over `axes` (sorted, unique). The result has x's shape with those axes removed.
   * An empty reduction yields the identity (0 for sum, 1 for prod, −∞/+∞ for max/min).
   * NaN propagates through max and min.
   */
  reduce(op: ReduceOp, x: StridedView, axes: readonly number[], dtype: DType): BackendBuffer;
  /**
   * Index (int32) of the first largest / smallest element along `axis`, which is removed from the
   * shape. A NaN counts as larger (argmax) or smaller (argmin) than every number, as in PyTorch.
   */
  argReduce(op: ArgReduceOp, x: StridedView, axis: number): BackendBuffer;
  /** Inclusive cumulative sum along `axis`; same shape as x. */
  cumsum(x: StridedView, axis: number, dtype: DType): BackendBuffer;
  /**
   * Softmax along `axis` of a float x (log-softmax when `log`): out = e^(x − m) / Σ e^(x − m), or
   * (x − m) − ln Σ e^(x − m), with m the line's maximum; same shape as x. A line holding NaN, or
   * whose maximum is ±∞, is NaN throughout.
   */
  softmax(x: StridedView, axis: number, log: boolean, dtype: DType): BackendBuffer;
  /**
   * Stable sort along `axis`. NaN sorts after +∞ (ascending) or before it (descending).
   * Returns values (x's dtype) and int32 indices into `axis`.
   */
  sort(x: StridedView, axis: number, descending: boolean): { values: BackendBuffer; indices: BackendBuffer };

  // ── linear algebra ──────────────────────────────────────────────────────────────────────────
  /**
   * Batched matrix product. `a` is [...batch, M, K] and `b` is [...batch, K, N] with the same batch
   * shape (already broadcast, possibly with zero strides). Result: [...batch, M, N] in `dtype`.
   */
  matmul(a: StridedView, b: StridedView, dtype: DType): BackendBuffer;

  // ── indexing ────────────────────────────────────────────────────────────────────────────────
  /**
   * out[i₀…iₙ] = x[i₀…index[i₀…iₙ]…iₙ] with the index replacing position `axis` (torch.gather).
   * `index` is int32; the result has index's shape. Indices are already range-checked.
   */
  gather(x: StridedView, axis: number, index: StridedView): BackendBuffer;
  /**
   * Copy of `base` with src[i₀…iₙ] added at base[i₀…index[i₀…iₙ]…iₙ] (torch.scatter_add).
   * `index` and `src` have the same shape; the result has base's shape and dtype.
   */
  scatterAdd(base: StridedView, axis: number, index: StridedView, src: StridedView): BackendBuffer;

  // ── sliding windows ─────────────────────────────────────────────────────────────────────────
  /**
   * Every window of `x` [N, C, H, W] (im2col): a contiguous [N, C, kH·kW, oH·oW] buffer in
   * `dtype` (x's float dtype), tap-major, positions outside the input set to `padValue`.
   */
  im2col(x: StridedView, geometry: WindowGeometry2d, padValue: number, dtype: DType): BackendBuffer;
  /**
   * The adjoint of im2col (col2im): `cols` [N, C, kH·kW, oH·oW] summed back onto a zeroed
   * [N, C, H, W] buffer at the positions im2col read them from; padded positions are dropped.
   */
  col2im(cols: StridedView, geometry: WindowGeometry2d, inputSize: readonly [number, number], dtype: DType): BackendBuffer;

  // ── optimisers ──────────────────────────────────────────────────────────────────────────────

  /**
   * One Adam step of a parameter in one pass over its four arrays (same shape, float dtype),
   * rounding to `dtype` after every operation in the composite's order:
   *   p₀ = p·decay;  g′ = g + p·weightDecay;  m′ = m·β₁ + g′·(1 − β₁);  v′ = v·β₂ + (g′·(1 − β₂))·g′;
   *   p′ = p₀ − (m′·stepSize) / (√v′ / biasCorrection2Sqrt + eps)
   * Returns new contiguous buffers [p′, m′, v′]; the inputs are unchanged.
   */
  adamUpdate(
    param: StridedView, grad: StridedView, expAvg: StridedView, expAvgSq: StridedView, hyper: AdamUpdateHyper, dtype: DType,
  ): readonly [BackendBuffer, BackendBuffer, BackendBuffer];

  // ── random ──────────────────────────────────────────────────────────────────────────────────
  /**
   * `size` draws from U[0, 1) or N(0, 1) in `dtype` (float32 or float64), from the Philox stream.
   * Every backend must produce the same numbers, so the recipe is part of the contract:
   * - Philox4x32-10 block `stream.counter + j` (counter words [lo32(c), hi32(c), 0, 0], key
   *   `stream.key`) yields words 4j … 4j+3 of the stream.
   * - Uniform float32 draw i uses word i: `(w >>> 8) · 2⁻²⁴`. Uniform float64 draw i uses words 2i
   *   and 2i+1: `((w₀ >>> 5) · 2²⁶ + (w₁ >>> 6)) · 2⁻⁵³`.
   * - Normal draws 2k and 2k+1 come from uniform draws u₁ = 2k, u₂ = 2k+1 of the same dtype by
   *   Box–Muller: r = √(−2 ln(1 − u₁)), z₂ₖ = r cos 2πu₂, z₂ₖ₊₁ = r sin 2πu₂.
   *   Box–Muller is computed in float64 and rounded once to `dtype`; since `Math.log`/`cos`/`sin`
   *   are not correctly rounded everywhere, normal draws agree across backends to a few ulp, while
   *   uniform draws agree exactly.
   * {@link randomBlocksUsed} says how far the counter must advance afterwards.
   */
  random(distribution: RandomDistribution, dtype: DType, size: number, stream: RandomStream): BackendBuffer;
}

/** Number of Philox blocks {@link KernelBackend.random} consumes for `size` draws. */
export function randomBlocksUsed(distribution: RandomDistribution, dtype: DType, size: number): number {
  const uniforms = distribution === 'normal' ? size + (size % 2) : size;
  const words = dtype === 'float64' ? 2 * uniforms : uniforms;
  return Math.ceil(words / 4);
}

/**
 * A zero-filled typed array of the kind that holds `dtype` (every backend and core use this one).
 *
 * @example newDataArray('int32', 4); // Int32Array [0, 0, 0, 0]
 */
export function newDataArray(dtype: DType, size: number): DataArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

/**
 * The Tensor: a dtype, a shape, strides and an offset into a {@link Storage} shared with its views.
 *
 * Tensors are immutable from the user's side; the few in-place methods end in `_` and are meant
 * for optimisers under `noGrad`. The methods here are sugar over the functional ops in `./ops/`
 * (`x.add(y)` is `add(x, y)`), so each op's rules live in one place.
 */
import type { BackendBuffer, DataArray, DType, KernelBackend, StridedView } from '../backends/contract.js';
import { type BackwardOptions, defaultSeed, type GradNode, runBackward } from './autograd.js';
import { DTypeError, formatShape, ValueError } from './errors.js';
import { isFloat } from './dtype.js';
import { contiguousStrides, isContiguous, type Shape, shapesEqual, sizeOf } from './shape.js';
import { Storage } from './storage.js';
import * as ops from './ops/index.js';

/** A nested array of numbers or booleans, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | boolean | NestedArray[];

/** A tensor or a plain number standing for a scalar of a fitting dtype. */
export type TensorLike = Tensor | number;

/** A multi-dimensional array with autograd support. Create one with `tensor()`, `zeros()`, … */
export class Tensor {
  /** Gradient accumulated by `backward()`; null until then. */
  grad: Tensor | null = null;
  private node: GradNode | null = null;
  private leafRequiresGrad = false;

  /** @internal Use the creation functions (`tensor`, `zeros`, …) instead. */
  constructor(
    /** @internal */ readonly storage: Storage,
    readonly shape: Shape,
    /** Element strides per dimension. */
    readonly strides: readonly number[],
    /** Element offset of the first element in the storage. */
    readonly offset: number,
  ) {}

  /** @internal Wraps a fresh contiguous backend buffer. */
  static fromBuffer(backend: KernelBackend, buffer: BackendBuffer, shape: Shape): Tensor {
    return new Tensor(new Storage(backend, buffer), [...shape], contiguousStrides(shape), 0);
  }

  /** Element type. */
  get dtype(): DType {
    return this.storage.dtype;
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** The backend whose memory holds the elements. */
  get backend(): KernelBackend {
    return this.storage.backend;
  }

  /** True when the elements are laid out row-major without gaps. */
  get isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  /** True for float32 and float64 tensors. */
  isFloatingPoint(): boolean {
    return isFloat(this.dtype);
  }

  /** @internal The strided view kernels receive. */
  view(): StridedView {
    return { buffer: this.storage.liveBuffer(), shape: this.shape, strides: this.strides, offset: this.offset };
  }

  // ── autograd ─────────────────────────────────────────────────────────────────────────────────

  /** Whether gradients flow to this tensor: set on leaves, inherited by results of ops on them. */
  get requiresGrad(): boolean {
    return this.leafRequiresGrad || this.node !== null;
  }

  set requiresGrad(value: boolean) {
    if (this.node !== null) {
      if (!value) throw new ValueError('requiresGrad: cannot be turned off on a non-leaf tensor; use detach()');
      return;
    }
    if (value && !this.isFloatingPoint()) {
      throw new DTypeError(`requiresGrad: only float32 and float64 tensors can require gradients, got ${this.dtype}`);
    }
    this.leafRequiresGrad = value;
  }

  /** Sets `requiresGrad` and returns this tensor, for chaining. */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** The node that produced this tensor, or null for a leaf. */
  get gradFn(): GradNode | null {
    return this.node;
  }

  /** True for tensors not produced by a recorded op. */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** @internal Called by `record`. */
  setGradFn(node: GradNode): void {
    this.node = node;
  }

  /** @internal Adds to `.grad`; the first gradient is copied so no two leaves share one. */
  accumulateGrad(gradient: Tensor): void {
    const g = gradient.dtype === this.dtype ? gradient : ops.cast(gradient, this.dtype);
    this.grad = this.grad === null ? ops.clone(g) : ops.add(this.grad, g);
  }

  /**
   * Computes gradients of this tensor with respect to every leaf that requires one, adding them to
   * the leaves' `.grad`.
   *
   * @param gradOutput Gradient of this tensor; may be omitted for a scalar (defaults to 1).
   * @throws ValueError for a non-scalar without gradOutput, or a tensor that does not require grad.
   * @example
   * const loss = mean(square(sub(predict(x), y)));
   * loss.backward();
   */
  backward(gradOutput?: Tensor, options: BackwardOptions = {}): void {
    if (!this.requiresGrad) {
      throw new ValueError('backward: this tensor does not require a gradient; no input had requiresGrad set');
    }
    const seed = gradOutput ?? defaultSeed('backward', this);
    if (gradOutput !== undefined && !shapesEqual(gradOutput.shape, this.shape)) {
      throw new ValueError(
        `backward: gradOutput has shape ${formatShape(gradOutput.shape)} but the tensor is ${formatShape(this.shape)}`,
      );
    }
    runBackward([this], [seed], options);
  }

  /** Clears `.grad`. */
  zeroGrad(): void {
    this.grad = null;
  }

  /** A tensor sharing this one's storage but cut from the graph: no gradient flows through it. */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape, this.strides, this.offset);
  }

  // ── reading values ───────────────────────────────────────────────────────────────────────────

  /** A contiguous copy of the elements, row-major, as a typed array. */
  dataSync(): DataArray {
    return this.backend.readSync(this.backend.copy(this.view(), this.dtype));
  }

  /** Asynchronous `dataSync`, for backends whose read-back cannot block. */
  async data(): Promise<DataArray> {
    return this.backend.read(this.backend.copy(this.view(), this.dtype));
  }

  /** The elements as nested arrays (booleans for bool tensors); a number for a scalar. */
  toArray(): NestedArray {
    const flat = this.dataSync();
    const asValue = this.dtype === 'bool' ? (i: number) => flat[i] === 1 : (i: number) => flat[i]!;
    if (this.rank === 0) return asValue(0);
    let index = 0;
    const build = (dim: number): NestedArray[] => {
      const out: NestedArray[] = [];
      const length = this.shape[dim]!;
      for (let i = 0; i < length; i++) out.push(dim === this.rank - 1 ? asValue(index++) : build(dim + 1));
      return out;
    };
    return build(0);
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new ValueError(`item: only one-element tensors have an item; this one has shape ${formatShape(this.shape)}`);
    }
    return this.dataSync()[0]!;
  }

  /** A short description with the values: `Tensor(float32, [2, 2]) [[1, 2], [3, 4]]`. */
  toString(): string {
    const values = this.size <= 100 ? ` ${JSON.stringify(this.toArray())}` : '';
    const grad = this.requiresGrad ? ', requiresGrad' : '';
    return `Tensor(${this.dtype}, ${formatShape(this.shape)}${grad})${values}`;
  }

  // ── sugar over the functional ops ────────────────────────────────────────────────────────────

  add(other: TensorLike): Tensor { return ops.add(this, other); }
  sub(other: TensorLike): Tensor { return ops.sub(this, other); }
  mul(other: TensorLike): Tensor { return ops.mul(this, other); }
  div(other: TensorLike): Tensor { return ops.div(this, other); }
  pow(exponent: TensorLike): Tensor { return ops.pow(this, exponent); }
  maximum(other: TensorLike): Tensor { return ops.maximum(this, other); }
  minimum(other: TensorLike): Tensor { return ops.minimum(this, other); }
  eq(other: TensorLike): Tensor { return ops.eq(this, other); }
  ne(other: TensorLike): Tensor { return ops.ne(this, other); }
  lt(other: TensorLike): Tensor { return ops.lt(this, other); }
  le(other: TensorLike): Tensor { return ops.le(this, other); }
  gt(other: TensorLike): Tensor { return ops.gt(this, other); }
  ge(other: TensorLike): Tensor { return ops.ge(this, other); }

  neg(): Tensor { return ops.neg(this); }
  abs(): Tensor { return ops.abs(this); }
  exp(): Tensor { return ops.exp(this); }
  log(): Tensor { return ops.log(this); }
  log1p(): Tensor { return ops.log1p(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  rsqrt(): Tensor { return ops.rsqrt(this); }
  square(): Tensor { return ops.square(this); }
  sin(): Tensor { return ops.sin(this); }
  cos(): Tensor { return ops.cos(this); }
  tanh(): Tensor { return ops.tanh(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  relu(): Tensor { return ops.relu(this); }
  leakyRelu(negativeSlope?: number): Tensor { return ops.leakyRelu(this, negativeSlope); }
  gelu(approximate?: 'none' | 'tanh'): Tensor { return ops.gelu(this, approximate); }
  erf(): Tensor { return ops.erf(this); }
  sign(): Tensor { return ops.sign(this); }
  floor(): Tensor { return ops.floor(this); }
  ceil(): Tensor { return ops.ceil(this); }
  round(): Tensor { return ops.round(this); }
  clip(min: number | null, max: number | null): Tensor { return ops.clip(this, min, max); }

  sum(axis?: number | readonly number[], keepdims?: boolean): Tensor { return ops.sum(this, axis, keepdims); }
  mean(axis?: number | readonly number[], keepdims?: boolean): Tensor { return ops.mean(this, axis, keepdims); }
  max(axis?: number | readonly number[], keepdims?: boolean): Tensor { return ops.max(this, axis, keepdims); }
  min(axis?: number | readonly number[], keepdims?: boolean): Tensor { return ops.min(this, axis, keepdims); }
  prod(axis?: number | readonly number[], keepdims?: boolean): Tensor { return ops.prod(this, axis, keepdims); }
  var(axis?: number | readonly number[], keepdims?: boolean, correction?: number): Tensor {
    return ops.variance(this, axis, keepdims, correction);
  }
  std(axis?: number | readonly number[], keepdims?: boolean, correction?: number): Tensor {
    return ops.std(this, axis, keepdims, correction);
  }
  logsumexp(axis?: number | readonly number[], keepdims?: boolean): Tensor { return ops.logsumexp(this, axis, keepdims); }
  argmax(axis?: number, keepdims?: boolean): Tensor { return ops.argmax(this, axis, keepdims); }
  argmin(axis?: number, keepdims?: boolean): Tensor { return ops.argmin(this, axis, keepdims); }
  softmax(axis?: number): Tensor { return ops.softmax(this, axis); }
  logSoftmax(axis?: number): Tensor { return ops.logSoftmax(this, axis); }
  cumsum(axis: number): Tensor { return ops.cumsum(this, axis); }

  matmul(other: Tensor): Tensor { return ops.matmul(this, other); }

  reshape(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  transpose(axis0?: number, axis1?: number): Tensor { return ops.transpose(this, axis0, axis1); }
  permute(axes: readonly number[]): Tensor { return ops.permute(this, axes); }
  expand(shape: readonly number[]): Tensor { return ops.expand(this, shape); }
  squeeze(axis?: number | readonly number[]): Tensor { return ops.squeeze(this, axis); }
  unsqueeze(axis: number): Tensor { return ops.unsqueeze(this, axis); }
  flatten(startAxis?: number, endAxis?: number): Tensor { return ops.flatten(this, startAxis, endAxis); }
  narrow(axis: number, start: number, length: number): Tensor { return ops.narrow(this, axis, start, length); }
  slice(axis: number, start: number, end?: number, step?: number): Tensor { return ops.slice(this, axis, start, end, step); }
  select(axis: number, index: number): Tensor { return ops.select(this, axis, index); }
  flip(axes: number | readonly number[]): Tensor { return ops.flip(this, axes); }
  contiguous(): Tensor { return ops.contiguous(this); }
  clone(): Tensor { return ops.clone(this); }
  cast(dtype: DType): Tensor { return ops.cast(this, dtype); }

  gather(axis: number, index: Tensor): Tensor { return ops.gather(this, axis, index); }
  indexSelect(axis: number, index: Tensor): Tensor { return ops.indexSelect(this, axis, index); }

  // ── in place (for optimisers; not recorded by autograd) ─────────────────────────────────────

  /** Overwrites this tensor's elements with `source` (broadcast to this shape). */
  assign_(source: TensorLike): this { ops.assign_(this, source); return this; }
  /** this += other. */
  add_(other: TensorLike): this { ops.assign_(this, ops.add(this, other)); return this; }
  /** this -= other. */
  sub_(other: TensorLike): this { ops.assign_(this, ops.sub(this, other)); return this; }
  /** this *= other. */
  mul_(other: TensorLike): this { ops.assign_(this, ops.mul(this, other)); return this; }
  /** Sets every element to zero. */
  zero_(): this { ops.assign_(this, 0); return this; }
}

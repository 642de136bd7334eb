/**
 * The state and arithmetic that QuantizedLinear and the quantised convolutions share.
 *
 * State (all buffers, so it travels in state dicts and files; nothing trains):
 *   weight          int32 [O, ...] holding int8 values in [−127, 127] (stored as I8 in files)
 *   weightScale     float32 [O], one symmetric scale per output channel
 *   bias            float32 [O] (absent without bias), kept in float as in PyTorch and TFLite
 *   inputScale      float32 [], inputZeroPoint int32 []: the calibrated affine int8 input format
 *
 * Inference (Jacob et al. 2018, eq. 7): with x ≈ sx·(qx − zx) and w ≈ sw_o·qw,
 *   y_o = sx·sw_o·(Σ_k qx_k·qw_ok − zx·Σ_k qw_ok) + b_o,
 * where the first sum is the int8 × int8 → int32 kernel and the second is precomputed per channel.
 *
 * Saving a model that holds these layers needs them in the layer registry: `quantizeInt8` and
 * `loadModel` call `registerCompressedLayers()`; call it yourself when you build them by hand.
 */
import { DTypeError, formatShape, noGrad, ones, ShapeError, type Tensor, tensor, ValueError, zeros } from '../core/index.js';
import { Module, type NarrowStorage } from '../nn/index.js';
import { quantizeAffineFast } from './int8-gemm-wasm.js';
import { type AffineInt8Params, quantizeSymmetricPerChannel } from './quantization-params.js';

/** The weights in the form the kernels use, rebuilt when a buffer changes. */
export interface PreparedInt8 {
  /** [O, K] int8 weights, K = elements per output channel. */
  readonly weight: Int8Array;
  /** sx · sw_o per output channel. */
  readonly outputScale: Float32Array;
  /** zx · Σ_k qw_ok per output channel: the zero-point correction. */
  readonly zeroPointTerm: Int32Array;
  readonly bias: Float32Array | null;
  readonly input: AffineInt8Params;
}

/** Base class of int8 layers. */
export abstract class QuantizedLayer extends Module {
  /** int8 values held as int32 (Sprout has no int8 dtype); files store them as I8. */
  readonly weight: Tensor;
  readonly weightScale: Tensor;
  readonly bias: Tensor | null;
  readonly inputScale: Tensor;
  readonly inputZeroPoint: Tensor;
  private cache: { readonly versions: string; readonly prepared: PreparedInt8 } | null = null;

  /**
   * @param typeName The registered layer name.
   * @param weightShape The float layer's weight shape, output channels first.
   * @param hasBias Whether a bias is added.
   */
  protected constructor(typeName: string, weightShape: readonly number[], hasBias: boolean) {
    super(typeName);
    const outputs = weightShape[0]!;
    this.weight = this.registerBuffer('weight', zeros(weightShape, { dtype: 'int32' }));
    this.weightScale = this.registerBuffer('weightScale', ones([outputs]));
    this.bias = hasBias ? this.registerBuffer('bias', zeros([outputs])) : null;
    this.inputScale = this.registerBuffer('inputScale', tensor(1));
    this.inputZeroPoint = this.registerBuffer('inputZeroPoint', tensor(0, { dtype: 'int32' }));
  }

  override narrowStorage(): ReadonlyMap<string, NarrowStorage> {
    return new Map([['weight', 'int8']]);
  }

  /**
   * Quantises float weights and bias into this layer and records the input format.
   *
   * @throws ShapeError when the shapes differ from this layer's; ValueError for non-finite weights.
   */
  protected loadFloat(weight: Tensor, bias: Tensor | null, input: AffineInt8Params): void {
    if (weight.shape.join() !== this.weight.shape.join()) {
      throw new ShapeError(`${this.typeName}: weight must be ${formatShape(this.weight.shape)}, got ${formatShape(weight.shape)}`);
    }
    if ((bias === null) !== (this.bias === null)) throw new ValueError(`${this.typeName}: bias ${bias === null ? 'missing' : 'given'} but the layer was built ${this.bias === null ? 'without' : 'with'} one`);
    const { values, scales } = quantizeSymmetricPerChannel(weight.dataSync(), weight.shape[0]!);
    noGrad(() => {
      this.weight.assign_(tensor(Int32Array.from(values), { shape: weight.shape, dtype: 'int32' }));
      this.weightScale.assign_(tensor(scales));
      if (bias !== null) this.bias!.assign_(bias);
      this.inputScale.assign_(input.scale);
      this.inputZeroPoint.assign_(input.zeroPoint);
    });
  }

  /** The weights as real numbers (s_o · q): what the int8 layer computes with. */
  dequantizedWeight(): Tensor {
    return this.weight.reshape([this.weight.shape[0]!, -1]).mul(this.weightScale.reshape([-1, 1])).reshape(this.weight.shape);
  }

  /**
   * The kernels' arrays, rebuilt only after a buffer was written (loadStateDict, loadFloat): the
   * storages' version counters, bumped by every in-place write, tell.
   *
   * @throws ValueError when the weight buffer holds a value outside [−128, 127].
   */
  protected prepared(): PreparedInt8 {
    const buffers = [this.weight, this.weightScale, this.bias, this.inputScale, this.inputZeroPoint];
    const versions = buffers.map((b) => (b === null ? '-' : String(b.storage.version))).join(',');
    if (this.cache !== null && this.cache.versions === versions) return this.cache.prepared;
    const wide = this.weight.dataSync();
    const outputs = this.weight.shape[0]!;
    const per = wide.length / outputs;
    const weight = new Int8Array(wide.length);
    const zeroPointTerm = new Int32Array(outputs);
    const input = { scale: this.inputScale.item(), zeroPoint: this.inputZeroPoint.item() };
    for (let o = 0; o < outputs; o++) {
      let sum = 0;
      for (let i = o * per; i < (o + 1) * per; i++) {
        const v = wide[i]!;
        if (v < -128 || v > 127) throw new ValueError(`${this.typeName}: weight element ${i} is ${v}, outside the int8 range [-128, 127]`);
        weight[i] = v;
        sum += v;
      }
      zeroPointTerm[o] = input.zeroPoint * sum;
    }
    const scales = this.weightScale.dataSync();
    const outputScale = Float32Array.from(scales, (s) => s * input.scale);
    const bias = this.bias === null ? null : Float32Array.from(this.bias.dataSync());
    const prepared = { weight, outputScale, zeroPointTerm, bias, input };
    this.cache = { versions, prepared };
    return prepared;
  }

  /** The input in the calibrated int8 format. @throws DTypeError for a non-float input. */
  protected quantizeInput(x: Tensor, input: AffineInt8Params): Int8Array {
    if (!x.isFloatingPoint()) throw new DTypeError(`${this.typeName}: input must be float32 or float64, got ${x.dtype}`);
    return quantizeAffineFast(x.dataSync(), input);
  }
}

/**
 * Writes y[row, c] = outputScale[c] · (acc[row, o] − zeroPointTerm[c]) + bias[c], c = channelOffset + o,
 * for an [rows, channels] accumulator, into `out` at `out[offset + row·rowStride + o·channelStride]`.
 */
export function rescaleInt32(
  acc: Int32Array,
  rows: number,
  channels: number,
  p: PreparedInt8,
  out: Float32Array,
  offset: number,
  rowStride: number,
  channelStride: number,
  channelOffset = 0,
): void {
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < channels; o++) {
      const c = channelOffset + o;
      const value = p.outputScale[c]! * (acc[r * channels + o]! - p.zeroPointTerm[c]!) + (p.bias === null ? 0 : p.bias[c]!);
      out[offset + r * rowStride + c * channelStride] = value;
    }
  }
}

/**
 * QuantizedLinear: an int8 version of Linear for inference. y = x Wᵀ + b with W in int8 (one
 * symmetric scale per output feature) and x quantised to int8 with the scale and zero point
 * calibrated on sample data; products are summed in int32 and rescaled to float32 (see
 * quantized-layer.ts for the formula).
 *
 * Shapes: x [..., inFeatures] float → y [..., outFeatures] float32. It has no parameters: it does
 * not train, and gradients do not flow through it.
 */
import { formatShape, ShapeError, type Tensor, tensor, ValueError } from '../core/index.js';
import type { ConfigObject, Linear } from '../nn/index.js';
import { int8Matmul } from './int8-gemm-wasm.js';
import type { AffineInt8Params } from './quantization-params.js';
import { QuantizedLayer, rescaleInt32 } from './quantized-layer.js';

/**
 * An int8 dense layer.
 *
 * @example
 * const q = QuantizedLinear.fromLinear(linear, affineParams(0, 4));
 * const y = q.forward(x); // close to linear.forward(x)
 */
export class QuantizedLinear extends QuantizedLayer {
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: { readonly bias?: boolean } = {},
  ) {
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`QuantizedLinear: ${name} must be a positive integer, got ${v}`);
    }
    super('QuantizedLinear', [outFeatures, inFeatures], options.bias !== false);
  }

  /**
   * Quantises a float Linear.
   *
   * @param linear The float layer.
   * @param input The int8 format of its input (from calibration).
   * @throws ValueError for non-finite weights.
   */
  static fromLinear(linear: Linear, input: AffineInt8Params): QuantizedLinear {
    const q = new QuantizedLinear(linear.inFeatures, linear.outFeatures, { bias: linear.bias !== null });
    q.loadFloat(linear.weight, linear.bias, input);
    return q;
  }

  override getConfig(): ConfigObject {
    return { inFeatures: this.inFeatures, outFeatures: this.outFeatures, bias: this.bias !== null };
  }

  /** @throws ShapeError when x's last dimension is not inFeatures; DTypeError for a non-float x. */
  forward(x: Tensor): Tensor {
    if (x.rank === 0 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(`QuantizedLinear: input must end in ${this.inFeatures} features, got ${formatShape(x.shape)}`);
    }
    const p = this.prepared();
    const rows = x.size / this.inFeatures;
    const qx = this.quantizeInput(x, p.input);
    const acc = int8Matmul(qx, p.weight, rows, this.outFeatures, this.inFeatures);
    const out = new Float32Array(rows * this.outFeatures);
    rescaleInt32(acc, rows, this.outFeatures, p, out, 0, this.outFeatures, 1);
    return tensor(out, { shape: [...x.shape.slice(0, -1), this.outFeatures] });
  }
}

/**
 * The two int8 number formats of post-training quantisation (Jacob et al. 2018; PyTorch's and
 * TensorFlow Lite's int8 schemes):
 *
 * - weights: symmetric, one scale per output channel, values in [−127, 127]:
 *   w ≈ s_o · q with s_o = max|w_o| / 127 (q = 0 when the channel is all zeros). The error of each
 *   weight is at most s_o / 2.
 * - activations: affine (asymmetric), one scale and zero point per tensor, values in [−128, 127]:
 *   x ≈ s · (q − z) with s = (max − min) / 255 and z = round(−128 − min / s). The range always
 *   contains 0, so zero (padding, ReLU's output) is exact; inside the range the error is at most s / 2,
 *   outside it values saturate.
 */
import { ValueError } from '../core/index.js';

/** Per-output-channel symmetric int8 weights. */
export interface SymmetricInt8 {
  /** The int8 values, in the input's layout. */
  readonly values: Int8Array;
  /** One scale per channel (dimension 0). */
  readonly scales: Float32Array;
}

/** Scale and zero point of an affine int8 tensor. */
export interface AffineInt8Params {
  readonly scale: number;
  readonly zeroPoint: number;
}

/**
 * Quantises a weight array whose first dimension is `channels` to int8, symmetric per channel.
 *
 * @param values The weights, row-major, `channels` rows of equal length.
 * @param channels The size of dimension 0 (output channels).
 * @throws ValueError when the length is not a multiple of `channels` or a value is not finite.
 * @example
 * const { values, scales } = quantizeSymmetricPerChannel(weight.dataSync(), weight.shape[0]);
 */
export function quantizeSymmetricPerChannel(values: ArrayLike<number>, channels: number): SymmetricInt8 {
  if (!Number.isInteger(channels) || channels < 1 || values.length % channels !== 0) {
    throw new ValueError(`quantizeSymmetricPerChannel: ${values.length} values do not split into ${channels} channels`);
  }
  const per = values.length / channels;
  const q = new Int8Array(values.length);
  const scales = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let largest = 0;
    for (let i = c * per; i < (c + 1) * per; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) throw new ValueError(`quantizeSymmetricPerChannel: weight ${i} of channel ${c} is ${v}; only finite weights can be quantised`);
      largest = Math.max(largest, Math.abs(v));
    }
    // Stored as float32, and the integers are computed with the stored scale so that s·q is what
    // inference will use.
    scales[c] = largest === 0 ? 1 : largest / 127;
    const s = scales[c]!;
    for (let i = c * per; i < (c + 1) * per; i++) q[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / s)));
  }
  return { values: q, scales };
}

/**
 * Scale and zero point that map [min, max] (widened to contain 0) onto [−128, 127].
 *
 * @throws ValueError when min or max is not finite or min > max.
 * @example
 * affineParams(0, 6); // { scale: 6 / 255, zeroPoint: -128 }
 */
export function affineParams(min: number, max: number): AffineInt8Params {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new ValueError(`affineParams: the range must be finite with min ≤ max, got [${min}, ${max}]`);
  }
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  if (hi === lo) return { scale: 1, zeroPoint: 0 };
  const scale = Math.fround((hi - lo) / 255);
  const zeroPoint = Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
  return { scale, zeroPoint };
}

/** 1.5·2⁵²: adding and subtracting it rounds a double of magnitude < 2⁵¹ to the nearest integer, ties to even. */
const ROUNDING_MAGIC = 6755399441055744;

/**
 * q = clamp(round(x / scale) + zeroPoint, −128, 127) for every element, rounding halves to even
 * (as WebAssembly's `nearest` and NumPy's `rint`; branch-free, several times faster than Math.round).
 *
 * @param values Float values.
 * @param params Scale and zero point.
 * @param out Where to write (allocated when omitted).
 * @returns The int8 values. NaN maps to the zero point (the value 0).
 * @example
 * quantizeAffine(new Float32Array([0, 3, 6]), affineParams(0, 6)); // Int8Array [-128, 0, 127]
 */
export function quantizeAffine(values: ArrayLike<number>, params: AffineInt8Params, out?: Int8Array): Int8Array {
  const q = out ?? new Int8Array(values.length);
  const inverse = 1 / params.scale;
  const z = params.zeroPoint;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]! * inverse;
    // Clamp before rounding (the magic number needs |x| < 2⁵¹); ±Inf clamp too, NaN fails both tests.
    const c = x > 300 ? 300 : x < -300 ? -300 : x;
    const v = c + ROUNDING_MAGIC - ROUNDING_MAGIC + z;
    q[i] = v > 127 ? 127 : v < -128 ? -128 : c === c ? v : z;
  }
  return q;
}

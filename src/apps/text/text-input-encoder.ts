/**
 * What a text classifier needs from its preprocessing: texts → one input tensor for the network,
 * and a JSON form stored in the saved model's metadata. Implemented by the TF-IDF features (MLP
 * family) and the token-sequence encoder (Transformer family).
 */
import type { Tensor } from '../../core/index.js';
import type { JsonValue } from '../../nn/index.js';

/** Texts → network input, serialisable. */
export interface TextInputEncoder {
  /** Input tensor of the texts: first dimension = texts.length. */
  encode(texts: readonly string[]): Tensor;
  /** The fitted state as JSON (restored by the family's `fromJSON`). */
  toJSON(): { readonly [key: string]: JsonValue };
}

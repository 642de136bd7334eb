/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000),
 * matching torch.nn.LSTM: same parameter names, layouts, gate order and initialisation.
 *
 * Shapes (`T` sequence, `N` batch, `D` directions, `K` numLayers, `H` hiddenSize):
 *   x [T, N, inputSize] ([N, T, inputSize] with batchFirst; [T, inputSize] unbatched)
 *   h0, c0 [D·K, N, H] ([D·K, H] unbatched) → output [T, N, D·H], hN, cN [D·K, N, H]
 *   weight_ih_l{k} [4H, in], weight_hh_l{k} [4H, H], biases [4H]; gate blocks in the order i, f, g, o
 *
 * Per step:  i = σ(W_ii x + b_ii + W_hi h + b_hi),  f = σ(…),  g = tanh(…),  o = σ(…)
 *            c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
 */
import { add, matmul, mul, sigmoid, split, type Tensor, tanh } from '../core/index.js';
import { type CellState, type CellWeights, RecurrentBase, type RecurrentOptions, type RecurrentResult } from './recurrent-base.js';

/** What {@link LSTM.forwardWithState} returns. */
export interface LSTMResult extends RecurrentResult {
  readonly cN: Tensor;
}

/**
 * A stacked, optionally bidirectional LSTM.
 *
 * @example
 * const lstm = new LSTM(8, 16, { numLayers: 2, batchFirst: true, generator: new Generator(0) });
 * const out = lstm.forward(randn([4, 10, 8]));                  // [4, 10, 16]
 * const { hN, cN } = lstm.forwardWithState(randn([4, 10, 8]));  // [2, 4, 16] each
 */
export class LSTM extends RecurrentBase {
  /**
   * @throws ValueError for non-positive sizes or dropout outside [0, 1).
   */
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('LSTM', inputSize, hiddenSize, 4, true, options);
  }

  /**
   * The output sequence (every step's top-layer h, both directions concatenated).
   *
   * @param h0 Initial hidden state [D·K, N, H] (zeros when omitted).
   * @param c0 Initial cell state [D·K, N, H] (zeros when omitted).
   * @throws ShapeError / DTypeError for a wrong input or state.
   */
  forward(x: Tensor, h0?: Tensor, c0?: Tensor): Tensor {
    return this.run(x, h0, c0).output;
  }

  /**
   * The output sequence and the final hidden and cell states of every layer and direction.
   *
   * @throws ShapeError / DTypeError for a wrong input or state.
   * @example
   * const { output, hN, cN } = lstm.forwardWithState(x, h0, c0);
   */
  forwardWithState(x: Tensor, h0?: Tensor, c0?: Tensor): LSTMResult {
    const { output, hN, cN } = this.run(x, h0, c0);
    return { output, hN, cN: cN! };
  }

  protected cell(inputGates: Tensor, state: CellState, weights: CellWeights): CellState {
    const hidden = matmul(state.h, weights.hiddenWeightT);
    const gates = add(inputGates, weights.hiddenBias === null ? hidden : add(hidden, weights.hiddenBias));
    const [i, f, g, o] = split(gates, this.hiddenSize, -1) as [Tensor, Tensor, Tensor, Tensor];
    const c = add(mul(sigmoid(f), state.c!), mul(sigmoid(i), tanh(g)));
    return { h: mul(sigmoid(o), tanh(c)), c };
  }
}

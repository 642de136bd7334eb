/**
 * Gated recurrent unit (Cho et al. 2014), matching torch.nn.GRU: same parameter names, layouts,
 * gate order and initialisation.
 *
 * Shapes (`T` sequence, `N` batch, `D` directions, `K` numLayers, `H` hiddenSize):
 *   x [T, N, inputSize] ([N, T, inputSize] with batchFirst; [T, inputSize] unbatched)
 *   h0 [D·K, N, H] ([D·K, H] unbatched) → output [T, N, D·H], hN [D·K, N, H]
 *   weight_ih_l{k} [3H, in], weight_hh_l{k} [3H, H], biases [3H]; gate blocks in the order r, z, n
 *
 * Per step (PyTorch's variant: the reset gate multiplies W_hn h + b_hn, not h):
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h
 */
import { add, matmul, mul, sigmoid, split, sub, type Tensor, tanh } from '../core/index.js';
import { type CellState, type CellWeights, RecurrentBase, type RecurrentOptions, type RecurrentResult } from './recurrent-base.js';

/**
 * A stacked, optionally bidirectional GRU.
 *
 * @example
 * const gru = new GRU(8, 16, { bidirectional: true, batchFirst: true, generator: new Generator(0) });
 * const out = gru.forward(randn([4, 10, 8]));            // [4, 10, 32]
 * const { hN } = gru.forwardWithState(randn([4, 10, 8])); // [2, 4, 16]
 */
export class GRU extends RecurrentBase {
  /**
   * @throws ValueError for non-positive sizes or dropout outside [0, 1).
   */
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', inputSize, hiddenSize, 3, false, options);
  }

  /**
   * The output sequence (every step's top-layer h, both directions concatenated).
   *
   * @param h0 Initial hidden state [D·K, N, H] (zeros when omitted).
   * @throws ShapeError / DTypeError for a wrong input or state.
   */
  forward(x: Tensor, h0?: Tensor): Tensor {
    return this.run(x, h0, undefined).output;
  }

  /**
   * The output sequence and the final hidden state of every layer and direction.
   *
   * @throws ShapeError / DTypeError for a wrong input or state.
   * @example
   * const { output, hN } = gru.forwardWithState(x, h0);
   */
  forwardWithState(x: Tensor, h0?: Tensor): RecurrentResult {
    const { output, hN } = this.run(x, h0, undefined);
    return { output, hN };
  }

  protected cell(inputGates: Tensor, state: CellState, weights: CellWeights): CellState {
    const product = matmul(state.h, weights.hiddenWeightT);
    const hidden = weights.hiddenBias === null ? product : add(product, weights.hiddenBias);
    const [xr, xz, xn] = split(inputGates, this.hiddenSize, -1) as [Tensor, Tensor, Tensor];
    const [hr, hz, hn] = split(hidden, this.hiddenSize, -1) as [Tensor, Tensor, Tensor];
    const r = sigmoid(add(xr, hr));
    const z = sigmoid(add(xz, hz));
    const n = tanh(add(xn, mul(r, hn)));
    // (1 − z) ⊙ n + z ⊙ h, written as n + z ⊙ (h − n) to save an op.
    return { h: add(n, mul(z, sub(state.h, n))) };
  }
}

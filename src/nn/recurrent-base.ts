/**
 * What LSTM and GRU share (PyTorch's RNNBase): the stacked, optionally bidirectional layout of
 * weights, their names and initialisation, input checks, and the time loop. A subclass supplies
 * only its cell: how the gates turn one step's projections into the next state.
 *
 * Shapes (`T` sequence, `N` batch, `D` directions (1 or 2), `K` numLayers, `H` hiddenSize,
 * `G` gates per cell: 4 for LSTM, 3 for GRU):
 *   x [T, N, inputSize] (or [N, T, inputSize] with batchFirst, or [T, inputSize] unbatched)
 *   h0, c0, hN, cN [D·K, N, H] (or [D·K, H] unbatched)      → output [T, N, D·H] (batch like x)
 *   weight_ih_l{k}[_reverse] [G·H, in] (in = inputSize for k = 0, D·H above), weight_hh_l{k} [G·H, H],
 *   bias_ih_l{k}, bias_hh_l{k} [G·H]
 */
import {
  add,
  concat,
  div,
  type DType,
  DTypeError,
  formatShape,
  type Generator,
  ge,
  matmul,
  noGrad,
  rand,
  select,
  ShapeError,
  split,
  squeeze,
  stack,
  type Tensor,
  transpose,
  unsqueeze,
  ValueError,
  where,
  zeros,
} from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { uniformInit, zerosInit } from './init.js';
import { Module } from './module.js';

/** Constructor options shared by {@link LSTM} and {@link GRU}. */
export interface RecurrentOptions {
  /** Stacked layers (default 1); each takes the previous one's output sequence. */
  readonly numLayers?: number;
  /** Learned biases b_ih and b_hh (default true). */
  readonly bias?: boolean;
  /** x and output are [N, T, ·] when true; [T, N, ·] when false (default false, as PyTorch). */
  readonly batchFirst?: boolean;
  /** Run a second layer over the reversed sequence and concatenate (default false). */
  readonly bidirectional?: boolean;
  /** Dropout on each layer's output except the last, while training (default 0). */
  readonly dropout?: number;
  /** Source of the initial weights and of the dropout masks. */
  readonly generator?: Generator;
  /** float32 (default) or float64. */
  readonly dtype?: DType;
}

/** One layer-direction's recurrent state: h, and c for an LSTM. */
export interface CellState {
  readonly h: Tensor;
  readonly c?: Tensor;
}

/** The weights of one layer-direction, as the cell sees them. */
export interface CellWeights {
  /** W_hhᵀ [H, G·H]. */
  readonly hiddenWeightT: Tensor;
  /** b_hh [G·H] or null. */
  readonly hiddenBias: Tensor | null;
}

/** The whole sequence's output and every layer-direction's final state. */
export interface RecurrentResult {
  /** [T, N, D·H] (batch placed as the input's). */
  readonly output: Tensor;
  /** [D·K, N, H]: the last hidden state of each layer and direction. */
  readonly hN: Tensor;
  /** [D·K, N, H]: the last cell state (LSTM only). */
  readonly cN?: Tensor;
}

/** Base of the recurrent layers; see {@link LSTM} and {@link GRU}. */
export abstract class RecurrentBase extends Module {
  readonly numLayers: number;
  readonly hasBias: boolean;
  readonly batchFirst: boolean;
  readonly bidirectional: boolean;
  readonly dropout: number;
  /** Parameters by PyTorch name, per layer then direction: [weight_ih, weight_hh, bias_ih?, bias_hh?]. */
  protected readonly cells: { weightIh: Tensor; weightHh: Tensor; biasIh: Tensor | null; biasHh: Tensor | null }[] = [];
  private readonly generator: Generator | undefined;

  /**
   * @param gates G, the number of gate blocks stacked in each weight (4 for LSTM, 3 for GRU).
   * @param withCell Whether the state carries a cell c besides h (LSTM).
   */
  protected constructor(
    typeName: string,
    readonly inputSize: number,
    readonly hiddenSize: number,
    private readonly gates: number,
    private readonly withCell: boolean,
    options: RecurrentOptions,
  ) {
    super(typeName);
    for (const [name, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize], ['numLayers', options.numLayers ?? 1]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`${typeName}: ${name} must be a positive integer, got ${v}`);
    }
    this.numLayers = options.numLayers ?? 1;
    this.hasBias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.bidirectional = options.bidirectional ?? false;
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout < 1)) throw new ValueError(`${typeName}: dropout must be in [0, 1), got ${this.dropout}`);
    this.generator = options.generator;
    const dtype = options.dtype ?? 'float32';
    const directions = this.bidirectional ? 2 : 1;
    const rows = gates * hiddenSize;
    // Registration order is PyTorch's: per layer, per direction, weight_ih, weight_hh, bias_ih, bias_hh.
    for (let k = 0; k < this.numLayers; k++) {
      for (let d = 0; d < directions; d++) {
        const suffix = `_l${k}${d === 1 ? '_reverse' : ''}`;
        const inFeatures = k === 0 ? inputSize : directions * hiddenSize;
        this.cells.push({
          weightIh: this.registerParameter(`weight_ih${suffix}`, zerosInit([rows, inFeatures], { dtype })),
          weightHh: this.registerParameter(`weight_hh${suffix}`, zerosInit([rows, hiddenSize], { dtype })),
          biasIh: this.hasBias ? this.registerParameter(`bias_ih${suffix}`, zerosInit([rows], { dtype })) : null,
          biasHh: this.hasBias ? this.registerParameter(`bias_hh${suffix}`, zerosInit([rows], { dtype })) : null,
        });
      }
    }
    this.resetParameters(options.generator);
  }

  /** PyTorch's default: every weight and bias from U(−1/√H, 1/√H). */
  resetParameters(generator?: Generator): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    noGrad(() => {
      for (const p of this.parameters()) {
        p.assign_(uniformInit(p.shape, -bound, bound, { dtype: p.dtype, ...(generator === undefined ? {} : { generator }) }));
      }
    });
  }

  override getConfig(): ConfigObject {
    return {
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      numLayers: this.numLayers,
      bias: this.hasBias,
      batchFirst: this.batchFirst,
      bidirectional: this.bidirectional,
      dropout: this.dropout,
    };
  }

  /**
   * One time step of one layer-direction.
   *
   * @param inputGates x_t W_ihᵀ + b_ih for this step, [N, G·H].
   */
  protected abstract cell(inputGates: Tensor, state: CellState, weights: CellWeights): CellState;

  /** Runs the stack over the sequence; h0 and c0 default to zeros. */
  protected run(x: Tensor, h0: Tensor | undefined, c0: Tensor | undefined): RecurrentResult {
    const batched = this.checkInput(x);
    const seq0 = !batched ? unsqueeze(x, 1) : this.batchFirst ? transpose(x, 0, 1) : x; // [T, N, in]
    const steps = seq0.shape[0]!;
    const n = seq0.shape[1]!;
    const directions = this.bidirectional ? 2 : 1;
    const stateShape = batched ? [directions * this.numLayers, n, this.hiddenSize] : [directions * this.numLayers, this.hiddenSize];
    const initial = (t: Tensor | undefined, name: string): Tensor => {
      if (t === undefined) return zeros([directions * this.numLayers, n, this.hiddenSize], { dtype: x.dtype });
      if (!t.isFloatingPoint()) throw new DTypeError(`${this.typeName}: ${name} must be float32 or float64, got ${t.dtype}`);
      if (t.rank !== stateShape.length || t.shape.some((d, i) => d !== stateShape[i])) {
        throw new ShapeError(`${this.typeName}: ${name} must be ${formatShape(stateShape)} for input ${formatShape(x.shape)}, got ${formatShape(t.shape)}`);
      }
      return batched ? t : unsqueeze(t, 1);
    };
    const hInit = initial(h0, 'h0');
    const cInit = this.withCell ? initial(c0, 'c0') : undefined;
    const hLast: Tensor[] = [];
    const cLast: Tensor[] = [];
    let seq = seq0;
    for (let k = 0; k < this.numLayers; k++) {
      const outputs: Tensor[] = [];
      for (let d = 0; d < directions; d++) {
        const index = k * directions + d;
        const w = this.cells[index]!;
        // All time steps' input projections in one matmul, before the loop: only h W_hhᵀ is sequential.
        const projected = matmul(seq, transpose(w.weightIh));
        const inputGates = w.biasIh === null ? projected : add(projected, w.biasIh); // [T, N, G·H]
        const weights: CellWeights = { hiddenWeightT: transpose(w.weightHh), hiddenBias: w.biasHh };
        let state: CellState = { h: select(hInit, 0, index), ...(cInit === undefined ? {} : { c: select(cInit, 0, index) }) };
        // Each slice's gradient is a dense zero tensor of the sliced tensor's full shape, so T selects
        // straight from [T, N, G·H] would cost O(T²) in backward; selecting through √T chunks
        // costs O(T^1.5) (backward of a 100-step LSTM about 1.8× faster).
        const chunk = Math.ceil(Math.sqrt(steps));
        const chunks = split(inputGates, chunk, 0);
        const hs = new Array<Tensor>(steps);
        for (let i = 0; i < steps; i++) {
          const t = d === 0 ? i : steps - 1 - i;
          state = this.cell(select(chunks[Math.floor(t / chunk)]!, 0, t % chunk), state, weights);
          hs[t] = state.h;
        }
        outputs.push(stack(hs, 0));
        hLast.push(state.h);
        if (state.c !== undefined) cLast.push(state.c);
      }
      seq = directions === 1 ? outputs[0]! : concat(outputs, -1);
      if (k < this.numLayers - 1 && this.training && this.dropout > 0) {
        // Inverted dropout between layers (Zaremba et al. 2014), as PyTorch's `dropout` argument.
        const keep = ge(rand(seq.shape, { dtype: seq.dtype, ...(this.generator === undefined ? {} : { generator: this.generator }) }), this.dropout);
        seq = where(keep, div(seq, 1 - this.dropout), 0);
      }
    }
    const output = !batched ? squeeze(seq, 1) : this.batchFirst ? transpose(seq, 0, 1) : seq;
    const finish = (states: Tensor[]): Tensor => (batched ? stack(states, 0) : stack(states.map((s) => squeeze(s, 0)), 0));
    return { output, hN: finish(hLast), ...(this.withCell ? { cN: finish(cLast) } : {}) };
  }

  /** Validates x; returns whether it has a batch dimension. */
  private checkInput(x: Tensor): boolean {
    if (!x.isFloatingPoint()) throw new DTypeError(`${this.typeName}: input must be float32 or float64, got ${x.dtype}`);
    const layout = this.batchFirst ? `[N, T, ${this.inputSize}]` : `[T, N, ${this.inputSize}]`;
    if ((x.rank !== 2 && x.rank !== 3) || x.shape[x.rank - 1] !== this.inputSize) {
      throw new ShapeError(`${this.typeName}: input must be ${layout} or [T, ${this.inputSize}], got ${formatShape(x.shape)}`);
    }
    const timeAxis = x.rank === 3 && this.batchFirst ? 1 : 0;
    if (x.shape[timeAxis] === 0) throw new ShapeError(`${this.typeName}: the sequence must not be empty, got input ${formatShape(x.shape)}`);
    return x.rank === 3;
  }
}

/**
 * Matrix factorisation with biases, the model behind both recommenders (explicit ratings and BPR).
 *
 * Shapes: pairs int32 [N, 2] (user index, item index) → scores [N];
 * userFactors.weight [U, F], itemFactors.weight [I, F], userBias.weight [U, 1], itemBias.weight [I, 1],
 * globalBias [1]. U users, I items, F latent factors.
 */
import {
  type Generator,
  noGrad,
  reshape,
  select,
  ShapeError,
  DTypeError,
  sum,
  add,
  mul,
  square,
  type Tensor,
  tensor,
  formatShape,
  ValueError,
} from '../../core/index.js';
import { Embedding, Module, normalInit, readInt, readNumber, registeredLayers, registerLayer, type ConfigObject } from '../../nn/index.js';

/** Options of {@link MatrixFactorization}. */
export interface MatrixFactorizationOptions {
  /** Standard deviation of the initial factors (biases start at 0). Default 0.1. */
  readonly initStd?: number;
  /** Initial global bias μ, e.g. the mean training rating. Default 0. */
  readonly globalMean?: number;
  /** Source of the initial factors. */
  readonly generator?: Generator;
}

/**
 * r̂(u, i) = μ + b_u + b_i + p_u · q_i — the biased matrix factorisation of Koren, Bell & Volinsky
 * 2009 ("Matrix Factorization Techniques for Recommender Systems", IEEE Computer 42(8), eq. 3). The
 * biases absorb "this user rates high" and "this item is liked by everyone", so the factors only
 * model the interaction. Each table is an {@link Embedding}, so the gradient reaches only the rows a
 * batch uses.
 *
 * @param numUsers Rows of the user tables (U).
 * @param numItems Rows of the item tables (I).
 * @param factors Latent dimension F.
 * @throws ValueError for non-positive sizes or a negative initStd; forward throws DTypeError /
 *   ShapeError unless pairs are int32 [N, 2], and ValueError for an index out of range.
 * @example
 * const mf = new MatrixFactorization(943, 1682, 64, { globalMean: 3.53, generator: new Generator(0) });
 * const scores = mf.forward(tensor([[0, 5], [3, 7]], { dtype: 'int32' })); // [2]
 */
export class MatrixFactorization extends Module {
  readonly userFactors: Embedding;
  readonly itemFactors: Embedding;
  readonly userBias: Embedding;
  readonly itemBias: Embedding;
  readonly globalBias: Tensor;
  readonly initStd: number;

  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    readonly factors: number,
    options: MatrixFactorizationOptions = {},
  ) {
    super('MatrixFactorization');
    registerMatrixFactorization(); // so a model that was built can be saved (modelToArtifacts checks the registry)
    const initStd = options.initStd ?? 0.1;
    if (!(initStd >= 0)) throw new ValueError(`MatrixFactorization: initStd must be ≥ 0, got ${initStd}`);
    this.initStd = initStd;
    const g = options.generator === undefined ? {} : { generator: options.generator };
    this.userFactors = this.registerModule('userFactors', new Embedding(numUsers, factors, g));
    this.itemFactors = this.registerModule('itemFactors', new Embedding(numItems, factors, g));
    this.userBias = this.registerModule('userBias', new Embedding(numUsers, 1, g));
    this.itemBias = this.registerModule('itemBias', new Embedding(numItems, 1, g));
    this.globalBias = this.registerParameter('globalBias', tensor([options.globalMean ?? 0]));
    noGrad(() => {
      // Embedding's N(0, 1) start is far too large for dot products of F terms: small factors and
      // zero biases let the biases fit first, as in Koren et al.'s SGD.
      this.userFactors.weight.assign_(normalInit([numUsers, factors], 0, initStd, g));
      this.itemFactors.weight.assign_(normalInit([numItems, factors], 0, initStd, g));
      this.userBias.weight.assign_(0);
      this.itemBias.weight.assign_(0);
    });
  }

  override getConfig(): ConfigObject {
    return { numUsers: this.numUsers, numItems: this.numItems, factors: this.factors, initStd: this.initStd };
  }

  /**
   * Scores of (user, item) pairs: μ + b_u + b_i + p_u · q_i.
   *
   * @param pairs int32 [N, 2]: user index, item index per row.
   * @throws DTypeError / ShapeError for other inputs; ValueError for an index out of range.
   */
  forward(pairs: Tensor): Tensor {
    const [users, items] = this.split(pairs);
    const n = pairs.shape[0]!;
    const dot = sum(mul(this.userFactors.forward(users), this.itemFactors.forward(items)), 1);
    const biases = add(reshape(this.userBias.forward(users), [n]), reshape(this.itemBias.forward(items), [n]));
    return add(add(dot, biases), this.globalBias);
  }

  /**
   * The L2 penalty of the rows a batch uses, Σ over pairs of ‖p_u‖² + ‖q_i‖² + b_u² + b_i². Added to the
   * loss per rating, as in Koren et al. 2009 (eq. 5), so active users and popular items are
   * regularised in proportion to their data, unlike weight decay, which shrinks every row each step.
   *
   * @param pairs int32 [N, 2] as for forward.
   * @param what Which rows: both sides (default), or only the items (for BPR's negative items).
   */
  penalty(pairs: Tensor, what: 'both' | 'items' = 'both'): Tensor {
    const [users, items] = this.split(pairs);
    const itemPart = add(sum(square(this.itemFactors.forward(items))), sum(square(this.itemBias.forward(items))));
    if (what === 'items') return itemPart;
    return add(itemPart, add(sum(square(this.userFactors.forward(users))), sum(square(this.userBias.forward(users)))));
  }

  private split(pairs: Tensor): [Tensor, Tensor] {
    if (pairs.dtype !== 'int32') throw new DTypeError(`MatrixFactorization: pairs must be int32, got ${pairs.dtype}`);
    if (pairs.rank !== 2 || pairs.shape[1] !== 2) throw new ShapeError(`MatrixFactorization: pairs must be [N, 2] (user, item), got ${formatShape(pairs.shape)}`);
    return [select(pairs, 1, 0), select(pairs, 1, 1)];
  }
}

/**
 * Makes saved MatrixFactorization models loadable through the layer registry (`loadModel`,
 * `modelFromArtifacts`). Idempotent; the recommend pipeline calls it before loading, so callers only
 * need it when loading with the generic `loadModel`.
 *
 * @example
 * registerMatrixFactorization();
 * const { model } = await loadModel('models/movies');
 */
export function registerMatrixFactorization(): void {
  if (registeredLayers().includes('MatrixFactorization')) return;
  registerLayer('MatrixFactorization', (c) => {
    const layer = 'MatrixFactorization';
    return new MatrixFactorization(readInt(layer, c, 'numUsers', 1), readInt(layer, c, 'numItems', 1), readInt(layer, c, 'factors', 1), {
      initStd: readNumber(layer, c, 'initStd', 0.1),
    });
  });
}

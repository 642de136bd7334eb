/**
 * TensorDataset: examples are the rows (dimension 0) of one or more tensors of equal length, as in
 * PyTorch. A DataLoader gathers whole batches from it at once instead of stacking rows.
 */
import { formatShape, indexSelect, select, ShapeError, Tensor, ValueError } from '../core/index.js';
import { Dataset } from './dataset.js';

/**
 * A dataset over tensors that share their first dimension; example i is `[t0[i], t1[i], …]`.
 *
 * @example
 * const ds = new TensorDataset(x, y);   // x [N, 4], y [N]
 * const [xi, yi] = ds.get(0);           // [4] and []
 * const loader = new DataLoader(ds, { batchSize: 32, shuffle: true });
 */
export class TensorDataset<T extends readonly Tensor[]> extends Dataset<T> {
  readonly tensors: T;

  /**
   * @param tensors One or more tensors with the same size in dimension 0.
   * @throws ValueError when no tensor is given or an argument is not a Tensor.
   * @throws ShapeError for a scalar or tensors whose first dimensions differ.
   */
  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) throw new ValueError('TensorDataset: give at least one tensor');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new ValueError(`TensorDataset: argument ${i} must be a Tensor`);
      if (t.rank === 0) throw new ShapeError(`TensorDataset: tensor ${i} is a scalar; examples are taken along dimension 0`);
      if (t.shape[0] !== tensors[0]!.shape[0]) {
        throw new ShapeError(`TensorDataset: tensors must share dimension 0, got ${formatShape(tensors[0]!.shape)} and ${formatShape(t.shape)} (tensor ${i})`);
      }
    });
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** Row `index` of every tensor. */
  get(index: number): T {
    const i = this.checkIndex(index);
    return this.tensors.map((t) => select(t, 0, i)) as unknown as T;
  }

  /**
   * The rows at `indices` (int32 [B]) of every tensor, as one batch: what a DataLoader yields.
   *
   * @example
   * const [xb, yb] = ds.batch(tensor([0, 5, 7], { dtype: 'int32' }));
   */
  batch(indices: Tensor): T {
    return this.tensors.map((t) => indexSelect(t, 0, indices)) as unknown as T;
  }
}

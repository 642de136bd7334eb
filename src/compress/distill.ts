/**
 * distill: trains a student model to imitate a teacher (Hinton et al. 2015) with `Model.fit`, so
 * callbacks, validation data, progress and shuffling work as in any training run.
 *
 * How it rides on `fit`: the teacher's logits are computed once for the whole training set (in
 * evaluation mode, without gradients) and packed with the labels into one float target
 * [N, 1 + C] — column 0 the class index, columns 1… the teacher's logits — that `fit` shuffles and
 * batches with x; the loss unpacks it. The teacher runs once instead of every epoch, which is the
 * same as running it each step since it does not change (and has no dropout in evaluation mode).
 */
import { cast, concat, narrow, reshape, type Tensor, ValueError } from '../core/index.js';
import { Accuracy, type Metric } from '../metrics/index.js';
import type { Module } from '../nn/index.js';
import { type Callback, type FitOptions, type History, Model } from '../train/index.js';
import { distillationLoss, distillationSettings, type DistillationOptions } from './distillation-loss.js';

/** Options of {@link distill}. */
export interface DistillOptions extends DistillationOptions {
  /** Passes over the data (default 10). */
  readonly epochs?: number;
  readonly batchSize?: number;
  /** Adam's learning rate (default 1e-3). */
  readonly learningRate?: number;
  /** Held-out data to report `val_loss` (distillation loss) and `val_accuracy` each epoch. */
  readonly validationData?: readonly [Tensor, Tensor];
  readonly callbacks?: readonly Callback[];
  readonly verbose?: 0 | 1;
  readonly generator?: FitOptions['generator'];
}

/** Labels (column 0) and teacher logits (the rest) of a packed target. */
function unpack(target: Tensor): { labels: Tensor; teacher: Tensor } {
  const classes = target.shape[1]! - 1;
  return { labels: cast(reshape(narrow(target, 1, 0, 1), [-1]), 'int32'), teacher: narrow(target, 1, 1, classes) };
}

/** Accuracy against the labels of a packed target. */
function packedAccuracy(): Metric {
  const inner = new Accuracy();
  return { name: 'accuracy', update: (p, t) => inner.update(p, unpack(t).labels), result: () => inner.result(), reset: () => inner.reset() };
}

/**
 * Trains `student` on (x, y) with the distillation loss against `teacher`'s logits, then compiles
 * it again with Adam and plain cross-entropy (so it saves with named compile settings).
 *
 * @param teacher A trained classifier (Model or Module) giving [N, C] logits.
 * @param student The model to train (its module's output must be [N, C] too).
 * @param x Inputs [N, ...]; y int32 class indices [N].
 * @param options Temperature, α, epochs, batch size, learning rate, validation data, callbacks.
 * @returns The training history.
 * @throws ValueError for bad options or mismatched data; ShapeError when the teacher's and the
 *   student's outputs differ in shape.
 * @example
 * await distill(teacher, new Model(smallMlp), xTrain, yTrain, { temperature: 4, alpha: 0.9, epochs: 5 });
 */
export async function distill(teacher: Model | Module, student: Model, x: Tensor, y: Tensor, options: DistillOptions = {}): Promise<History> {
  const settings = distillationSettings('distill', options);
  if (y.dtype !== 'int32' || y.rank !== 1 || y.shape[0] !== x.shape[0]) {
    throw new ValueError(`distill: y must be int32 class indices [${x.shape[0] ?? 'N'}], got ${y.dtype} [${y.shape.join(', ')}]`);
  }
  const teacherModel = teacher instanceof Model ? teacher : new Model(teacher);
  const predict = (input: Tensor): Tensor => teacherModel.predict(input, { batchSize: 256 });
  const pack = (input: Tensor, labels: Tensor): Tensor => {
    const logits = cast(predict(input), 'float32');
    if (logits.rank !== 2) throw new ValueError(`distill: the teacher must output [N, C] logits, got [${logits.shape.join(', ')}]`);
    return concat([cast(reshape(labels, [-1, 1]), 'float32'), logits], 1);
  };
  const targets = pack(x, y);
  const learningRate = options.learningRate ?? 1e-3;
  student.compile({
    optimizer: 'adam',
    learningRate,
    loss: (prediction, target) => {
      const { labels, teacher: logits } = unpack(target);
      return distillationLoss(prediction, logits, labels, settings);
    },
    metrics: [packedAccuracy()],
  });
  const fitOptions: FitOptions = {
    epochs: options.epochs ?? 10,
    batchSize: options.batchSize ?? 128,
    verbose: options.verbose ?? 1,
    ...(options.callbacks === undefined ? {} : { callbacks: options.callbacks }),
    ...(options.generator === undefined ? {} : { generator: options.generator }),
    ...(options.validationData === undefined ? {} : { validationData: [options.validationData[0], pack(options.validationData[0], options.validationData[1])] as const }),
  };
  const history = await student.fit(x, targets, fitOptions);
  student.compile({ optimizer: 'adam', learningRate, loss: 'crossEntropy', metrics: ['accuracy'] });
  return history;
}

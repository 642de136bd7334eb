/**
 * The built-in objective: a multilayer perceptron built from the trial's configuration, trained with
 * `Model.fit` on the training split and scored with `Model.evaluate` on the validation split.
 *
 * Settings it reads (each from the configuration, else from `defaults`, else the value shown):
 * hiddenLayers 1, units 32, dropout 0, activation 'relu', optimizer 'adam', learningRate (the
 * optimiser's default), weightDecay 0, batchSize 32, loss ('crossEntropy' for classification, 'mse'
 * for regression). `epochs` is the trial's budget. Any other setting is refused, so a typo
 * ('learningrate') fails instead of being searched over to no effect.
 */
import { cast, formatShape, type Generator, type Tensor, ValueError } from '../core/index.js';
import { getMetric } from '../metrics/index.js';
import { Dropout, GELU, LeakyReLU, Linear, type Module, ReLU, Sequential, Sigmoid, Tanh } from '../nn/index.js';
import { getOptimizer, OPTIMIZER_NAMES } from '../optim/index.js';
import { type Callback, EarlyStopping, Model } from '../train/index.js';
import type { Objective, ObjectiveReport, SearchMode, TrialContext } from './objective.js';
import type { ParamValue, TrialConfig } from './search-space.js';

/** The settings of one MLP. */
export interface MlpSettings {
  readonly hiddenLayers: number;
  readonly units: number;
  readonly dropout: number;
  readonly activation: string;
  readonly optimizer: string;
  /** Undefined: the optimiser's default. */
  readonly learningRate: number | undefined;
  readonly weightDecay: number;
  readonly batchSize: number;
  readonly loss: string;
}

/** Options of {@link mlpObjective}. */
export interface MlpObjectiveOptions {
  /**
   * Default: classification when y holds int32 or bool class indices, regression otherwise (then a
   * metric must be given, since the default one, accuracy, is for classification).
   */
  readonly task?: 'classification' | 'regression';
  /**
   * Validation score: a metric name ('accuracy', 'f1Macro', 'rocAuc', 'rmse', …) or 'loss'.
   * Default 'accuracy' for classification, 'mse' for regression.
   */
  readonly metric?: string;
  /** Default: 'min' for losses and errors (loss, mse, rmse, mae, mape, logLoss), 'max' otherwise. */
  readonly mode?: SearchMode;
  /** Number of classes (default: the largest label in the training and validation splits, plus one). */
  readonly classes?: number;
  /** Settings used when the configuration does not name them. */
  readonly defaults?: Partial<Readonly<Record<keyof MlpSettings, ParamValue>>>;
  /** Stop a trial after this many epochs without improvement of the validation score, keeping its best weights. */
  readonly patience?: number;
}

/** The objective {@link mlpObjective} returns: it carries its metric and mode. */
export interface MlpObjective extends Objective {
  readonly mode: SearchMode;
  readonly metric: string;
}

const ACTIVATIONS: Readonly<Record<string, () => Module>> = {
  relu: () => new ReLU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  gelu: () => new GELU(),
  leakyRelu: () => new LeakyReLU(),
};

const SETTINGS = ['hiddenLayers', 'units', 'dropout', 'activation', 'optimizer', 'learningRate', 'weightDecay', 'batchSize', 'loss', 'epochs'];

/** A trained model and its generator, kept between rungs of successive halving. */
class MlpState {
  constructor(
    readonly model: Model,
    readonly generator: Generator,
  ) {}
}

function read(config: Readonly<Record<string, ParamValue>>, name: string, kind: 'int' | 'number' | 'string', check: (v: number) => boolean, expected: string): ParamValue | undefined {
  const value = config[name];
  if (value === undefined) return undefined;
  const ok = kind === 'string' ? typeof value === 'string' : typeof value === 'number' && (kind === 'number' || Number.isInteger(value)) && check(value);
  if (!ok) throw new ValueError(`mlpObjective: ${name} must be ${expected}, got ${JSON.stringify(value)}`);
  return value;
}

function settingsOf(config: Readonly<Record<string, ParamValue>>, lossDefault: string): MlpSettings {
  for (const name of Object.keys(config)) {
    if (!SETTINGS.includes(name)) throw new ValueError(`mlpObjective: unknown setting '${name}'; known: ${SETTINGS.join(', ')}`);
  }
  const activation = (read(config, 'activation', 'string', () => true, 'a string') ?? 'relu') as string;
  if (!Object.prototype.hasOwnProperty.call(ACTIVATIONS, activation)) throw new ValueError(`mlpObjective: activation must be one of ${Object.keys(ACTIVATIONS).join(', ')}, got '${activation}'`);
  const optimizer = (read(config, 'optimizer', 'string', () => true, 'a string') ?? 'adam') as string;
  if (!OPTIMIZER_NAMES.includes(optimizer.toLowerCase())) throw new ValueError(`mlpObjective: optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}, got '${optimizer}'`);
  return {
    hiddenLayers: (read(config, 'hiddenLayers', 'int', (v) => v >= 0, 'a non-negative integer') ?? 1) as number,
    units: (read(config, 'units', 'int', (v) => v >= 1, 'a positive integer') ?? 32) as number,
    dropout: (read(config, 'dropout', 'number', (v) => v >= 0 && v < 1, 'a number in [0, 1)') ?? 0) as number,
    activation,
    optimizer,
    learningRate: read(config, 'learningRate', 'number', (v) => Number.isFinite(v) && v >= 0, 'a non-negative number') as number | undefined,
    weightDecay: (read(config, 'weightDecay', 'number', (v) => Number.isFinite(v) && v >= 0, 'a non-negative number') ?? 0) as number,
    batchSize: (read(config, 'batchSize', 'int', (v) => v >= 1, 'a positive integer') ?? 32) as number,
    loss: (read(config, 'loss', 'string', () => true, 'a loss name') ?? lossDefault) as string,
  };
}

function isClassLabels(y: Tensor): boolean {
  return (y.dtype === 'int32' || y.dtype === 'bool') && (y.rank === 1 || (y.rank === 2 && y.shape[1] === 1));
}

/** Targets as the loss wants them: int32 indices [N] for classification, float [N, outputs] for regression. */
function targets(y: Tensor, task: 'classification' | 'regression'): Tensor {
  if (task === 'classification') {
    if (!isClassLabels(y)) throw new ValueError(`mlpObjective: classification needs int32 or bool class indices of shape [N] or [N, 1], got ${y.dtype} ${formatShape(y.shape)}`);
    const labels = y.dtype === 'int32' ? y : cast(y, 'int32');
    return labels.rank === 1 ? labels : labels.reshape([-1]);
  }
  const values = y.isFloatingPoint() ? y : cast(y, 'float32');
  return values.rank === 1 ? values.reshape([-1, 1]) : values;
}

function build(settings: MlpSettings, features: number, outputs: number, generator: Generator): Model {
  const layers: Module[] = [];
  let width = features;
  for (let i = 0; i < settings.hiddenLayers; i++) {
    layers.push(new Linear(width, settings.units, { generator }), ACTIVATIONS[settings.activation]!());
    if (settings.dropout > 0) layers.push(new Dropout(settings.dropout, { generator }));
    width = settings.units;
  }
  layers.push(new Linear(width, outputs, { generator }));
  return new Model(new Sequential(...layers));
}

/**
 * An objective that builds, trains and scores an MLP per trial. The model's initial weights, dropout
 * masks and batch order come from the trial's generator, so a search repeats exactly for a seed. In
 * successive halving it returns the trained model as its state and continues training it in the next
 * rung (`fit` with `initialEpoch`).
 *
 * @param options Task, metric, mode, classes, default settings, early-stopping patience.
 * @returns The objective, carrying its metric and mode (the search's default mode).
 * @throws ValueError for an unknown metric, task, mode or a bad patience / classes; the objective
 *   itself throws ValueError for an unknown setting, a bad value, x that is not float [N, features],
 *   or targets that do not fit the task.
 * @example
 * const results = await randomSearch({
 *   space: { learningRate: hp.logUniform(1e-4, 1e-1), hiddenLayers: [1, 2], units: hp.int(16, 128) },
 *   objective: mlpObjective({ metric: 'f1Macro', patience: 3 }),
 *   x, y, trials: 10, validation: { folds: 3 },
 * });
 */
export function mlpObjective(options: MlpObjectiveOptions = {}): MlpObjective {
  const { task, classes, patience } = options;
  if (task !== undefined && task !== 'classification' && task !== 'regression') throw new ValueError(`mlpObjective: task must be 'classification' or 'regression', got ${String(task)}`);
  if (classes !== undefined && (!Number.isInteger(classes) || classes < 2)) throw new ValueError(`mlpObjective: classes must be an integer ≥ 2, got ${classes}`);
  if (patience !== undefined && (!Number.isInteger(patience) || patience < 0)) throw new ValueError(`mlpObjective: patience must be a non-negative integer, got ${patience}`);
  const metric = options.metric ?? (task === 'regression' ? 'mse' : 'accuracy');
  if (metric !== 'loss') getMetric(metric); // Throws now for an unknown name, not in the first trial.
  const mode = options.mode ?? (/loss|mse|rmse|mae|mape|error/i.test(metric) ? 'min' : 'max');
  if (mode !== 'min' && mode !== 'max') throw new ValueError(`mlpObjective: mode must be 'min' or 'max', got ${String(mode)}`);
  const defaults: Readonly<Record<string, ParamValue>> = options.defaults ?? {};

  const objective = async (config: TrialConfig, context: TrialContext): Promise<ObjectiveReport> => {
    const { trainX, valX, budget, resume } = context;
    const kind = task ?? (isClassLabels(context.trainY) ? 'classification' : 'regression');
    if (kind === 'regression' && options.metric === undefined && task === undefined) {
      // The default metric (accuracy) and mode were fixed before the data was seen; scoring a
      // regression by accuracy would rank trials by nonsense, so say so instead.
      throw new ValueError(`mlpObjective: y is ${context.trainY.dtype} ${formatShape(context.trainY.shape)}, not class indices; for regression pass mlpObjective({ task: 'regression' }) (scored by mse) or a metric`);
    }
    const settings = settingsOf({ ...defaults, ...config }, kind === 'classification' ? 'crossEntropy' : 'mse');
    if (trainX.rank !== 2 || !trainX.isFloatingPoint()) throw new ValueError(`mlpObjective: x must be float [N, features], got ${trainX.dtype} ${formatShape(trainX.shape)}`);
    const trainY = targets(context.trainY, kind);
    const valY = targets(context.valY, kind);
    const outputs = kind === 'classification' ? (classes ?? Math.max(2, trainY.max().item() + 1, valY.max().item() + 1)) : trainY.shape[1]!;

    let state: MlpState;
    if (resume !== null) {
      if (!(resume.state instanceof MlpState)) throw new ValueError('mlpObjective: resume.state must be the state this objective returned');
      state = resume.state;
    } else {
      const generator = context.generator;
      const model = build(settings, trainX.shape[1]!, outputs, generator);
      const lr = settings.learningRate === undefined ? {} : { lr: settings.learningRate };
      const optimizer = getOptimizer(settings.optimizer, model.module.parameters(), { ...lr, weightDecay: settings.weightDecay });
      model.compile({ optimizer, loss: settings.loss, metrics: metric === 'loss' ? [] : [metric] });
      state = new MlpState(model, generator);
    }
    const { model, generator } = state;
    const from = resume?.budget ?? 0;
    let epochs = 0;
    let trainLoss = NaN;
    if (from < budget) {
      const callbacks: Callback[] =
        patience === undefined ? [] : [new EarlyStopping({ monitor: `val_${metric}`, patience, mode, restoreBestWeights: true })];
      const history = await model.fit(trainX, trainY, {
        epochs: budget,
        initialEpoch: from,
        batchSize: settings.batchSize,
        generator,
        verbose: 0,
        callbacks,
        ...(patience === undefined ? {} : { validationData: [valX, valY] as const }),
      });
      epochs = history.epochs.length;
      trainLoss = history.last('loss') ?? NaN;
    }
    const logs = await model.evaluate(valX, valY, { batchSize: Math.max(settings.batchSize, 256) });
    const score = logs[metric] ?? NaN;
    return { score, epochs, state, trainLoss, valLoss: logs['loss'] ?? NaN };
  };
  return Object.assign(objective, { mode, metric });
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Accuracy,
  AveragePrecision,
  ConfusionMatrix,
  DTypeError,
  F1Score,
  Generator,
  getMetric,
  HitRate,
  Linear,
  LogLoss,
  MeanSquaredError,
  type Metric,
  metricNames,
  Model,
  Ndcg,
  Precision,
  R2Score,
  randn,
  ReLU,
  RocAuc,
  Sequential,
  ShapeError,
  Tensor,
  tensor,
  TopKAccuracy,
  ValueError,
} from '../../src/index.js';

const int = (values: number[]): Tensor => tensor(values, { dtype: 'int32' });

describe('metric objects', () => {
  test('every named metric reports NaN before its first update and after reset', () => {
    for (const name of metricNames()) {
      const metric = getMetric(name);
      assert.equal(metric.name, name);
      assert.ok(Number.isNaN(metric.result()), name);
      metric.reset();
      assert.ok(Number.isNaN(metric.result()), `${name} after reset`);
    }
    assert.deepEqual(new ConfusionMatrix().matrix(), []);
  });

  test('getMetric parses cut-offs and lists the known names for unknown ones', () => {
    assert.equal((getMetric('ndcg@5') as Ndcg).k, 5);
    assert.equal((getMetric('ndcg') as Ndcg).k, 10);
    assert.equal((getMetric('topKAccuracy') as TopKAccuracy).k, 5);
    assert.equal(getMetric('hitRate@3').name, 'hitRate@3');
    const metric = new HitRate();
    assert.equal(getMetric(metric), metric);
    assert.throws(() => getMetric('auc'), (e: unknown) => e instanceof ValueError && /known: .*f1Macro.*rocAuc.*ndcg/.test(e.message));
    assert.throws(() => getMetric('ndcg@0'), ValueError);
    assert.throws(() => getMetric('ndcg@x'), /positive integer after '@'/);
    assert.throws(() => getMetric('rmse@3'), ValueError);
  });

  test('default names say the averaging and the cut-off', () => {
    assert.equal(new Precision().name, 'precision');
    assert.equal(new Precision({ average: 'macro' }).name, 'precisionMacro');
    assert.equal(new F1Score({ average: 'weighted' }).name, 'f1Weighted');
    assert.equal(new TopKAccuracy({ k: 3 }).name, 'topKAccuracy@3');
    assert.equal(new Ndcg({ k: 5 }).name, 'ndcg@5');
  });

  test('bad options are refused when the metric is made', () => {
    assert.throws(() => new Precision({ average: 'samples' as 'macro' }), /average must be one of/);
    assert.throws(() => new Precision({ posLabel: -1 }), /posLabel/);
    assert.throws(() => new Accuracy({ threshold: NaN }), /threshold/);
    assert.throws(() => new F1Score({ numClasses: 1 }), /numClasses/);
    assert.throws(() => new TopKAccuracy({ k: 0 }), /k must be a positive integer/);
    assert.throws(() => new HitRate({ k: 1.5 }), /k must be a positive integer/);
    assert.throws(() => new LogLoss({ fromLogits: 'yes' as unknown as boolean }), /fromLogits/);
  });

  test('shapes that do not fit are named', () => {
    const scores = tensor([[0.1, 0.9], [0.8, 0.2]]);
    assert.throws(() => new F1Score({ average: 'macro' }).update(scores, int([0, 1, 1])), (e: unknown) => e instanceof ShapeError && /\[2, 2\]/.test(e.message));
    assert.throws(() => new RocAuc().update(tensor([[[0.5]]]), int([1])), ShapeError);
    assert.throws(() => new MeanSquaredError().update(tensor([1, 2, 3]), tensor([1, 2])), (e: unknown) => e instanceof ShapeError && /\[3\].*\[2\]/.test(e.message));
    assert.throws(() => new Ndcg().update(tensor([0.1, 0.2]), tensor([1, 0])), /\[N users, I items\]/);
    const mse = new MeanSquaredError();
    mse.update(tensor([[1, 2]]), tensor([[1, 2]]));
    assert.throws(() => mse.update(tensor([1]), tensor([1])), /2 outputs per sample/);
    const cm = new ConfusionMatrix();
    cm.update(scores, int([0, 1]));
    assert.throws(() => cm.update(tensor([[0.1, 0.2, 0.7]]), int([2])), /had 2 classes, this one has 3/);
  });

  test('binary averaging refuses multiclass data and a posLabel that is not a class', () => {
    assert.throws(() => new Precision().update(tensor([[0.1, 0.2, 0.7]]), int([2])), /average 'binary' needs two classes/);
    assert.throws(() => new Precision({ posLabel: 2 }).update(tensor([0.7, 0.2]), int([1, 0])), /posLabel 2/);
  });

  test('score metrics refuse label predictions, and labels outside the classes are reported', () => {
    assert.throws(() => new RocAuc().update(int([0, 1]), int([0, 1])), DTypeError);
    assert.throws(() => new LogLoss().update(int([0, 1]), int([0, 1])), DTypeError);
    // Label predictions default to two classes: class 4 needs numClasses.
    const cm = new ConfusionMatrix();
    cm.update(int([0, 4, 1]), int([0, 4, 1]));
    assert.throws(() => cm.matrix(), /1 of 3 samples have a true or predicted label outside \[0, 1\]; pass numClasses/);
    const withClasses = new ConfusionMatrix({ numClasses: 5 });
    withClasses.update(int([0, 4, 1]), int([0, 4, 1]));
    assert.equal(withClasses.result(), 1);
    const logLoss = new LogLoss();
    logLoss.update(tensor([[0.5, 0.5]]), int([3]));
    assert.throws(() => logLoss.result(), /outside the classes/);
    const auc = new RocAuc();
    auc.update(tensor([[0.2, 0.3, 0.5]]), int([7]));
    assert.throws(() => auc.result(), /target 7 is outside the classes \[0, 2\]/);
  });

  test('ranking metrics refuse negative relevance and NaN scores', () => {
    assert.throws(() => new HitRate().update(tensor([[0.1, 0.2]]), tensor([[1, -1]])), /relevance must be ≥ 0/);
    assert.throws(() => new Ndcg().update(tensor([[NaN, 0.2]]), tensor([[1, 0]])), /NaN/);
  });

  test('hand-checked values: ROC-AUC and AP with a tie, zero division, R² of a constant target', () => {
    // Scores 0.9 (positive), 0.4 (negative), 0.4 (positive): the tie is one diagonal step.
    const scores = tensor([0.9, 0.4, 0.4], { dtype: 'float64' });
    const labels = int([1, 0, 1]);
    const auc = new RocAuc();
    auc.update(scores, labels);
    assert.equal(auc.result(), 0.75);
    const ap = new AveragePrecision();
    ap.update(scores, labels);
    assert.ok(Math.abs(ap.result() - (0.5 * 1 + 0.5 * (2 / 3))) < 1e-12);
    const oneClass = new RocAuc();
    oneClass.update(scores, int([1, 1, 1]));
    assert.ok(Number.isNaN(oneClass.result()), 'ROC-AUC is undefined with one class');
    const precision = new Precision();
    precision.update(tensor([0.1, 0.2]), int([1, 0]));
    assert.equal(precision.result(), 0, 'nothing predicted positive: zero_division gives 0');
    const r2 = new R2Score();
    r2.update(tensor([3, 3]), tensor([3, 3]));
    assert.equal(r2.result(), 1);
    r2.reset();
    r2.update(tensor([3, 4]), tensor([3, 3]));
    assert.equal(r2.result(), 0);
  });

  test('updates accumulate on the backend: no read-back per batch except for ranking', () => {
    const original = Tensor.prototype.dataSync;
    let reads = 0;
    Tensor.prototype.dataSync = function (this: Tensor) {
      reads++;
      return original.call(this);
    };
    try {
      const logits = tensor([[2, 1, 0], [0, 3, 1], [1, 0, 2], [0, 1, 0]]);
      const labels = int([0, 1, 2, 2]);
      const onBackend = ['accuracy', 'balancedAccuracy', 'f1Macro', 'precisionWeighted', 'recallMicro', 'confusionMatrix', 'rocAuc', 'averagePrecision', 'logLoss', 'topKAccuracy@2'];
      for (const name of onBackend) {
        const metric = getMetric(name);
        reads = 0;
        for (let i = 0; i < 3; i++) metric.update(logits, labels);
        assert.equal(reads, 0, `${name} read back during update`);
        metric.result();
      }
      for (const name of ['mse', 'rmse', 'mae', 'r2', 'mape']) {
        const metric = getMetric(name);
        reads = 0;
        for (let i = 0; i < 3; i++) metric.update(tensor([1, 2, 3]), tensor([1, 2, 4]));
        assert.equal(reads, 0, `${name} read back during update`);
      }
    } finally {
      Tensor.prototype.dataSync = original;
    }
  });
});

/** Three Gaussian blobs in the plane, one per class. */
function blobs(n: number, seed: number): { x: Tensor; y: Tensor } {
  const noise = randn([n, 2], { generator: new Generator(seed), dtype: 'float64' }).toArray() as number[][];
  const centres = [[2, 0], [-1, 1.7], [-1, -1.7]];
  const x = noise.map((p, i) => [centres[i % 3]![0]! + 0.5 * p[0]!, centres[i % 3]![1]! + 0.5 * p[1]!]);
  return { x: tensor(x), y: int(x.map((_, i) => i % 3)) };
}

describe('metrics in Model.fit', () => {
  test('compile with metric names puts them in the history, for training and validation', async () => {
    const { x, y } = blobs(240, 1);
    const g = new Generator(2);
    const model = new Model(new Sequential(new Linear(2, 16, { generator: g }), new ReLU(), new Linear(16, 3, { generator: g })));
    const names = ['accuracy', 'f1Macro', 'balancedAccuracy', 'rocAuc', 'topKAccuracy@2'];
    model.compile({ optimizer: 'adam', learningRate: 0.05, loss: 'crossEntropy', metrics: names });
    const history = await model.fit(x, y, { epochs: 6, batchSize: 32, validationSplit: 0.25, verbose: 0 });
    for (const name of names) {
      assert.equal(history.history[name]?.length, 6, name);
      assert.equal(history.history[`val_${name}`]?.length, 6, `val_${name}`);
    }
    assert.ok(history.last('val_f1Macro')! > 0.9, `val_f1Macro ${history.last('val_f1Macro')}`);
    assert.ok(history.last('val_rocAuc')! > 0.95, `val_rocAuc ${history.last('val_rocAuc')}`);
    // evaluate streams over batches of 7 and must agree with one standalone update on all predictions.
    const logs = await model.evaluate(x, y, { batchSize: 7 });
    const whole: Metric[] = names.map((name) => getMetric(name));
    const prediction = model.predict(x);
    for (const metric of whole) {
      metric.update(prediction, y);
      assert.ok(Math.abs(logs[metric.name]! - metric.result()) < 1e-9, `${metric.name}: evaluate ${logs[metric.name]}, whole ${metric.result()}`);
    }
  });

  test('regression metrics by name', async () => {
    const x = randn([120, 3], { generator: new Generator(3) });
    const y = x.matmul(tensor([[1], [-2], [0.5]])).add(0.3);
    const g = new Generator(4);
    const model = new Model(new Sequential(new Linear(3, 1, { generator: g })));
    model.compile({ optimizer: 'adam', learningRate: 0.1, loss: 'mse', metrics: ['rmse', 'mae', 'r2'] });
    const history = await model.fit(x, y, { epochs: 30, batchSize: 16, verbose: 0 });
    assert.ok(history.last('r2')! > 0.9, `r2 ${history.last('r2')}`);
    assert.ok(history.last('rmse')! < history.history['rmse']![0]!, 'rmse should fall');
  });
});

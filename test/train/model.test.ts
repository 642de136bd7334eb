import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Adam,
  argmax,
  EarlyStopping,
  Generator,
  LearningRateScheduler,
  noGrad,
  Linear,
  Model,
  ProgressBar,
  randn,
  ReLU,
  Sequential,
  ShapeError,
  StepLR,
  tensor,
  type Tensor,
  ValueError,
} from '../../src/index.js';

/** Two Gaussian blobs per class in the plane, three classes: separable by a small MLP. */
function blobs(n: number, seed: number): { x: Tensor; y: Tensor } {
  const noise = randn([n, 2], { generator: new Generator(seed), dtype: 'float64' }).toArray() as number[][];
  const centres = [[2, 0], [-1, 1.7], [-1, -1.7]];
  const x = noise.map((p, i) => [centres[i % 3]![0]! + 0.5 * p[0]!, centres[i % 3]![1]! + 0.5 * p[1]!]);
  return { x: tensor(x), y: tensor(x.map((_, i) => i % 3), { dtype: 'int32' }) };
}

function classifier(seed: number): Model {
  const g = new Generator(seed);
  return new Model(new Sequential(new Linear(2, 16, { generator: g }), new ReLU(), new Linear(16, 3, { generator: g })));
}

describe('Model', () => {
  test('fit learns a 3-class problem and reports loss, accuracy and validation metrics per epoch', async () => {
    const { x, y } = blobs(300, 1);
    const model = classifier(2);
    model.compile({ optimizer: 'adam', learningRate: 0.05, loss: 'crossEntropy', metrics: ['accuracy'] });
    const history = await model.fit(x, y, { epochs: 15, batchSize: 32, validationSplit: 0.2, verbose: 0 });
    assert.deepEqual(history.epochs, Array.from({ length: 15 }, (_, i) => i));
    for (const name of ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr']) assert.equal(history.history[name]?.length, 15, name);
    assert.ok(history.history['loss']![14]! < history.history['loss']![0]! / 2, 'training loss should fall');
    assert.ok(history.last('val_accuracy')! >= 0.95, `val_accuracy ${history.last('val_accuracy')}`);
    const { loss, accuracy } = await model.evaluate(x, y);
    assert.ok(loss! < 0.2 && accuracy! >= 0.95, `evaluate: loss ${loss}, accuracy ${accuracy}`);
  });

  test('the same seeds give the same history', async () => {
    const run = async (): Promise<number[]> => {
      const { x, y } = blobs(90, 3);
      const model = classifier(4);
      model.compile({ optimizer: 'sgd', learningRate: 0.1, loss: 'crossEntropy' });
      return (await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, generator: new Generator(5) })).history['loss']!;
    };
    assert.deepEqual(await run(), await run());
  });

  test('fit accepts a batch source, validationData and an optimiser object', async () => {
    const { x, y } = blobs(96, 6);
    const model = classifier(7);
    model.compile({ optimizer: new Adam(model.module.parameters(), { lr: 0.05 }), loss: 'crossEntropy', metrics: ['accuracy'] });
    const batches = [0, 32, 64].map((s) => ({ x: x.narrow(0, s, 32), y: y.narrow(0, s, 32) }));
    const history = await model.fit(batches, { epochs: 10, validationData: [x, y], verbose: 0 });
    assert.ok(history.last('val_accuracy')! >= 0.9, `val_accuracy ${history.last('val_accuracy')}`);
  });

  test('predict batches its input and matches the module in evaluation mode', () => {
    const { x } = blobs(70, 8);
    const model = classifier(9);
    const whole = model.predict(x, { batchSize: 1000 });
    const batched = model.predict(x, { batchSize: 16 });
    assert.deepEqual(batched.shape, [70, 3]);
    assert.deepEqual(Array.from(argmax(batched, 1).dataSync()), Array.from(argmax(whole, 1).dataSync()));
    const a = whole.dataSync();
    batched.dataSync().forEach((v, i) => assert.ok(Math.abs(v - a[i]!) < 1e-6));
    assert.equal(batched.requiresGrad, false);
  });

  test('early stopping stops after patience epochs without improvement and restores the best weights', async () => {
    const { x, y } = blobs(60, 10);
    const model = classifier(11);
    // A learning rate of 0 cannot improve anything after the first epoch (beyond float noise from
    // the shuffled batch order, which minDelta ignores).
    model.compile({ optimizer: 'sgd', learningRate: 0, loss: 'crossEntropy' });
    const stopper = new EarlyStopping({ monitor: 'loss', patience: 2, minDelta: 1e-6, restoreBestWeights: true });
    const history = await model.fit(x, y, { epochs: 20, verbose: 0, callbacks: [stopper] });
    assert.equal(history.epochs.length, 4);
    assert.equal(stopper.bestEpoch, 0);
    assert.equal(stopper.stoppedEpoch, 3);
  });

  test('restoreBestWeights puts back the weights of the best epoch', () => {
    const model = classifier(20);
    const stopper = new EarlyStopping({ monitor: 'val_loss', restoreBestWeights: true });
    stopper.model = model;
    const weight = model.module.parameters()[0]!;
    const best = Array.from(weight.dataSync());
    stopper.onTrainBegin();
    stopper.onEpochEnd(0, { val_loss: 1 });
    noGrad(() => weight.add_(1));
    stopper.onEpochEnd(1, { val_loss: 2 });
    assert.equal(model.stopTraining, true);
    stopper.onTrainEnd();
    assert.deepEqual(Array.from(weight.dataSync()), best);
    assert.throws(() => stopper.onEpochEnd(2, { loss: 1 }), /'val_loss' is not in the logs; available: loss/);
  });

  test('class weights scale each sample loss by its class (Keras semantics)', async () => {
    const { x, y } = blobs(30, 12);
    const plain = classifier(13);
    plain.compile({ optimizer: 'sgd', learningRate: 0, loss: 'crossEntropy' });
    const weighted = classifier(13);
    weighted.compile({ optimizer: 'sgd', learningRate: 0, loss: 'crossEntropy' });
    const base = (await plain.fit(x, y, { epochs: 1, batchSize: 30, shuffle: false, verbose: 0 })).last('loss')!;
    const doubled = (await weighted.fit(x, y, { epochs: 1, batchSize: 30, shuffle: false, verbose: 0, classWeight: { 0: 2, 1: 2, 2: 2 } })).last('loss')!;
    assert.ok(Math.abs(doubled - 2 * base) < 1e-5, `${doubled} vs 2 × ${base}`);
  });

  test('learning-rate schedules run once per epoch and the rate is logged', async () => {
    const { x, y } = blobs(30, 14);
    const byFunction = classifier(15);
    byFunction.compile({ optimizer: 'sgd', learningRate: 0.1, loss: 'crossEntropy' });
    const h1 = await byFunction.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch) => 0.1 / (epoch + 1))] });
    h1.history['lr']!.forEach((lr, i) => assert.ok(Math.abs(lr - 0.1 / (i + 1)) < 1e-12));
    const bySchedule = classifier(15);
    bySchedule.compile({ optimizer: 'sgd', learningRate: 0.1, loss: 'crossEntropy' });
    const step = new StepLR(bySchedule.optimizer as never, { stepSize: 1, gamma: 0.5 });
    const h2 = await bySchedule.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler(step)] });
    h2.history['lr']!.forEach((lr, i) => assert.ok(Math.abs(lr - 0.1 * 0.5 ** i) < 1e-12, `epoch ${i}: ${lr}`));
  });

  test('the progress bar writes one plain line per epoch off a terminal and redraws on one', async () => {
    const { x, y } = blobs(64, 16);
    const model = classifier(17);
    model.compile({ optimizer: 'adam', loss: 'crossEntropy', metrics: ['accuracy'] });
    const plain: string[] = [];
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [new ProgressBar({ write: (s) => plain.push(s) })] });
    assert.equal(plain.length, 2);
    assert.match(plain[0]!, /^epoch 1\/2 {2}loss \d+\.\d{4} {2}accuracy \d\.\d{4} {2}\d+ samples\/s {2}\d+s\n$/);
    const tty: string[] = [];
    let clock = 0;
    const realNow = Date.now;
    Date.now = () => (clock += 150);
    try {
      await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [new ProgressBar({ write: (s) => tty.push(s), isTTY: true, columns: 200 })] });
    } finally {
      Date.now = realNow;
    }
    assert.ok(tty.some((s) => /^\repoch 1\/1 \[=+\.*\] \d\/8 .*samples\/s {2}ETA/.test(s)), tty.join('|'));
    assert.ok(tty[tty.length - 1]!.startsWith('\r\u001b[2Kepoch 1/1  loss'), tty[tty.length - 1]);
  });

  test('bad calls fail before training with a clear message', async () => {
    const { x, y } = blobs(30, 18);
    const model = classifier(19);
    await assert.rejects(model.fit(x, y), /call model\.compile\(\{ optimizer, loss \}\) first/);
    model.compile({ optimizer: 'adam', loss: 'crossEntropy' });
    await assert.rejects(model.fit(x, y.narrow(0, 0, 10), { verbose: 0 }), ShapeError);
    await assert.rejects(model.fit(x, y, { validationSplit: 1.5, verbose: 0 }), /validationSplit must be in \[0, 1\)/);
    await assert.rejects(model.fit(x, y, { epochs: 0, verbose: 0 }), /epochs must be a positive integer, got 0/);
    await assert.rejects(model.fit([], { verbose: 0 }), /produced no batches/);
    assert.throws(() => model.compile({ optimizer: 'adamax', loss: 'crossEntropy' }), ValueError);
    assert.throws(() => model.compile({ optimizer: 'adam', loss: 'hinge' }), /unknown loss/);
  });
});

/**
 * XOR: the function a single layer cannot learn and one hidden layer can (Minsky & Papert 1969;
 * Rumelhart, Hinton & Williams 1986), trained Keras-style with compile and fit.
 *
 * Run: `npx tsx examples/xor.ts`.
 */
import { Generator, Linear, Model, Sequential, Tanh, tensor } from '../src/index.js';

const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = tensor([[0], [1], [1], [0]]);

const generator = new Generator(1);
const model = new Model(new Sequential(new Linear(2, 8, { generator }), new Tanh(), new Linear(8, 1, { generator })));
model.compile({ optimizer: 'adam', learningRate: 0.05, loss: 'binaryCrossEntropyWithLogits', metrics: ['accuracy'] });
console.log(model.summary());

const history = await model.fit(x, y, { epochs: 300, batchSize: 4, verbose: 0 });
console.log(`after ${history.epochs.length} epochs: loss ${history.last('loss')!.toFixed(4)}, accuracy ${history.last('accuracy')}`);
const logits = model.predict(x).toArray() as number[][];
for (const [i, [a, b]] of [[0, 0], [0, 1], [1, 0], [1, 1]].entries()) {
  console.log(`${a} XOR ${b} → ${logits[i]![0]! > 0 ? 1 : 0}  (logit ${logits[i]![0]!.toFixed(2)})`);
}

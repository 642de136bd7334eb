/**
 * The first network of every introduction: logistic regression as a single-layer network with a
 * sigmoid output, binary cross-entropy and Adam, written PyTorch-style (an explicit training loop).
 *
 * Data: two Gaussian clouds in the plane, one per class. Run: `npx tsx examples/logistic-regression.ts`.
 */
import { Adam, binaryCrossEntropy, Generator, gt, Linear, mean, noGrad, randn, Sequential, Sigmoid, tensor, cast, eq } from '../src/index.js';

const generator = new Generator(0);
const n = 200;
const noise = randn([n, 2], { generator }).toArray() as number[][];
// Class 1 around (1.5, 1.5), class 0 around (−1.5, −1.5).
const points = noise.map((p, i) => (i % 2 === 1 ? [p[0]! + 1.5, p[1]! + 1.5] : [p[0]! - 1.5, p[1]! - 1.5]));
const x = tensor(points);
const y = tensor(points.map((_, i) => [i % 2]));

const model = new Sequential(new Linear(2, 1, { generator }), new Sigmoid());
const optimizer = new Adam(model.parameters(), { lr: 0.05 });

for (let epoch = 1; epoch <= 100; epoch++) {
  optimizer.zeroGrad();
  const probability = model.forward(x);
  const loss = binaryCrossEntropy(probability, y);
  loss.backward();
  optimizer.step();
  if (epoch % 20 === 0) {
    const accuracy = noGrad(() => mean(cast(eq(gt(probability, 0.5), gt(y, 0.5)), 'float32')).item());
    console.log(`epoch ${epoch}  loss ${loss.item().toFixed(4)}  accuracy ${(accuracy * 100).toFixed(1)} %`);
  }
}
const [w, b] = model.parameters();
console.log(`decision boundary: ${(w!.toArray() as number[][])[0]!.map((v) => v.toFixed(3)).join(' x₁ + ')} x₂ + ${(b!.toArray() as number[])[0]!.toFixed(3)} = 0`);

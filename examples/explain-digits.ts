/**
 * Explaining an image classifier: a small CNN learns the 8×8 handwritten digits of data/digits.csv
 * (1,797 images, UCI), then every attribution method explains held-out images. It measures
 *
 * - completeness of integrated gradients (Sundararajan et al. 2017) against the number of steps and
 *   the integration rule: the mean and largest |Σ IG − (f(x) − f(0))| / |f(x) − f(0)|;
 * - faithfulness by deletion (Samek et al. 2017): blank the 8 pixels a method ranks highest and
 *   see how much the predicted class's probability falls — a faithful map names pixels the
 *   network needs, so its drop beats 8 random pixels;
 * - fidelity of a global surrogate tree to the network at several depths;
 *
 * and writes each method's heat map of the first test image as SVG and PNG.
 *
 * Run: `npx tsx examples/explain-digits.ts [--images N] [--out DIR] [--json]` (defaults 50, explain-output).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type Attribution,
  Conv2d,
  Flatten,
  Generator,
  globalSurrogate,
  gradientTimesInput,
  heatmapPng,
  heatmapSvg,
  integratedGradients,
  type IntegrationRule,
  Linear,
  Model,
  noGrad,
  occlusion,
  rand,
  ReLU,
  saliency,
  Sequential,
  smoothGrad,
  softmax,
  tensor,
  type Tensor,
} from '../src/index.js';
import { readCsvFile } from '../src/node/index.js';

const { values: args } = parseArgs({ options: { images: { type: 'string', default: '50' }, out: { type: 'string', default: 'explain-output' }, json: { type: 'boolean', default: false } } });
const imageCount = Number(args.images);

// Data: pixels 0–16 scaled to [0, 1], images [N, 1, 8, 8]; the last 297 rows are held out.
const table = await readCsvFile('data/digits.csv');
const pixelNames = table.names.filter((n) => n !== 'target');
const all = table.select(pixelNames).toTensor().div(16);
const labels = Int32Array.from(table.select(['target']).toTensor().dataSync());
const n = labels.length;
const trainCount = n - 297;
const images = all.reshape([n, 1, 8, 8]);
const xTrain = images.narrow(0, 0, trainCount);
const xTest = images.narrow(0, trainCount, n - trainCount);
const yTrain = tensor(labels.slice(0, trainCount));

const g = new Generator(0);
const model = new Model(new Sequential(new Conv2d(1, 8, 3, { padding: 1, generator: g }), new ReLU(), new Flatten(), new Linear(512, 10, { generator: g })));
model.compile({ optimizer: 'adam', learningRate: 0.005, loss: 'crossEntropy' });
await model.fit(xTrain, yTrain, { epochs: 15, batchSize: 32, verbose: 0 });
const predicted = model.predict(xTest).argmax(1).dataSync();
const accuracy = Array.from(predicted).filter((p, i) => p === labels[trainCount + i]).length / predicted.length;
console.log(`CNN test accuracy on ${predicted.length} held-out digits: ${(100 * accuracy).toFixed(1)} %`);

const explained = Array.from({ length: Math.min(imageCount, n - trainCount) }, (_, i) => xTest.select(0, i));

// 1. Completeness of integrated gradients (explaining the predicted class's logit, baseline black).
const completeness: { rule: IntegrationRule; steps: number; meanGap: number; maxGap: number }[] = [];
for (const rule of ['riemann-left', 'trapezoid'] as const) {
  for (const steps of [10, 20, 50, 100, 200]) {
    const gaps = explained.map((x) => integratedGradients(model, x, { steps, rule }).relativeGap);
    completeness.push({ rule, steps, meanGap: gaps.reduce((s, v) => s + v, 0) / gaps.length, maxGap: Math.max(...gaps) });
  }
}
console.log('\nIntegrated gradients, relative completeness gap |Σ IG − Δf| / |Δf| (logit of the predicted class, black baseline):');
for (const c of completeness) console.log(`  ${c.rule.padEnd(13)} ${String(c.steps).padStart(4)} steps: mean ${(100 * c.meanGap).toFixed(2)} %, max ${(100 * c.maxGap).toFixed(2)} %`);

// 2. Deletion: blank the k top-ranked pixels, measure the fall of the predicted class's probability.
const k = 8;
const methods: Record<string, (x: Tensor) => Attribution> = {
  'integrated-gradients': (x) => integratedGradients(model, x, { steps: 50 }),
  saliency: (x) => saliency(model, x),
  'gradient-x-input': (x) => gradientTimesInput(model, x),
  smoothgrad: (x) => smoothGrad(model, x, { samples: 25, noiseLevel: 0.15, absolute: true }),
  occlusion: (x) => occlusion(model, x, { patchSize: 2, stride: 1 }),
};
const probability = (x: Tensor, c: number): number => noGrad(() => softmax(model.forward(x.unsqueeze(0)), -1).dataSync()[c]!);
const deletion: Record<string, number> = {};
const random = new Generator(1);
const pictures: Record<string, Attribution> = {};
for (const [name, explain] of Object.entries(methods)) {
  let total = 0;
  explained.forEach((x, i) => {
    const a = explain(x);
    if (i === 0) pictures[name] = a;
    const order = a.values.map((v, p) => [v, p] as const).sort((p, q) => q[0] - p[0]).slice(0, k).map(([, p]) => p);
    total += drop(x, order, a.target);
  });
  deletion[name] = total / explained.length;
}
let randomTotal = 0;
for (const x of explained) {
  const c = model.predict(x.unsqueeze(0)).argmax(1).dataSync()[0]!;
  const order = Array.from(rand([64], { generator: random }).dataSync()).map((v, p) => [v, p] as const).sort((p, q) => p[0] - q[0]).slice(0, k).map(([, p]) => p);
  randomTotal += drop(x, order, c);
}
deletion['random pixels'] = randomTotal / explained.length;
console.log(`\nDeletion: mean fall of the predicted class's probability after blanking the ${k} top-ranked pixels (${explained.length} images):`);
for (const [name, d] of Object.entries(deletion)) console.log(`  ${name.padEnd(21)} ${d.toFixed(3)}`);

function drop(x: Tensor, pixels: readonly number[], c: number): number {
  const data = Float32Array.from(x.dataSync());
  for (const p of pixels) data[p] = 0;
  return probability(x, c) - probability(tensor(data, { shape: [1, 8, 8] }), c);
}

// 3. Global surrogate fidelity (flattened pixels; the tree imitates the CNN's predicted digit).
const cnnOnRows = (rows: Tensor): Tensor => model.forward(rows.reshape([-1, 1, 8, 8]));
const surrogate = [3, 5, 8].map((depth) => {
  const r = globalSurrogate(cnnOnRows, all.narrow(0, 0, trainCount), all.narrow(0, trainCount, n - trainCount), { maxDepth: depth });
  return { depth, fidelity: r.fidelity, leaves: r.tree.leafCount };
});
console.log('\nSurrogate tree fidelity to the CNN on held-out digits:');
for (const s of surrogate) console.log(`  depth ${s.depth} (${s.leaves} leaves): ${(100 * s.fidelity).toFixed(1)} %`);

await mkdir(args.out, { recursive: true });
const image = explained[0]!.dataSync();
for (const [name, a] of Object.entries(pictures)) {
  await writeFile(join(args.out, `digit-${name}.svg`), heatmapSvg(a.values, 8, 8, { image, cellSize: 24, title: `${name}, class ${a.target}` }));
  await writeFile(join(args.out, `digit-${name}.png`), heatmapPng(a.values, 8, 8, { image, scale: 24 }));
}
console.log(`\nHeat maps of the first test image in ${args.out}/`);
if (args.json) console.log(JSON.stringify({ accuracy, completeness, deletion, surrogate }));

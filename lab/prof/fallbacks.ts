/**
 * Which kernel calls of one CNN training step fall back from the wasm backend to the JS reference
 * kernels, by op, dtype, shape and strides, with the number of elements each moved:
 * `npx tsx lab/prof/fallbacks.ts [cnn|lm]` (lm: the character GPT of lm-step.ts). The list is where
 * the next wasm kernel pays most.
 */
import type { StridedView } from '../../src/backends/contract.js';
import { GptModel } from '../../src/apps/lm/index.js';
import { Adam, AdamW, clipGradNorm, Conv2d, crossEntropy, Flatten, Generator, getBackend, Linear, MaxPool2d, randint, randn, ReLU, reshape, Sequential, setBackend } from '../../src/index.js';

setBackend('wasm');
type Kernel = (...args: unknown[]) => unknown;
const reference = (getBackend() as unknown as { js: Record<string, Kernel> }).js;
const counts = new Map<string, number>();
const isView = (a: unknown): a is StridedView => typeof a === 'object' && a !== null && 'shape' in a && 'strides' in a;
for (const name of ['binary', 'reduce', 'where', 'unary', 'copy', 'argReduce', 'gather', 'scatterAdd', 'matmul', 'im2col', 'col2im']) {
  const original = reference[name]!.bind(reference);
  reference[name] = (...args: unknown[]) => {
    const views = args.filter(isView);
    const describe = views.map((v) => `${v.buffer.dtype}[${v.shape.join(',')}]/(${v.strides.join(',')})`).join(' ');
    const key = `${name} ${args.filter((a) => typeof a === 'string').join(' ')} ${describe}`;
    counts.set(key, (counts.get(key) ?? 0) + (views[0]?.shape.reduce((p, d) => p * d, 1) ?? 0));
    return original(...args);
  };
}
const generator = new Generator(0);
if (process.argv[2] === 'lm') {
  const gpt = new GptModel({ vocabSize: 65, contextLength: 64, dModel: 64, nHead: 4, numLayers: 3, dimFeedforward: 256 }, generator);
  const optimizer = new AdamW(gpt.parameters(), { lr: 1e-3 });
  const loss = crossEntropy(reshape(gpt.forward(randint(0, 65, [16, 64], { generator })), [16 * 64, 65]), randint(0, 65, [16 * 64], { generator }));
  loss.backward();
  clipGradNorm(gpt.parameters(), 1);
  optimizer.step();
  loss.item();
} else {
  const model = new Sequential(
    new Conv2d(1, 32, 3, { padding: 1, generator }), new ReLU(), new MaxPool2d(2),
    new Conv2d(32, 64, 3, { padding: 1, generator }), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Linear(3136, 128, { generator }), new ReLU(), new Linear(128, 10, { generator }),
  );
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const loss = crossEntropy(model.forward(randn([32, 1, 28, 28], { generator })), randint(0, 10, [32], { generator }));
  loss.backward();
  optimizer.step();
  loss.item();
}
for (const [key, elements] of [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(elements, key);

/**
 * The MLP of the benchmark (784-256-128-10, Adam, batch 128) in a plain PyTorch-style loop with no
 * `fit`: per-batch CPU of forward + backward and of the optimiser step, the wasm memory and peak RSS
 * after the loop, and batch-1 inference CPU per call. `npx tsx lab/prof/mlp-step.ts [steps]`
 * (default 150). The figures in docs/wasm-backend.md ("Memory") and the issue notes come from it.
 */
import { Adam, crossEntropy, Generator, getBackend, Linear, noGrad, randint, randn, ReLU, Sequential, setBackend } from '../../src/index.js';

setBackend('wasm');
const steps = Number(process.argv[2] ?? 150);
const g = new Generator(0);
const model = new Sequential(new Linear(784, 256, { generator: g }), new ReLU(), new Linear(256, 128, { generator: g }), new ReLU(), new Linear(128, 10, { generator: g }));
const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
const xs = Array.from({ length: 8 }, () => randn([128, 784], { generator: g }));
const ys = Array.from({ length: 8 }, () => randint(0, 10, [128], { generator: g }));
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
let forwardBackward = 0;
let step = 0;
for (let i = 0; i < steps; i++) {
  const t0 = cpuMs();
  optimizer.zeroGrad();
  const loss = crossEntropy(model.forward(xs[i % 8]!), ys[i % 8]!);
  loss.backward();
  const t1 = cpuMs();
  optimizer.step();
  loss.item();
  const t2 = cpuMs();
  if (i >= 10) [forwardBackward, step] = [forwardBackward + t1 - t0, step + t2 - t1];
}
const memory = (getBackend() as unknown as { memory: WebAssembly.Memory }).memory;
const timed = steps - 10;
console.log(`training: forward+backward ${(forwardBackward / timed).toFixed(2)} ms, step ${(step / timed).toFixed(2)} ms CPU per batch; ${((timed * 128) / ((forwardBackward + step) / 1000)).toFixed(0)} samples/CPU-s`);
console.log(`after ${steps} steps: wasm memory ${(memory.buffer.byteLength / 2 ** 20).toFixed(0)} MiB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
model.eval();
const one = randn([1, 784], { generator: g });
const t0 = cpuMs();
for (let i = 0; i < 2000; i++) noGrad(() => model.forward(one)).dataSync();
console.log(`batch-1 inference: ${(((cpuMs() - t0) / 2000) * 1000).toFixed(0)} µs CPU per call`);

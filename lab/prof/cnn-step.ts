/**
 * One CNN training step, timed per phase: `npx tsx lab/prof/cnn-step.ts [backend] [batch]` (see README.md).
 */
import { Adam, Conv2d, crossEntropy, Flatten, Generator, Linear, MaxPool2d, randn, randint, ReLU, Sequential, setBackend } from '../../src/index.js';
setBackend(process.argv[2] ?? 'wasm');
const g = new Generator(0);
const model = new Sequential(new Conv2d(1, 32, 3, { padding: 1, generator: g }), new ReLU(), new MaxPool2d(2), new Conv2d(32, 64, 3, { padding: 1, generator: g }), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(3136, 128, { generator: g }), new ReLU(), new Linear(128, 10, { generator: g }));
const opt = new Adam(model.parameters(), { lr: 1e-3 });
const B = Number(process.argv[3] ?? 32);
const x = randn([B, 1, 28, 28], { generator: g });
const y = randint(0, 10, [B], { generator: g });
for (let i = 0; i < 12; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  opt.zeroGrad();
  const out = model.forward(x);
  const t1 = performance.now();
  const loss = crossEntropy(out, y);
  loss.backward();
  const t2 = performance.now();
  opt.step();
  loss.item();
  const t3 = performance.now();
  const cpu = process.cpuUsage(c0);
  if (i >= 2) console.log(`cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms => ${(B / ((cpu.user + cpu.system) / 1e6)).toFixed(0)} samples/cpu-s | ` + `fwd ${(t1 - t0).toFixed(0)} bwd ${(t2 - t1).toFixed(0)} step ${(t3 - t2).toFixed(0)} ms  => ${(B / ((t3 - t0) / 1000)).toFixed(0)} samples/s`);
}

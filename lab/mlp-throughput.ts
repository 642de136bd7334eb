/**
 * Training throughput of a Fashion-MNIST-shaped MLP (784-256-128-10, batch 128, Adam, cross
 * entropy) on random data, js vs wasm backends in one process, interleaved so that both see the
 * same machine load. Prints samples/s per backend (wall clock and per CPU second) and the ratio.
 *
 *     node --expose-gc --import tsx lab/mlp-throughput.ts [steps per round, default 20] [rounds, default 3] [backends, default js,wasm]
 *
 * Peak RSS is per process: run one backend alone (third argument `wasm`) to read its own.
 */
import {
  Adam,
  crossEntropy,
  Generator,
  Linear,
  randint,
  randn,
  ReLU,
  Sequential,
  setBackend,
} from '../src/index.js';

const stepsPerRound = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 3);
const BATCH = 128;

interface Run {
  readonly step: () => number;
}

function setup(backend: string): Run {
  setBackend(backend);
  const g = new Generator(0);
  const model = new Sequential(new Linear(784, 256, { generator: g }), new ReLU(), new Linear(256, 128, { generator: g }), new ReLU(), new Linear(128, 10, { generator: g }));
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const x = randn([BATCH, 784], { generator: g });
  const y = randint(0, 10, [BATCH], { generator: g });
  return {
    step: () => {
      optimizer.zeroGrad();
      const loss = crossEntropy(model.forward(x), y);
      loss.backward();
      optimizer.step();
      return loss.item();
    },
  };
}

const backends = (process.argv[4] ?? 'js,wasm').split(',');
const runs = new Map(backends.map((b) => [b, setup(b)] as const));
const results = new Map<string, { wall: number[]; cpu: number[] }>(backends.map((b) => [b, { wall: [], cpu: [] }]));
for (const b of backends) {
  setBackend(b);
  for (let i = 0; i < 3; i++) runs.get(b)!.step(); // warm-up: JIT and wasm tier-up
}
for (let round = 0; round < rounds; round++) {
  for (const b of backends) {
    setBackend(b);
    const run = runs.get(b)!;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < stepsPerRound; i++) run.step();
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const r = results.get(b)!;
    r.wall.push((stepsPerRound * BATCH) / wall);
    r.cpu.push((stepsPerRound * BATCH) / ((cpu.user + cpu.system) / 1e6));
  }
}
const best = (xs: readonly number[]): number => Math.max(...xs);
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const b of backends) {
  const r = results.get(b)!;
  console.log(`${b.padEnd(5)} samples/s: wall median ${median(r.wall).toFixed(0)}, best ${best(r.wall).toFixed(0)}; per CPU-second median ${median(r.cpu).toFixed(0)}`);
}
const js = results.get('js');
const wasm = results.get('wasm');
if (js !== undefined && wasm !== undefined) console.log(`wasm / js: ${(median(wasm.wall) / median(js.wall)).toFixed(1)}× (wall, medians), ${(best(wasm.wall) / best(js.wall)).toFixed(1)}× (best)`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

/**
 * Users never call dispose (DESIGN.md, principle 5): 10,000 forward + backward + update steps of a
 * small MLP must leave live backend buffers and process memory flat.
 *
 * Buffers are released by a FinalizationRegistry after garbage collection, so the test forces
 * collection (node --expose-gc, as `npm test` runs it) before each reading.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  Generator,
  matmul,
  mean,
  memoryStats,
  mul,
  noGrad,
  randn,
  relu,
  setBackend,
  sub,
  type Tensor,
  tensor,
  zeros,
} from '../../src/index.js';

const backendName = process.env['SPROUT_BACKEND'] ?? 'js';

/** Collects garbage until the live-buffer count settles (finalisers run on later event-loop turns). */
async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  assert.ok(gc !== undefined, 'run node with --expose-gc (npm test does)');
  let previous = -1;
  for (let round = 0; round < 20; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const live = memoryStats().liveBuffers;
    if (live === previous) return;
    previous = live;
  }
}

interface Reading {
  step: number;
  liveBuffers: number;
  liveBytes: number;
  heapUsed: number;
  arrayBuffers: number;
}

test(`10,000 MLP training steps keep live buffers and memory flat (${backendName} backend)`, async () => {
  setBackend(backendName);
  const g = new Generator(7);
  // XOR-like task: 4 inputs → 16 hidden → 1 output, trained with plain SGD written with ops.
  const x = randn([32, 4], { generator: g });
  const y = tensor(
    Array.from(x.toArray() as number[][], (row) => [(row[0]! > 0) !== (row[1]! > 0) ? 1 : 0]),
  );
  const w1 = mul(randn([4, 16], { generator: g }), 0.5).detach().requiresGrad_();
  const b1 = zeros([16], { requiresGrad: true });
  const w2 = mul(randn([16, 1], { generator: g }), 0.5).detach().requiresGrad_();
  const b2 = zeros([1], { requiresGrad: true });
  const params: Tensor[] = [w1, b1, w2, b2];

  const step = (): number => {
    const hidden = relu(add(matmul(x, w1), b1));
    const out = add(matmul(hidden, w2), b2);
    const diff = sub(out, y);
    const loss = mean(mul(diff, diff));
    loss.backward();
    noGrad(() => {
      for (const p of params) {
        p.sub_(mul(p.grad!, 0.05));
        p.zeroGrad();
      }
    });
    return loss.item();
  };

  const readings: Reading[] = [];
  const read = async (stepNumber: number): Promise<void> => {
    await collect();
    const stats = memoryStats();
    const usage = process.memoryUsage();
    readings.push({
      step: stepNumber,
      liveBuffers: stats.liveBuffers,
      liveBytes: stats.liveBytes,
      heapUsed: usage.heapUsed,
      arrayBuffers: usage.arrayBuffers,
    });
  };

  const firstLoss = step();
  let lastLoss = firstLoss;
  const total = 10_000;
  const buffersBefore = memoryStats().buffersCreated;
  for (let i = 2; i <= total; i++) {
    lastLoss = step();
    if (i === 1_000 || i % 3_000 === 0 || i === total) await read(i);
  }

  // The run must have done real work: thousands of buffers were created and freed, and it learned.
  assert.ok(memoryStats().buffersCreated - buffersBefore > total * 20, 'each step should allocate many buffers');
  assert.ok(lastLoss < firstLoss * 0.5, `loss should fall (first ${firstLoss}, last ${lastLoss})`);

  const baseline = readings[0]!;
  const final = readings[readings.length - 1]!;
  const report = readings.map((r) => `step ${r.step}: ${r.liveBuffers} buffers, ${r.liveBytes} B, heap ${(r.heapUsed / 2 ** 20).toFixed(1)} MiB, array buffers ${(r.arrayBuffers / 2 ** 20).toFixed(2)} MiB`);
  // Live buffers: the parameters, data and a handful of temporaries. A leak of even one buffer per
  // step would add 9,000 between the first and the last reading.
  assert.ok(final.liveBuffers <= baseline.liveBuffers + 20, `live buffers grew:\n${report.join('\n')}`);
  assert.ok(final.liveBytes <= baseline.liveBytes + 64 * 1024, `live bytes grew:\n${report.join('\n')}`);
  // Process memory: bounded growth. The exact check is the live-buffer count above; these catch
  // gross growth elsewhere. V8 frees array-buffer memory on a background thread, so its reading
  // lags and wanders by a few MiB between runs.
  assert.ok(final.heapUsed - baseline.heapUsed < 16 * 2 ** 20, `heap grew:\n${report.join('\n')}`);
  assert.ok(final.arrayBuffers - baseline.arrayBuffers < 16 * 2 ** 20, `array buffers grew:\n${report.join('\n')}`);
});

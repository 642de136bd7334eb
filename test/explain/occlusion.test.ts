/**
 * Occlusion on a synthetic image task: 8×8 noise images, each with a bright 2×2 blob at a random
 * place; the class is whether a blob sits at the informative patch (rows 2–3, columns 4–5). A small
 * CNN learns the task, and occlusion must find that patch on the positive images.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, rand, tensor, type Tensor, ValueError } from '../../src/core/index.js';
import { occlusion } from '../../src/explain/index.js';
import { smallCnn, train } from './helpers.js';

const SIDE = 8;
const SPOT = { row: 2, col: 4 };

/** n images [n, 1, 8, 8] and labels; odd rows are positive. */
function images(n: number, seed: number): { x: Tensor; y: Tensor } {
  const noise = rand([n * SIDE * SIDE], { generator: new Generator(seed) }).dataSync();
  const place = rand([n * 2], { generator: new Generator(seed + 1000) }).dataSync();
  const data = new Float32Array(n * SIDE * SIDE);
  const y = new Int32Array(n);
  const blob = (i: number, r: number, c: number): void => {
    for (let dr = 0; dr < 2; dr++) for (let dc = 0; dc < 2; dc++) data[i * 64 + (r + dr) * SIDE + c + dc] = 1;
  };
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < 64; p++) data[i * 64 + p] = 0.4 * noise[i * 64 + p]!;
    // A distractor blob on the 2-aligned grid, anywhere but the informative patch.
    let r = 2 * Math.floor(place[2 * i]! * 4);
    const c = 2 * Math.floor(place[2 * i + 1]! * 4);
    if (r === SPOT.row && c === SPOT.col) r = (r + 4) % SIDE;
    blob(i, r, c);
    y[i] = i % 2;
    if (y[i] === 1) blob(i, SPOT.row, SPOT.col);
  }
  return { x: tensor(data, { shape: [n, 1, SIDE, SIDE] }), y: tensor(y) };
}

describe('occlusion', () => {
  test('finds the informative patch of a trained CNN', async () => {
    const { x, y } = images(320, 1);
    const model = await train(smallCnn(0), x, y, 12, 0.01);
    const test = images(40, 2);
    const predicted = model.predict(test.x).argmax(1).dataSync();
    const truth = test.y.dataSync();
    const accuracy = Array.from(predicted).reduce((s: number, p, i) => s + (p === truth[i] ? 1 : 0), 0) / truth.length;
    assert.ok(accuracy >= 0.9, `the CNN must learn the task first (accuracy ${accuracy})`);
    let found = 0;
    let positives = 0;
    for (let i = 1; i < 40; i += 2) {
      positives++;
      const r = occlusion(model, test.x.select(0, i), { target: 1, patchSize: 2, stride: 2 });
      const best = r.windows.reduce((a, b) => (b.drop > a.drop ? b : a));
      if (best.row === SPOT.row && best.col === SPOT.col) found++;
      assert.equal(r.windows.length, 16);
      assert.equal(r.heatMap.length, 64);
    }
    assert.ok(found >= positives - 1, `the informative patch had the largest drop on ${found} of ${positives} positive images`);
  });

  test('the heat map is the mean drop of the windows covering each pixel; the last window reaches the edge', () => {
    // f(x) = Σ x over the image: hiding a window drops f by the window's sum.
    const f = (batch: Tensor): Tensor => batch.sum([1, 2]);
    const image = tensor(Float32Array.from({ length: 49 }, (_, i) => i), { shape: [7, 7] });
    const r = occlusion(f, image, { patchSize: 3, stride: 3 });
    assert.deepEqual([...new Set(r.windows.map((w) => w.row))], [0, 3, 4]);
    const w0 = r.windows[0]!;
    assert.equal(w0.drop, [0, 1, 2, 7, 8, 9, 14, 15, 16].reduce((s, v) => s + v, 0));
    assert.equal(r.heatMap[0], w0.drop);
  });

  test('rejects non-images and oversize patches', () => {
    const f = (batch: Tensor): Tensor => batch.sum([1, 2]);
    assert.throws(() => occlusion(f, tensor([1, 2, 3])), (e: unknown) => e instanceof ValueError && /must be an image \[C, H, W\] or \[H, W\], got \[3\]/.test(e.message));
    assert.throws(() => occlusion(f, tensor([[1, 2], [3, 4]]), { patchSize: 3 }), /patchSize \[3, 3\] must fit in the image \[2, 2\]/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  calculateGain,
  computeFans,
  constantInit,
  Generator,
  kaimingNormal,
  kaimingUniform,
  normalInit,
  onesInit,
  orthogonal,
  truncatedNormalInit,
  uniformInit,
  ValueError,
  xavierNormal,
  xavierUniform,
  zerosInit,
} from '../../src/index.js';

function stats(values: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  const list = Array.from(values);
  const mean = list.reduce((s, v) => s + v, 0) / list.length;
  const std = Math.sqrt(list.reduce((s, v) => s + (v - mean) ** 2, 0) / list.length);
  return { mean, std, min: Math.min(...list), max: Math.max(...list) };
}

const g = (): Generator => new Generator(123);

describe('initialisers', () => {
  test('fans follow PyTorch: [out, in, ...kernel]', () => {
    assert.deepEqual(computeFans([64, 32, 3, 3]), { fanIn: 288, fanOut: 576 });
    assert.deepEqual(computeFans([10, 20]), { fanIn: 20, fanOut: 10 });
    assert.throws(() => computeFans([]), ValueError);
  });

  test('gains match torch.nn.init.calculate_gain', () => {
    assert.equal(calculateGain('relu'), Math.SQRT2);
    assert.equal(calculateGain('tanh'), 5 / 3);
    assert.equal(calculateGain('leakyRelu', Math.sqrt(5)), Math.sqrt(2 / 6));
  });

  test('constant initialisers fill exactly', () => {
    assert.deepEqual(zerosInit([2]).toArray(), [0, 0]);
    assert.deepEqual(onesInit([2]).toArray(), [1, 1]);
    assert.deepEqual(constantInit([2], 0.25).toArray(), [0.25, 0.25]);
  });

  test('uniform and normal have the requested range and moments', () => {
    const u = stats(uniformInit([20000], -2, 3, { generator: g() }).dataSync());
    assert.ok(u.min >= -2 && u.max < 3 && Math.abs(u.mean - 0.5) < 0.05);
    const n = stats(normalInit([20000], 1, 0.5, { generator: g() }).dataSync());
    assert.ok(Math.abs(n.mean - 1) < 0.02 && Math.abs(n.std - 0.5) < 0.02);
  });

  test('truncated normal stays within [low, high] and keeps its centre', () => {
    const t = stats(truncatedNormalInit([20000], 0, 1, -1, 1, { generator: g() }).dataSync());
    assert.ok(t.min >= -1 && t.max <= 1 && Math.abs(t.mean) < 0.02);
    // The std of N(0,1) truncated to [−1, 1] is 0.5379.
    assert.ok(Math.abs(t.std - 0.5379) < 0.01, `std ${t.std}`);
  });

  test('Glorot/Xavier and He/Kaiming scales match their formulas', () => {
    const shape = [200, 300];
    const xu = stats(xavierUniform(shape, 1, { generator: g() }).dataSync());
    const bound = Math.sqrt(6 / 500);
    assert.ok(xu.max <= bound && xu.min >= -bound && Math.abs(xu.std - bound / Math.sqrt(3)) < 0.002);
    assert.ok(Math.abs(stats(xavierNormal(shape, 2, { generator: g() }).dataSync()).std - 2 * Math.sqrt(2 / 500)) < 0.002);
    const he = stats(kaimingNormal(shape, { nonlinearity: 'relu', generator: g() }).dataSync());
    assert.ok(Math.abs(he.std - Math.sqrt(2 / 300)) < 0.002);
    const heOut = stats(kaimingUniform(shape, { nonlinearity: 'relu', mode: 'fanOut', generator: g() }).dataSync());
    assert.ok(Math.abs(heOut.std - Math.sqrt(2 / 200)) < 0.002);
  });

  test('orthogonal gives orthonormal rows or columns, scaled by gain', () => {
    for (const [rows, cols] of [[6, 4], [4, 6], [5, 5]] as const) {
      const q = orthogonal([rows, cols], 2, { generator: g(), dtype: 'float64' }).toArray() as number[][];
      const n = Math.min(rows, cols);
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          // Columns are orthogonal for a tall matrix, rows for a wide one.
          let dot = 0;
          for (let k = 0; k < Math.max(rows, cols); k++) {
            dot += rows >= cols ? q[k]![a]! * q[k]![b]! : q[a]![k]! * q[b]![k]!;
          }
          assert.ok(Math.abs(dot - (a === b ? 4 : 0)) < 1e-10, `${rows}x${cols} (${a}, ${b}): ${dot}`);
        }
      }
    }
  });

  test('a seed fixes every random initialiser', () => {
    for (const init of [
      (gen: Generator) => xavierUniform([3, 4], 1, { generator: gen }),
      (gen: Generator) => kaimingNormal([3, 4], { generator: gen }),
      (gen: Generator) => orthogonal([3, 4], 1, { generator: gen }),
      (gen: Generator) => truncatedNormalInit([3, 4], 0, 1, -2, 2, { generator: gen }),
    ]) {
      assert.deepEqual(init(new Generator(5)).toArray(), init(new Generator(5)).toArray());
    }
  });

  test('bad arguments name the problem', () => {
    assert.throws(() => uniformInit([2], 1, 0), /high \(0\) must be ≥ low \(1\)/);
    assert.throws(() => normalInit([2], 0, -1), /std must be ≥ 0/);
    assert.throws(() => orthogonal([3]), /at least 2 dimensions/);
  });
});

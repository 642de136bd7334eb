import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { randomBlocksUsed } from '../../src/backends/contract.js';
import { mulHi32, normalDraws, philox4x32, philoxWords, uniformDraws } from '../../src/backends/js/philox.js';
import { js, values } from './js-helpers.js';

const hex = (words: Uint32Array): string[] => Array.from(words, (w) => w.toString(16).padStart(8, '0'));

function block(c: readonly number[], k: readonly number[]): string[] {
  const out = new Uint32Array(4);
  philox4x32(c[0]!, c[1]!, c[2]!, c[3]!, k[0]!, k[1]!, out, 0);
  return hex(out);
}

function meanVar(xs: ArrayLike<number>): [number, number] {
  let mean = 0;
  for (let i = 0; i < xs.length; i++) mean += xs[i]!;
  mean /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - mean) ** 2;
  return [mean, v / xs.length];
}

describe('philox4x32-10', () => {
  it('matches the Random123 known-answer vectors', () => {
    assert.deepEqual(block([0, 0, 0, 0], [0, 0]), ['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    const ones = 0xffffffff;
    assert.deepEqual(block([ones, ones, ones, ones], [ones, ones]), ['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
    assert.deepEqual(
      block([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]),
      ['d16cfe09', '94fdcceb', '5001e420', '24126ea1'],
    );
  });

  it('mulHi32 is the exact high word of the 64-bit product', () => {
    const cases = [
      [0, 0],
      [1, 0xffffffff],
      [0xffffffff, 0xffffffff],
      [0xd2511f53, 0x12345678],
      [0xcd9e8d57, 0x9abcdef0],
      [0x80000000, 0x80000000],
      [0x0000ffff, 0xffff0000],
    ] as const;
    for (const [a, b] of cases) {
      assert.equal(mulHi32(a, b), Number((BigInt(a) * BigInt(b)) >> 32n), `${a} × ${b}`);
    }
  });

  it('stream words come from blocks counter, counter+1, … with counter words [lo32, hi32, 0, 0]', () => {
    const key = [0x12345678, 0x9abcdef0] as const;
    const words = philoxWords({ key, counter: 7 }, 10);
    assert.equal(words.length, 10);
    assert.deepEqual(hex(words.subarray(0, 4)), block([7, 0, 0, 0], key));
    assert.deepEqual(hex(words.subarray(4, 8)), block([8, 0, 0, 0], key));
    assert.deepEqual(hex(words.subarray(8, 10)), block([9, 0, 0, 0], key).slice(0, 2));
    // A counter past 2³² carries into the second counter word.
    const high = philoxWords({ key, counter: 2 ** 32 + 5 }, 4);
    assert.deepEqual(hex(high), block([5, 1, 0, 0], key));
  });
});

describe('js backend: random', () => {
  const stream = { key: [42, 7] as const, counter: 3 };

  it('uniform float32 draw i is (word i >>> 8) · 2⁻²⁴', () => {
    const w = philoxWords(stream, 9);
    const out = js.random('uniform', 'float32', 9, stream);
    assert.equal(out.dtype, 'float32');
    assert.deepEqual(values(out), Array.from(w, (x) => (x >>> 8) * 2 ** -24));
  });

  it('uniform float64 draw i uses words 2i and 2i+1', () => {
    const w = philoxWords(stream, 10);
    const expected = Array.from({ length: 5 }, (_, i) => ((w[2 * i]! >>> 5) * 2 ** 26 + (w[2 * i + 1]! >>> 6)) * 2 ** -53);
    assert.deepEqual(values(js.random('uniform', 'float64', 5, stream)), expected);
  });

  it('normal draws are Box–Muller pairs of the uniform draws, rounded once to the dtype', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const u = uniformDraws(dtype, 6, stream);
      const expected: number[] = [];
      for (let k = 0; k < 3; k++) {
        const r = Math.sqrt(-2 * Math.log(1 - u[2 * k]!));
        expected.push(r * Math.cos(2 * Math.PI * u[2 * k + 1]!), r * Math.sin(2 * Math.PI * u[2 * k + 1]!));
      }
      const round = dtype === 'float32' ? Math.fround : (x: number) => x;
      assert.deepEqual(values(js.random('normal', dtype, 6, stream)), expected.map(round), dtype);
      // An odd size is the even one without its last sine.
      assert.deepEqual(values(js.random('normal', dtype, 5, stream)), expected.slice(0, 5).map(round));
    }
  });

  it('is deterministic, and advancing the counter by randomBlocksUsed continues the stream', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const dist of ['uniform', 'normal'] as const) {
        const first = values(js.random(dist, dtype, 6, stream));
        assert.deepEqual(values(js.random(dist, dtype, 6, stream)), first);
        const blocks = randomBlocksUsed(dist, dtype, 4);
        const whole = values(js.random(dist, dtype, 4 + 8, stream));
        const next = values(js.random(dist, dtype, 8, { key: stream.key, counter: stream.counter + blocks }));
        assert.deepEqual(whole.slice(4), next, `${dist} ${dtype}`);
      }
    }
  });

  it('different keys give different streams', () => {
    const a = values(js.random('uniform', 'float32', 4, { key: [1, 0], counter: 0 }));
    const b = values(js.random('uniform', 'float32', 4, { key: [2, 0], counter: 0 }));
    assert.notDeepEqual(a, b);
  });

  it('uniform has mean 1/2 and variance 1/12 over 1e5 draws, inside [0, 1)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const u = js.readSync(js.random('uniform', dtype, 100_000, { key: [123, 456], counter: 0 }));
      const [mean, variance] = meanVar(u);
      // Standard errors: mean ≈ 0.0009, variance ≈ 0.0003; allow ~5σ.
      assert.ok(Math.abs(mean - 0.5) < 0.005, `${dtype} mean ${mean}`);
      assert.ok(Math.abs(variance - 1 / 12) < 0.0015, `${dtype} variance ${variance}`);
      assert.ok(u.every((x) => x >= 0 && x < 1));
    }
  });

  it('normal has mean 0 and variance 1 over 1e5 draws', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const z = js.readSync(js.random('normal', dtype, 100_000, { key: [9, 9], counter: 11 }));
      const [mean, variance] = meanVar(z);
      assert.ok(Math.abs(mean) < 0.02, `${dtype} mean ${mean}`);
      assert.ok(Math.abs(variance - 1) < 0.03, `${dtype} variance ${variance}`);
      assert.ok(z.every((x) => Number.isFinite(x)));
    }
  });

  it('draws nothing for size 0', () => {
    assert.equal(js.random('normal', 'float32', 0, stream).size, 0);
    assert.equal(js.random('uniform', 'float64', 0, stream).size, 0);
    assert.equal(normalDraws('float64', 0, stream).length, 0);
  });
});

/**
 * Random numbers: the same seed gives the same numbers, generators are independent, their state can
 * be saved and restored, the stream follows the kernel contract's Philox recipe, and rand / randn /
 * randint have the right ranges and moments.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as S from '../../src/index.js';
import { valuesOf } from './assert-close.js';
import { title } from './backend-under-test.js';
import { philoxBlock, refUniform } from './reference.js';

let cases = 0;
const g = (seed: number): S.Generator => new S.Generator(seed);

function moments(v: readonly number[]): { mean: number; variance: number; skew: number } {
  const n = v.length;
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
  const skew = v.reduce((s, x) => s + (x - mean) ** 3, 0) / n / variance ** 1.5;
  return { mean, variance, skew };
}

describe(title('random: reproducibility'), () => {
  it('the same seed gives the same numbers; another seed gives others', () => {
    for (const draw of [
      (gen: S.Generator) => S.rand([50], { generator: gen }),
      (gen: S.Generator) => S.randn([50], { generator: gen, dtype: 'float64' }),
      (gen: S.Generator) => S.randint(0, 1000, [50], { generator: gen }),
    ]) {
      assert.deepEqual(valuesOf(draw(g(42))), valuesOf(draw(g(42))));
      assert.notDeepEqual(valuesOf(draw(g(42))), valuesOf(draw(g(43))));
      cases++;
    }
  });
  it('consecutive draws from one generator differ', () => {
    const gen = g(1);
    assert.notDeepEqual(valuesOf(S.rand([8], { generator: gen })), valuesOf(S.rand([8], { generator: gen })));
    cases++;
  });
  it('manualSeed resets the default generator', () => {
    S.manualSeed(123);
    const a = valuesOf(S.randn([10]));
    S.manualSeed(123);
    assert.deepEqual(valuesOf(S.randn([10])), a);
    assert.deepEqual(S.defaultGenerator.getState().seed, 123);
    cases++;
  });
  it('Generator.manualSeed restarts a generator\'s stream', () => {
    const gen = g(5);
    const a = valuesOf(S.rand([6], { generator: gen }));
    gen.manualSeed(5);
    assert.deepEqual(valuesOf(S.rand([6], { generator: gen })), a);
    cases++;
  });
  it('drawing from one generator does not move another or the default one', () => {
    S.manualSeed(7);
    const expected = valuesOf(S.rand([5], { generator: g(9) }));
    const other = g(9);
    const side = g(10);
    S.rand([100], { generator: side });
    S.rand([100]);
    assert.deepEqual(valuesOf(S.rand([5], { generator: other })), expected);
    S.manualSeed(7);
    const fresh = valuesOf(S.rand([3]));
    S.manualSeed(7);
    S.rand([10], { generator: side });
    assert.deepEqual(valuesOf(S.rand([3])), fresh);
    cases++;
  });
});

describe(title('random: generator state'), () => {
  it('getState / setState replays the stream from a saved point', () => {
    const gen = g(2024);
    S.randn([7], { generator: gen });
    const saved = gen.getState();
    const a = valuesOf(S.randn([9], { generator: gen }));
    const b = valuesOf(S.rand([4], { generator: gen, dtype: 'float64' }));
    gen.setState(saved);
    assert.deepEqual(valuesOf(S.randn([9], { generator: gen })), a);
    assert.deepEqual(valuesOf(S.rand([4], { generator: gen, dtype: 'float64' })), b);
    cases++;
  });
  it('a state restored into a different generator continues the same stream', () => {
    const gen = g(77);
    S.rand([13], { generator: gen });
    const saved = gen.getState();
    const next = valuesOf(S.rand([5], { generator: gen }));
    assert.deepEqual(valuesOf(S.rand([5], { generator: g(0).setState(saved) })), next);
    cases++;
  });
  it('the state is plain data that survives JSON', () => {
    const gen = g(3);
    S.rand([5], { generator: gen });
    const state = JSON.parse(JSON.stringify(gen.getState())) as S.GeneratorState;
    assert.deepEqual(state, gen.getState());
    assert.ok(state.counter > 0, 'the counter advanced');
    cases++;
  });
  it('the counter advances by the Philox blocks a draw uses (4 float32 uniforms per block)', () => {
    const gen = g(1);
    S.rand([5], { generator: gen });
    assert.equal(gen.getState().counter, 2);
    S.rand([3], { generator: gen, dtype: 'float64' });
    assert.equal(gen.getState().counter, 2 + 2);
    S.randn([3], { generator: gen });
    assert.equal(gen.getState().counter, 4 + 1);
    cases++;
  });
});

describe(title('random: the contract\'s stream'), () => {
  it('Philox4x32-10 reference matches the Random123 known answer', () => {
    assert.deepEqual(philoxBlock([0, 0, 0, 0], [0, 0]).map((w) => w.toString(16)), ['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    assert.deepEqual(
      philoxBlock([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff]).map((w) => w.toString(16)),
      ['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd'],
    );
    cases++;
  });
  it('rand draws are exactly the contract\'s uniforms from seed and counter', () => {
    assert.deepEqual(valuesOf(S.rand([9], { generator: g(31337) })), refUniform(31337, 0, 9, 'float32'));
    assert.deepEqual(valuesOf(S.rand([3], { generator: g(2 ** 33 + 5), dtype: 'float64' })), refUniform(2 ** 33 + 5, 0, 3, 'float64'));
    cases++;
  });
});

describe(title('random: ranges and moments'), () => {
  const N = 20000;
  it('rand is in [0, 1) with mean 1/2 and variance 1/12', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const v = valuesOf(S.rand([N], { generator: g(11), dtype }));
      assert.ok(v.every((x) => x >= 0 && x < 1), 'range');
      const { mean, variance } = moments(v);
      assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(1 / 12 / N), `mean ${mean}`);
      assert.ok(Math.abs(variance - 1 / 12) < 0.005, `variance ${variance}`);
      cases++;
    }
  });
  it('randn has mean 0, variance 1, no skew, and 68.3% within one sigma', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const v = valuesOf(S.randn([N], { generator: g(12), dtype }));
      assert.ok(v.every((x) => Number.isFinite(x)), 'finite');
      const { mean, variance, skew } = moments(v);
      assert.ok(Math.abs(mean) < 5 / Math.sqrt(N), `mean ${mean}`);
      assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
      assert.ok(Math.abs(skew) < 0.1, `skew ${skew}`);
      const within = v.filter((x) => Math.abs(x) < 1).length / N;
      assert.ok(Math.abs(within - 0.6827) < 0.02, `within one sigma ${within}`);
      cases++;
    }
  });
  it('randint stays in [low, high), hits every value, and is roughly uniform (chi-square)', () => {
    const v = valuesOf(S.randint(-3, 4, [7000], { generator: g(13) }));
    assert.ok(v.every((x) => Number.isInteger(x) && x >= -3 && x < 4), 'range');
    const counts = new Array<number>(7).fill(0);
    for (const x of v) counts[x + 3]!++;
    assert.ok(counts.every((c) => c > 0), 'every value appears');
    const chi2 = counts.reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    assert.ok(chi2 < 22.46, `chi-square ${chi2} (6 degrees of freedom, p = 0.001)`);
    cases++;
  });
  it('randint covers the whole int32 range without overflow', () => {
    const v = valuesOf(S.randint(-(2 ** 31), 2 ** 31 - 1, [1000], { generator: g(14) }));
    assert.ok(v.every((x) => x >= -(2 ** 31) && x < 2 ** 31 - 1));
    assert.ok(v.some((x) => x < -(2 ** 30)) && v.some((x) => x > 2 ** 30), 'both tails reached');
    cases++;
  });
  it('rand, randn and randint give float32, float32 and int32 by default and honour dtype', () => {
    assert.equal(S.rand([1]).dtype, 'float32');
    assert.equal(S.randn([1]).dtype, 'float32');
    assert.equal(S.randint(0, 2, [1]).dtype, 'int32');
    assert.equal(S.randn([1], { dtype: 'float64' }).dtype, 'float64');
    assert.equal(S.randint(0, 2, [1], { dtype: 'float32' }).dtype, 'float32');
    assert.equal(S.randn([2], { requiresGrad: true }).requiresGrad, true);
    cases++;
  });
});

describe(title('random suite'), () => {
  it('ran more than 0 cases', () => assert.ok(cases > 0));
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, gridConfigs, hp, resolveSearchSpace, sampleConfig, type SearchSpace, ValueError } from '../../src/index.js';

const bad: [string, SearchSpace, RegExp][] = [
  ['an empty space', {}, /space has no settings/],
  ['an empty choice', { batchSize: [] }, /'batchSize': a choice needs at least one value/],
  ['a reversed range', { dropout: hp.uniform(0.5, 0) }, /'dropout': low must not exceed high, got low 0.5, high 0/],
  ['a log range reaching 0', { learningRate: hp.logUniform(0, 0.1) }, /'learningRate': a log-scale range needs low > 0/],
  ['a non-finite bound', { dropout: hp.uniform(0, Infinity) }, /'dropout': low and high must be finite numbers/],
  ['non-integer bounds of an integer range', { units: hp.int(1.5, 8) }, /'units': an integer range needs integer bounds/],
  ['a zero step', { units: hp.int(16, 256, { step: 0 }) }, /'units': step must be a positive integer/],
  ['a stepped log integer range', { units: hp.int(16, 256, { step: 16, log: true }) }, /'units': a log-scale integer range takes step 1/],
  ['a NaN choice', { units: [16, NaN] }, /'units': choice 1 must be a finite number/],
  ['an unknown entry', { units: { low: 1, high: 2 } as never }, /'units' must be a value, an array of choices, or hp\.choice/],
];

describe('search spaces', () => {
  for (const [what, space, message] of bad) {
    test(`refuses ${what}, naming the setting`, () => {
      assert.throws(() => resolveSearchSpace('randomSearch', space), (e: unknown) => e instanceof ValueError && message.test(e.message));
    });
  }

  test('a bare array is a choice and a bare value a fixed setting', () => {
    assert.deepEqual(resolveSearchSpace('op', { batchSize: [32, 64], activation: 'relu', epochs: 5 }), [
      ['batchSize', { kind: 'choice', values: [32, 64] }],
      ['activation', { kind: 'choice', values: ['relu'] }],
      ['epochs', { kind: 'choice', values: [5] }],
    ]);
  });
});

describe('gridConfigs', () => {
  test('enumerates exactly the Cartesian product, first setting slowest', () => {
    const configs = gridConfigs({ hiddenLayers: [1, 2, 3], activation: ['relu', 'tanh'], units: hp.int(16, 64, { step: 16 }) });
    assert.equal(configs.length, 3 * 2 * 4);
    assert.equal(new Set(configs.map((c) => JSON.stringify(c))).size, configs.length, 'no duplicates');
    for (const h of [1, 2, 3]) for (const a of ['relu', 'tanh']) for (const u of [16, 32, 48, 64]) {
      assert.ok(configs.some((c) => c['hiddenLayers'] === h && c['activation'] === a && c['units'] === u), `${h} ${a} ${u}`);
    }
    assert.deepEqual(configs[0], { hiddenLayers: 1, activation: 'relu', units: 16 });
    assert.deepEqual(configs[1], { hiddenLayers: 1, activation: 'relu', units: 32 });
    assert.deepEqual(configs.at(-1), { hiddenLayers: 3, activation: 'tanh', units: 64 });
  });

  test('refuses a continuous range without grid points, with a clear message', () => {
    assert.throws(
      () => gridConfigs({ learningRate: hp.logUniform(1e-4, 1e-1), batchSize: [32, 64] }),
      (e: unknown) => e instanceof ValueError && /'learningRate' is a continuous range \[0\.0001, 0\.1\]; a grid needs a list of values or gridPoints/.test(e.message),
    );
  });

  test('gridPoints space float ranges evenly, log ranges geometrically, and thin integer ranges', () => {
    const configs = gridConfigs(
      { learningRate: hp.logUniform(1e-4, 1e-1), dropout: hp.uniform(0, 0.5), units: hp.int(16, 256) },
      { gridPoints: { learningRate: 4, dropout: 3, units: 3 } },
    );
    assert.equal(configs.length, 4 * 3 * 3);
    const values = (name: string): number[] => [...new Set(configs.map((c) => c[name] as number))];
    values('learningRate').forEach((v, i) => assert.ok(Math.abs(Math.log10(v) - (-4 + i)) < 1e-12, `learningRate ${v}`));
    assert.deepEqual(values('dropout'), [0, 0.25, 0.5]);
    assert.deepEqual(values('units'), [16, 136, 256]);
    assert.deepEqual(gridConfigs({ units: hp.int(10, 20, { step: 5 }) }), [{ units: 10 }, { units: 15 }, { units: 20 }]);
    assert.throws(() => gridConfigs({ dropout: hp.uniform(0, 1) }, { gridPoints: 0 }), /gridPoints for 'dropout' must be a positive integer/);
  });
});

describe('sampleConfig', () => {
  const space = {
    learningRate: hp.logUniform(1e-4, 1e-1),
    dropout: hp.uniform(0, 0.5),
    units: hp.int(16, 256),
    width: hp.int(1, 1000, { log: true }),
    batchSize: [32, 64, 128],
  };
  const draws = (seed: number, n: number): Record<string, number>[] => {
    const g = new Generator(seed);
    return Array.from({ length: n }, () => sampleConfig(space, g) as Record<string, number>);
  };

  test('is reproducible for a seed and differs between seeds', () => {
    assert.deepEqual(draws(7, 20), draws(7, 20));
    assert.notDeepEqual(draws(7, 20), draws(8, 20));
  });

  test('respects ranges, log scales and choice frequencies (2000 draws, fixed seed)', () => {
    const samples = draws(1, 2000);
    const column = (name: string): number[] => samples.map((s) => s[name]!);
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    const share = (v: number[], p: (x: number) => boolean): number => v.filter(p).length / v.length;

    const lr = column('learningRate');
    assert.ok(lr.every((v) => v >= 1e-4 && v <= 1e-1));
    // Log-uniform: each decade gets a third, and log10 averages −2.5 (a uniform draw would put 90 % above 1e-2).
    for (const [lo, hi] of [[1e-4, 1e-3], [1e-3, 1e-2], [1e-2, 1e-1]] as const) {
      const s = share(lr, (v) => v >= lo && v < hi);
      assert.ok(Math.abs(s - 1 / 3) < 0.04, `decade [${lo}, ${hi}): ${s}`);
    }
    assert.ok(Math.abs(mean(lr.map(Math.log10)) + 2.5) < 0.05, `mean log10 ${mean(lr.map(Math.log10))}`);

    const dropout = column('dropout');
    assert.ok(dropout.every((v) => v >= 0 && v <= 0.5));
    assert.ok(Math.abs(mean(dropout) - 0.25) < 0.015, `dropout mean ${mean(dropout)}`);
    assert.ok(Math.abs(share(dropout, (v) => v < 0.1) - 0.2) < 0.03);

    const units = column('units');
    assert.ok(units.every((v) => Number.isInteger(v) && v >= 16 && v <= 256));
    assert.equal(Math.min(...units), 16, 'the low end is reachable');
    assert.equal(Math.max(...units), 256, 'the high end is included');
    assert.ok(Math.abs(mean(units) - 136) < 5, `units mean ${mean(units)}`);

    const width = column('width');
    assert.ok(width.every((v) => Number.isInteger(v) && v >= 1 && v <= 1000));
    const small = share(width, (v) => v <= 10);
    assert.ok(Math.abs(small - Math.log(11) / Math.log(1001)) < 0.04, `log-int share ≤ 10: ${small}`);

    const batch = column('batchSize');
    for (const b of [32, 64, 128]) assert.ok(Math.abs(share(batch, (v) => v === b) - 1 / 3) < 0.04, `batchSize ${b}`);
  });
});

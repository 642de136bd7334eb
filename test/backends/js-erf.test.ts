import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { erf } from '../../src/backends/js/erf.js';

/** Reference values from mpmath at 40 digits, rounded to the nearest double. */
const REFERENCE: readonly (readonly [number, number])[] = [
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [2, 0.9953222650189527],
  [3.5, 0.9999992569016276],
  [-1, -0.8427007929497149],
  [1e-8, 1.1283791670955126e-8],
  [0.01, 0.011283415555849616],
  [0.3, 0.32862675945912745],
  [1.7, 0.9837904585907745],
  [2.5, 0.999593047982555],
  // Both sides of the switch from the series to the continued fraction at 3.
  [2.95, 0.9999697969579359],
  [3, 0.9999779095030014],
  [3.05, 0.9999839201742399],
  [4.2, 0.9999999971445058],
  [5.5, 0.9999999999999927],
  [5.95, 1],
];

describe('erf', () => {
  it('matches high-precision values to 1e-14 relative', () => {
    for (const [x, expected] of REFERENCE) {
      const got = erf(x);
      assert.ok(Math.abs(got - expected) <= 1e-14 * Math.abs(expected), `erf(${x}) = ${got}, expected ${expected}`);
    }
  });

  it('is odd', () => {
    for (const x of [0.1, 0.9, 2.2, 3.3, 4.4, 7]) assert.equal(erf(-x), -erf(x));
  });

  it('handles special values: NaN, ±∞, ±0 and the saturated tail', () => {
    assert.ok(Number.isNaN(erf(NaN)));
    assert.equal(erf(Infinity), 1);
    assert.equal(erf(-Infinity), -1);
    assert.ok(Object.is(erf(0), 0));
    assert.ok(Object.is(erf(-0), -0));
    assert.equal(erf(6), 1);
    assert.equal(erf(-30), -1);
    assert.equal(erf(1e-300), 1e-300 * (2 / Math.sqrt(Math.PI)));
  });

  it('is monotone across the method switches', () => {
    let previous = erf(2.9);
    for (let x = 2.9; x < 6.1; x += 0.001) {
      const y = erf(x);
      assert.ok(y >= previous, `erf not monotone at ${x}`);
      previous = y;
    }
  });
});

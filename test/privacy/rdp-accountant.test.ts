/**
 * The accountant against published values. References (each the tool's own test or documentation):
 * - TensorFlow Privacy, `compute_dp_sgd_privacy_lib_test.py`: (n 60,000, batch 150, σ 1.3, 15 epochs,
 *   δ 1e-5) → ε 0.7242234026109595 at order 19; (n 100,000, batch 100, σ 1.0, 30 epochs, δ 1e-7) →
 *   ε 1.4154988495444845 at order 13. Both use the improved conversion (dp_accounting's RdpAccountant).
 * - Opacus, `opacus/tests/accountants_test.py`: σ 1.5, q 0.04, 2,250 steps, δ 1e-5 → ε 7.32911117143
 *   (a fractional best order, so the erfc series is exercised); get_noise_multiplier(ε 8, δ 1e-5,
 *   q 0.04, 90 epochs) → 1.425307617 (Opacus stops within 0.01 of the target ε, so 2 %).
 * - TensorFlow Privacy's MNIST tutorial (tutorials/README.md): σ 1.1, batch 256, n 60,000, 60 epochs,
 *   δ 1e-5 → ε 3.01, and σ 0.7, 45 epochs → ε 7.10. Those figures predate the improved conversion:
 *   they match `conversion: 'classic'`; the improved bound gives a smaller ε for the same run.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeRdp, DEFAULT_RDP_ORDERS, epsilonForPlan, findNoiseMultiplier, RdpAccountant, rdpToEpsilon, ValueError } from '../../src/index.js';

function assertWithin(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} vs ${expected} (tolerance ${relative * 100} %)`);
}

describe('RDP accountant', () => {
  test('the default orders are the TF Privacy / Opacus list: 1.1 … 10.9 and 12 … 63', () => {
    assert.equal(DEFAULT_RDP_ORDERS.length, 151);
    assert.deepEqual(DEFAULT_RDP_ORDERS.slice(0, 3), [1.1, 1.2, 1.3]);
    assert.deepEqual(DEFAULT_RDP_ORDERS.slice(97, 101), [10.8, 10.9, 12, 13]);
    assert.equal(DEFAULT_RDP_ORDERS[150], 63);
  });

  test('matches TensorFlow Privacy compute_dp_sgd_privacy test values (improved conversion)', () => {
    const a = new RdpAccountant();
    a.step(1.3, 150 / 60000, Math.ceil((15 * 60000) / 150));
    const first = a.getPrivacySpent(1e-5);
    assertWithin(first.epsilon, 0.7242234026109595, 1e-6, 'n 60000, batch 150, σ 1.3, 15 epochs');
    assert.equal(first.order, 19);
    assertWithin(epsilonForPlan({ samples: 100000, batchSize: 100, epochs: 30 }, 1.0, 1e-7), 1.4154988495444845, 1e-6, 'n 100000, batch 100, σ 1.0, 30 epochs');
  });

  test('matches Opacus RDPAccountant for σ 1.5, q 0.04, 2,250 steps (one step at a time)', () => {
    const a = new RdpAccountant();
    for (let i = 0; i < 2250; i++) a.step(1.5, 0.04);
    assert.equal(a.steps, 2250);
    assertWithin(a.getEpsilon(1e-5), 7.32911117143, 1e-6, 'Opacus accountants_test');
  });

  test('MNIST DP-SGD (σ 1.1, batch 256, n 60,000, 60 epochs, δ 1e-5): ε ≈ 3.01 as TF Privacy published (classic conversion), less with the improved one', () => {
    const plan = { samples: 60000, batchSize: 256, epochs: 60 };
    const classic = epsilonForPlan(plan, 1.1, 1e-5, { conversion: 'classic' });
    assertWithin(classic, 3.01, 0.02, 'classic conversion');
    assertWithin(epsilonForPlan({ ...plan, epochs: 45 }, 0.7, 1e-5, { conversion: 'classic' }), 7.1, 0.02, 'σ 0.7, 45 epochs');
    const improved = epsilonForPlan(plan, 1.1, 1e-5);
    assert.ok(improved < classic && improved > 0.8 * classic, `improved ${improved} should be a little below classic ${classic}`);
  });

  test('solves for the noise multiplier: Opacus get_noise_multiplier(ε 8, δ 1e-5, q 0.04, 90 epochs) ≈ 1.4253', () => {
    const plan = { samples: 100, batchSize: 4, epochs: 90 };
    const sigma = findNoiseMultiplier(8, 1e-5, plan);
    assertWithin(sigma, 1.425307617, 0.02, 'noise multiplier');
    const reached = epsilonForPlan(plan, sigma, 1e-5);
    assert.ok(reached <= 8 && reached > 7.95, `ε at the solved σ: ${reached}`);
    assert.throws(() => findNoiseMultiplier(0, 1e-5, plan), ValueError);
  });

  test('full sampling is the Gaussian mechanism: RDP = α·steps / (2σ²); no noise gives ε = ∞', () => {
    const orders = [2, 3.5, 10];
    assert.deepEqual(computeRdp(1, 2, 5, orders), orders.map((a) => (5 * a) / 8));
    assert.equal(epsilonForPlan({ samples: 10, batchSize: 1, epochs: 1 }, 0, 1e-5), Infinity);
    assert.equal(rdpToEpsilon([2, 3], [0, 0], 0.5).epsilon, 0);
  });

  test('ε grows with steps and sampling rate and falls with noise', () => {
    const eps = (sigma: number, batch: number, epochs: number): number => epsilonForPlan({ samples: 10000, batchSize: batch, epochs }, sigma, 1e-5);
    assert.ok(eps(1, 100, 2) < eps(1, 100, 4));
    assert.ok(eps(1, 100, 2) < eps(1, 200, 2));
    assert.ok(eps(2, 100, 2) < eps(1, 100, 2));
  });

  test('bad arguments name the argument', () => {
    assert.throws(() => computeRdp(1.5, 1, 1, [2]), /sampleRate must be in \[0, 1\], got 1.5/);
    assert.throws(() => rdpToEpsilon([2], [1], 0), /delta must be in \(0, 1\), got 0/);
    assert.throws(() => epsilonForPlan({ samples: 100, batchSize: 200, epochs: 1 }, 1, 1e-5), /batchSize must be an integer in \[1, 100\]/);
  });
});

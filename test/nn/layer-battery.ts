/**
 * The layer battery (modelled on Keras's run_layer_test and PyTorch's ModuleInfo): every layer is
 * built, called, counted, round-tripped through its state dict and its config, trained for one
 * step, and shown to leave memory where it found it. `layers.test.ts` runs it for every registered
 * layer type.
 */
import assert from 'node:assert/strict';
import {
  layerFromConfig,
  layerToConfig,
  memoryStats,
  type Module,
  mul,
  noGrad,
  randn,
  sum,
  type Tensor,
  Generator,
} from '../../src/index.js';

/** What the battery needs to know about one layer. */
export interface BatteryCase {
  /** The registered type name of the layer under test. */
  readonly type: string;
  /** A short description of the variant (options used). */
  readonly variant: string;
  /** Builds the layer; different seeds must give different parameters (for layers that have any). */
  readonly build: (generator: Generator) => Module;
  /** Example inputs for forward. */
  readonly inputs: (generator: Generator) => Tensor[];
  readonly expectedOutputShape: readonly number[];
  readonly expectedParameterCount: number;
}

function values(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

function assertClose(actual: Tensor, expected: Tensor, message: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${message}: shape`);
  const a = values(actual);
  const e = values(expected);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]!) <= 1e-6 * (1 + Math.abs(e[i]!)), `${message}: element ${i} is ${v}, expected ${e[i]}`));
}

/**
 * Collects garbage until at most `limit` buffers are live (or, with limit −1, until the count
 * holds steady), for at most 50 rounds. Finalisers run on
 * later turns of the event loop, and V8's background compiler can hold the last step's tensors for
 * a few collections more, so one round is not always enough; a real leak never gets under the limit.
 */
async function collectUntil(limit: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  assert.ok(gc !== undefined, 'run node with --expose-gc (npm test does)');
  let live = Infinity;
  let lowest = Infinity;
  let steady = 0;
  for (let round = 0; round < 50 && live > limit; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
    live = memoryStats().liveBuffers;
    // Without a limit to reach, stop once the count has held at its lowest for three rounds.
    steady = live < lowest ? 0 : steady + 1;
    lowest = Math.min(lowest, live);
    if (limit < 0 && steady >= 3) break;
  }
  return Math.min(live, lowest);
}

/** Runs every battery check on one case; throws an assertion error naming the failed check. */
export async function runLayerBattery(c: BatteryCase): Promise<void> {
  const name = `${c.type} (${c.variant})`;
  const layer = c.build(new Generator(1));
  assert.equal(layer.typeName, c.type, `${name}: typeName`);
  const inputs = c.inputs(new Generator(2));

  // Build and call; evaluation mode so stochastic layers are deterministic for the comparisons.
  layer.eval();
  const output = noGrad(() => layer.forward(...inputs));
  assert.deepEqual(output.shape, c.expectedOutputShape, `${name}: output shape`);
  assert.ok(values(output).every(Number.isFinite), `${name}: output must be finite`);
  assert.equal(layer.parameterCount(), c.expectedParameterCount, `${name}: parameter count`);

  // State-dict round trip into a differently initialised twin.
  const twin = c.build(new Generator(99));
  twin.eval();
  if (layer.parameterCount() > 0) {
    assert.notDeepEqual(values(noGrad(() => twin.forward(...inputs))), values(output), `${name}: different seeds should differ`);
  }
  twin.loadStateDict(layer.stateDict());
  assertClose(noGrad(() => twin.forward(...inputs)), output, `${name}: state-dict round trip`);

  // Config round trip through JSON text, as a saved model stores it.
  const config = layerToConfig(layer);
  const rebuilt = layerFromConfig(JSON.parse(JSON.stringify(config)));
  assert.deepEqual(layerToConfig(rebuilt), config, `${name}: config round trip`);
  rebuilt.loadStateDict(layer.stateDict());
  rebuilt.eval();
  assertClose(noGrad(() => rebuilt.forward(...inputs)), output, `${name}: rebuilt from config`);

  // One training step: every parameter gets a finite gradient of its shape, and a small step
  // against it lowers a linear objective of the output.
  layer.train();
  const direction = randn(c.expectedOutputShape, { generator: new Generator(3) });
  // Float inputs take part too, so layers without parameters still pass a gradient through.
  const trainInputs = inputs.map((t) => (t.isFloatingPoint() ? t.detach().requiresGrad_() : t));
  const objective = (): Tensor => sum(mul(layer.forward(...trainInputs), direction));
  layer.eval();
  const before = noGrad(objective).item();
  objective().backward();
  for (const [pname, p] of layer.namedParameters()) {
    assert.ok(p.grad !== null, `${name}: parameter ${pname} got no gradient`);
    assert.deepEqual(p.grad.shape, p.shape, `${name}: gradient shape of ${pname}`);
    assert.ok(values(p.grad).every(Number.isFinite), `${name}: gradient of ${pname} must be finite`);
  }
  if (layer.parameterCount() > 0) {
    noGrad(() => {
      for (const p of layer.parameters()) p.sub_(mul(p.grad!, 1e-3));
    });
    const after = noGrad(objective).item();
    assert.ok(after < before, `${name}: one gradient step should lower the objective (${before} → ${after})`);
  }
  for (const [i, t] of trainInputs.entries()) {
    if (!t.requiresGrad) continue;
    assert.ok(t.grad !== null && values(t.grad).every(Number.isFinite), `${name}: input ${i} needs a finite gradient`);
    t.zeroGrad();
  }
  layer.zeroGrad();

  // Memory back to baseline: repeated training steps leave no buffers behind.
  layer.train();
  const step = (): void => {
    objective().backward();
    layer.zeroGrad();
    for (const t of trainInputs) t.zeroGrad();
  };
  step();
  const baseline = await collectUntil(-1);
  for (let i = 0; i < 20; i++) step();
  const after = await collectUntil(baseline + 2);
  assert.ok(after <= baseline + 2, `${name}: live buffers grew from ${baseline} to ${after}`);
}

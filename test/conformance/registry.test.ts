/**
 * The registry itself: one entry per public op, every entry carries the sample kinds it must
 * (scalar, empty, broadcasting, non-contiguous view) and each sample really is of the kinds it
 * claims, and the backend's exclusion list names only registry ops.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as Ops from '../../src/core/ops/index.js';
import { BACKEND, EXCLUSIONS, title } from './backend-under-test.js';
import { OP_REGISTRY, outputsOf, publicName, requiredKinds, rngFor, type Sample, type SampleKind } from './op-registry.js';

/** The ops the conformance suites must cover (the task's list plus the *Like and sumTo helpers). */
const REQUIRED_OPS = `neg abs exp log log1p sqrt rsqrt square sin cos tanh sigmoid relu leakyRelu gelu erf sign floor ceil
  round clip logicalNot isNaN isFinite isInf add sub mul div pow maximum minimum eq ne lt le gt ge logicalAnd logicalOr
  where sum mean max min prod variance std logsumexp argmax argmin matmul gather indexSelect scatterAdd oneHot softmax
  logSoftmax cumsum im2col col2im sort topk reshape transpose permute expand squeeze unsqueeze flatten narrow slice select flip
  contiguous clone cast concat stack split pad zeros ones full arange linspace eye rand randn randint tensor`
  .split(/\s+/)
  .filter((s) => s !== '');

/** Exported op functions deliberately tested outside the registry, with where. */
const COVERED_ELSEWHERE: Readonly<Record<string, string>> = {
  assign_: 'in place, not a pure op: views.test.ts and autograd.test.ts',
  adamUpdateFused: 'an optimiser kernel, not differentiable: test/optim/adam-update-fused.test.ts checks it bit for bit against the composite update on each backend, and the PyTorch fixtures run through it',
};

/** Names in an exclusion list that are not registry entries. */
export function unknownExclusions(exclusions: Readonly<Record<string, string>>, names: readonly string[]): string[] {
  return Object.keys(exclusions).filter((op) => !names.includes(op));
}

function sampleIsOfKind(sample: Sample, kind: SampleKind, takesTensor: boolean): boolean {
  const tensors = sample.inputs.map((i) => i.tensor);
  switch (kind) {
    case 'basic':
      return true;
    case 'scalar':
      return takesTensor ? tensors.some((t) => t.rank === 0) : outputsOf(sample.run([])).every((t) => t.rank === 0);
    case 'empty':
      return takesTensor ? tensors.some((t) => t.size === 0) : outputsOf(sample.run([])).every((t) => t.size === 0);
    case 'broadcast':
      return tensors.length >= 2 && tensors.some((t) => JSON.stringify(t.shape) !== JSON.stringify(tensors[0]!.shape));
    case 'noncontiguous':
      return tensors.some((t) => !t.isContiguous || t.strides.some((s) => s <= 0));
  }
}

describe(title('op registry'), () => {
  const names = OP_REGISTRY.map((o) => o.name);

  it('has no two entries with the same name', () => {
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  });

  it('has an entry for every required public op', () => {
    const covered = new Set(names.map(publicName));
    assert.deepEqual(REQUIRED_OPS.filter((op) => !covered.has(op)), []);
    assert.ok(OP_REGISTRY.length >= REQUIRED_OPS.length);
  });

  it('has an entry for every function exported by src/core/ops', () => {
    const covered = new Set(names.map(publicName));
    const exported = Object.entries(Ops)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k);
    assert.ok(exported.length > 50, `only ${exported.length} exported op functions found`);
    assert.deepEqual(exported.filter((op) => !covered.has(op) && COVERED_ELSEWHERE[op] === undefined), []);
  });

  for (const info of OP_REGISTRY) {
    it(`${info.name} covers its required sample kinds, and each sample is of the kinds it claims`, () => {
      assert.ok(info.domain.trim() !== '', 'domain is described');
      for (const [kind, reason] of Object.entries(info.exempt)) {
        assert.ok(typeof reason === 'string' && reason.trim().length > 10, `exemption from ${kind} needs a reason`);
      }
      for (const d of ['float32', 'float64'] as const) {
        assert.ok(info.tolerance[d].rtol >= 0 && info.tolerance[d].atol >= 0);
        const samples = info.samples(d, rngFor(info.name));
        const descriptions = samples.map((s) => s.description);
        assert.deepEqual(descriptions.filter((s, i) => descriptions.indexOf(s) !== i), [], 'sample descriptions are unique');
        for (const kind of requiredKinds(info)) {
          assert.ok(samples.some((s) => s.kinds.includes(kind)), `${info.name} (${d}) has no '${kind}' sample`);
        }
        for (const s of samples) {
          for (const kind of s.kinds) {
            assert.ok(sampleIsOfKind(s, kind, info.takesTensor), `${info.name}: sample '${s.description}' is not really '${kind}'`);
          }
          assert.ok(s.wrt.every((i) => i >= 0 && i < s.inputs.length && s.inputs[i]!.tensor.isFloatingPoint()));
        }
        if (info.differentiable && d === 'float64') {
          assert.ok(
            samples.some((s) => s.gradcheck === true && s.wrt.length > 0),
            `${info.name} is differentiable but no sample can be gradient-checked`,
          );
        }
      }
    });
  }

  it(`exclusions/${BACKEND}.json names only registry ops`, () => {
    assert.deepEqual(unknownExclusions(EXCLUSIONS, names), []);
  });

  it('an exclusion naming an op not in the registry is reported', () => {
    assert.deepEqual(unknownExclusions({ notAnOp: 'reason', relu: 'reason' }, names), ['notAnOp']);
  });

  it('covers more than 0 entries', () => {
    assert.ok(OP_REGISTRY.length > 0);
  });
});

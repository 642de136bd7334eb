/**
 * The optimiser registry the generic suites loop over (STYLE.md, "Registry-driven tests"): each
 * entry says how to build the optimiser from plain options and lists sample configurations that
 * together touch every option. A new optimiser is tested by adding one entry here.
 */
import type { Tensor } from '../../src/core/index.js';
import {
  Adagrad, type AdagradHyper, Adam, type AdamHyper, AdamW, type AdamWHyper, type BaseHyper, type Optimizer,
  type OptimizerParams, RMSprop, type RMSpropHyper, SGD, type SGDHyper, type SlotState,
} from '../../src/optim/index.js';

/** Any optimiser, seen through the base class. */
export type AnyOptimizer = Optimizer<BaseHyper, SlotState>;

/** Options as they come from JSON or a test table. */
export type PlainOptions = Readonly<Record<string, unknown>>;

/** A group as a test builds it: parameters and plain option overrides. */
export type PlainGroup = { readonly params: readonly Tensor[] } & PlainOptions;

export interface OptimizerEntry {
  readonly name: string;
  /** Builds the optimiser; options are trusted to fit (tests pass known names). */
  readonly create: (params: readonly Tensor[] | readonly PlainGroup[], options?: PlainOptions) => AnyOptimizer;
  /** Sample configurations: defaults and each option switched on at least once. */
  readonly configs: readonly PlainOptions[];
  /** Options with a negative/out-of-range value each, and the argument name the error must mention. */
  readonly invalid: readonly (readonly [PlainOptions, string])[];
}

function factory<H extends BaseHyper>(
  make: (params: OptimizerParams<H>, options: Partial<H>) => Optimizer<H, SlotState>,
): OptimizerEntry['create'] {
  return (params, options = {}) => make(params as OptimizerParams<H>, options as Partial<H>);
}

export const OPTIMIZERS: readonly OptimizerEntry[] = [
  {
    name: 'SGD',
    create: factory<SGDHyper>((p, o) => new SGD(p, o)),
    configs: [
      { lr: 0.05 },
      { lr: 0.02, momentum: 0.9 },
      { lr: 0.02, momentum: 0.9, dampening: 0.5 },
      { lr: 0.02, momentum: 0.9, nesterov: true, weightDecay: 0.01 },
    ],
    invalid: [
      [{ lr: -0.1 }, 'lr'],
      [{ momentum: -1 }, 'momentum'],
      [{ weightDecay: -1 }, 'weightDecay'],
      [{ nesterov: true }, 'nesterov'],
      [{ lr: Number.NaN }, 'lr'],
    ],
  },
  {
    name: 'Adam',
    create: factory<AdamHyper>((p, o) => new Adam(p, o)),
    configs: [{ lr: 0.05 }, { lr: 0.05, amsgrad: true }, { lr: 0.05, weightDecay: 0.01, betas: [0.8, 0.99], eps: 1e-6 }],
    invalid: [
      [{ lr: -1 }, 'lr'],
      [{ betas: [1, 0.999] }, 'betas[0]'],
      [{ betas: [0.9, -0.1] }, 'betas[1]'],
      [{ eps: -1e-8 }, 'eps'],
      [{ weightDecay: -0.1 }, 'weightDecay'],
    ],
  },
  {
    name: 'AdamW',
    create: factory<AdamWHyper>((p, o) => new AdamW(p, o)),
    configs: [{ lr: 0.05 }, { lr: 0.05, amsgrad: true, weightDecay: 0.1 }],
    invalid: [
      [{ lr: -1 }, 'lr'],
      [{ betas: [0.9, 1.5] }, 'betas[1]'],
      [{ weightDecay: -0.01 }, 'weightDecay'],
    ],
  },
  {
    name: 'RMSprop',
    create: factory<RMSpropHyper>((p, o) => new RMSprop(p, o)),
    configs: [{ lr: 0.01 }, { lr: 0.01, centered: true }, { lr: 0.005, momentum: 0.9, weightDecay: 0.01, alpha: 0.9 }],
    invalid: [
      [{ lr: -1 }, 'lr'],
      [{ alpha: -0.5 }, 'alpha'],
      [{ eps: -1 }, 'eps'],
      [{ momentum: -0.9 }, 'momentum'],
    ],
  },
  {
    name: 'Adagrad',
    create: factory<AdagradHyper>((p, o) => new Adagrad(p, o)),
    configs: [{ lr: 0.1 }, { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1, weightDecay: 0.01 }],
    invalid: [
      [{ lr: -1 }, 'lr'],
      [{ lrDecay: -0.1 }, 'lrDecay'],
      [{ initialAccumulatorValue: -1 }, 'initialAccumulatorValue'],
      [{ eps: -1 }, 'eps'],
    ],
  },
];

/** The registry entry for `name`. */
export function optimizerEntry(name: string): OptimizerEntry {
  const entry = OPTIMIZERS.find((e) => e.name === name);
  if (entry === undefined) throw new Error(`no optimiser '${name}' in the test registry`);
  return entry;
}

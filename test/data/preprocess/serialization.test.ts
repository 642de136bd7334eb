/**
 * toJSON / fromJSON: every step and the pipeline restore exactly (same JSON, same outputs), and
 * corrupted JSON is a ModelFormatError that names the problem — never a crash or a wrong model.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  booleanColumn,
  categoricalColumn,
  DropDuplicates,
  DropMissingRows,
  Imputer,
  LabelEncoder,
  MinMaxScaler,
  MissingIndicator,
  ModelFormatError,
  numericColumn,
  OneHotEncoder,
  OrdinalEncoder,
  OutlierClipper,
  Pipeline,
  RobustScaler,
  StandardScaler,
  stepFromJSON,
  Table,
  TextNormalizer,
  textColumn,
  TfidfVectorizer,
  type PreprocessStep,
} from '../../../src/index.js';

const table = Table.fromColumns([
  numericColumn('age', [20, 31.5, null, 40, 1e6, 22]),
  categoricalColumn('plan', ['free', 'pro', 'pro', null, 'team', 'free']),
  booleanColumn('paid', [true, false, null, true, true, false]),
  textColumn('note', ['Late delivery!', null, 'great support', 'refund please', 'great app', 'late again']),
]);

const steps = (): PreprocessStep[] => [
  new Imputer({ strategy: 'median', addIndicator: true }),
  new Imputer({ strategy: 'constant', fillValue: 'none' }),
  new Imputer({ strategy: 'mostFrequent' }),
  new MissingIndicator({ features: 'all' }),
  new DropMissingRows({ columns: ['age'] }),
  new DropDuplicates(),
  new OutlierClipper({ method: 'zscore', threshold: 1.5 }),
  new OutlierClipper({ lower: 0.1, upper: 0.9 }),
  new StandardScaler({ withMean: false }),
  new MinMaxScaler({ featureRange: [-1, 1], clip: true }),
  new RobustScaler({ quantileRange: [10, 90] }),
  new OneHotEncoder({ handleUnknown: 'ignore' }),
  new OrdinalEncoder({ categories: { plan: ['free', 'pro', 'team'] }, unknownValue: -2 }),
  new TextNormalizer({ stripAccents: true, punctuation: 'space' }),
  new TfidfVectorizer({ ngramRange: [1, 2], sublinearTf: true, maxSize: 5 }),
];

const output = (step: PreprocessStep, t: Table): unknown => (step.output === 'matrix' ? [...step.transformToArray(t)] : [...step.transform(t).rows()]);

describe('round trips', () => {
  for (const step of steps()) {
    test(`${step.kind} restores from JSON text to the same JSON and the same output`, () => {
      const unfitted = stepFromJSON(JSON.parse(JSON.stringify(step)));
      assert.equal(unfitted.fitted, false);
      assert.deepEqual(unfitted.toJSON(), step.toJSON());
      step.fit(table);
      const restored = stepFromJSON(JSON.parse(JSON.stringify(step)));
      assert.equal(restored.kind, step.kind);
      assert.ok(restored.fitted);
      assert.deepEqual(restored.toJSON(), step.toJSON());
      assert.deepEqual(output(restored, table), output(step, table));
    });
  }

  test('LabelEncoder restores its classes', () => {
    const enc = new LabelEncoder().fit(categoricalColumn('y', ['b', 'a', 'c']));
    assert.deepEqual(LabelEncoder.fromJSON(JSON.parse(JSON.stringify(enc))).classes, ['a', 'b', 'c']);
  });

  test('float64 statistics survive JSON exactly', () => {
    const t = Table.fromColumns([numericColumn('x', [0.1, 0.2, 0.7, 1 / 3])]);
    const scaler = new StandardScaler().fit(t);
    const copy = StandardScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
    assert.deepEqual(copy.mean, scaler.mean);
    assert.deepEqual(copy.scale, scaler.scale);
  });
});

describe('corrupted JSON is a ModelFormatError', () => {
  const fitted = (): Record<string, unknown> => JSON.parse(JSON.stringify(new StandardScaler().fit(table))) as Record<string, unknown>;
  const cases: [string, (j: Record<string, unknown>) => unknown, RegExp][] = [
    ['not an object', () => 'scaler', /must be an object, got "scaler"/],
    ['an unknown kind', (j) => ({ ...j, kind: 'EvalStep' }), /kind 'EvalStep' is not a registered step/],
    ['a newer version', (j) => ({ ...j, version: 2 }), /version must be an integer in \[1, 1\], got 2/],
    ['a missing state field', (j) => ({ ...j, state: { columns: ['age'], mean: [1] } }), /state.scale is missing/],
    ['a string for a number', (j) => ({ ...j, state: { columns: ['age'], mean: ['1'], scale: [1] } }), /state.mean\[0\] must be a finite number, got "1"/],
    ['a length mismatch', (j) => ({ ...j, state: { columns: ['age'], mean: [1, 2], scale: [1] } }), /state.mean must be an array of 1 numbers/],
    ['a zero scale', (j) => ({ ...j, state: { columns: ['age'], mean: [1], scale: [0] } }), /state.scale must be non-zero numbers/],
    ['a wrong option type', (j) => ({ ...j, options: { withMean: 'yes', withStd: true, columns: null } }), /options.withMean must be true or false/],
  ];
  for (const [what, corrupt, message] of cases) {
    test(what, () => {
      assert.throws(() => stepFromJSON(corrupt(fitted())), (e) => e instanceof ModelFormatError && message.test(e.message));
    });
  }

  test('options a constructor rejects become ModelFormatErrors', () => {
    const json = JSON.parse(JSON.stringify(new MinMaxScaler())) as { options: Record<string, unknown> };
    json.options['featureRange'] = [2, 1];
    assert.throws(() => stepFromJSON(json), (e) => e instanceof ModelFormatError && /options must be valid options \(MinMaxScaler: featureRange/.test(e.message));
  });

  test('pipelines: invalid text, a wrong format tag, a corrupted step inside, inconsistent widths', () => {
    const pipeline = new Pipeline({
      target: 'paid',
      task: 'classification',
      clean: [new DropMissingRows({ columns: ['paid'] })],
      branches: [{ name: 'numeric', columns: ['age'], steps: [new Imputer({ strategy: 'median' }), new StandardScaler()] }],
    }).fit(table);
    const text = JSON.stringify(pipeline);
    assert.deepEqual(Pipeline.fromJSON(text).toJSON(), pipeline.toJSON());
    assert.throws(() => Pipeline.fromJSON(text.slice(0, text.length / 2)), (e) => e instanceof ModelFormatError && /not valid JSON/.test(e.message));
    const json = (): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;
    assert.throws(() => Pipeline.fromJSON({ ...json(), format: 'pickle' }), /format must be 'sprout.pipeline'/);
    const broken = json() as { branches: { steps: { state: { mean: unknown } }[]; fitted: { featureNames: string[] } }[] };
    broken.branches[0]!.steps[1]!.state.mean = [null];
    assert.throws(() => Pipeline.fromJSON(broken), (e) => e instanceof ModelFormatError && /StandardScaler.fromJSON: state.mean\[0\] must be a finite number/.test(e.message));
    const noLabels = { ...json(), labels: null };
    assert.throws(() => Pipeline.fromJSON(noLabels), (e) => e instanceof ModelFormatError && /labels/.test(e.message));
    const unfittedStep = json() as { branches: { steps: { state: unknown }[] }[] };
    unfittedStep.branches[0]!.steps[0]!.state = null;
    assert.throws(() => Pipeline.fromJSON(unfittedStep), /steps must be fitted steps/);
  });
});

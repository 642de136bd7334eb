/**
 * Behaviour of the preprocessing steps beyond scikit-learn parity: unseen categories and missing
 * cells at prediction time (handled and counted), clear errors naming the column, outliers,
 * duplicates, row dropping, ordinal and label encoding, text normalisation and analyzers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  analyzeText,
  booleanColumn,
  categoricalColumn,
  DataError,
  DropDuplicates,
  DropMissingRows,
  Imputer,
  LabelEncoder,
  MinMaxScaler,
  MissingIndicator,
  normalizeText,
  numericColumn,
  OneHotEncoder,
  OrdinalEncoder,
  OutlierClipper,
  parseCsv,
  StandardScaler,
  Table,
  TextNormalizer,
  textColumn,
  TfidfVectorizer,
  TransformReport,
  ValueError,
  Vocabulary,
} from '../../../src/index.js';

const train = (): Table =>
  Table.fromColumns([
    numericColumn('age', [20, 30, null, 40, 50]),
    categoricalColumn('plan', ['free', 'pro', 'pro', null, 'team']),
    booleanColumn('paid', [true, false, null, true, true]),
    textColumn('note', ['late delivery', null, 'great support', 'refund please', 'great app']),
  ]);

describe('Imputer', () => {
  test('fills every type with its most frequent value and reports the missing cells filled', () => {
    const imp = new Imputer({ strategy: 'mostFrequent' }).fit(train());
    assert.deepEqual(imp.statistics, { age: 20, plan: 'pro', paid: true, note: 'great app' });
    const report = new TransformReport();
    const out = imp.transform(train(), report);
    assert.deepEqual(out.missingCounts(), { age: 0, plan: 0, paid: 0, note: 0 });
    assert.equal(out.cell(3, 'plan'), 'pro');
    assert.equal(report.count('missing'), 4);
    assert.equal(report.count('missing', 'age'), 1);
  });

  test('mean and median apply to numeric columns only; a typed constant to its type', () => {
    assert.deepEqual(new Imputer({ strategy: 'mean' }).fit(train()).columns, ['age']);
    assert.deepEqual(new Imputer({ strategy: 'constant', fillValue: 'unknown' }).fit(train()).columns, ['plan', 'note']);
    const filled = new Imputer({ strategy: 'constant', fillValue: 'unknown' }).fitTransform(train());
    const plan = filled.column('plan');
    assert.ok(plan.type === 'categorical');
    assert.deepEqual(plan.categories, ['free', 'pro', 'team', 'unknown']);
    assert.equal(filled.cell(3, 'plan'), 'unknown');
  });

  test('fills a missing cell met only at prediction time, with an indicator only for training-missing columns', () => {
    const imp = new Imputer({ strategy: 'median', addIndicator: true }).fit(Table.fromColumns([numericColumn('a', [1, 2, 3]), numericColumn('b', [1, null, 5])]));
    const out = imp.transform(Table.fromColumns([numericColumn('a', [null, 9]), numericColumn('b', [null, 2])]));
    assert.deepEqual(out.names, ['a', 'b', 'b_missing']);
    assert.deepEqual([...out.toTensor().dataSync()], [2, 3, 1, 9, 2, 0]);
  });

  test('an all-missing column is a DataError naming it; a bad option is a ValueError', () => {
    const t = Table.fromColumns([numericColumn('empty', [null, null])]);
    assert.throws(() => new Imputer({ strategy: 'median' }).fit(t), (e) => e instanceof DataError && /column 'empty' has no present value/.test(e.message));
    assert.throws(() => new Imputer({ strategy: 'average' as 'mean' }), ValueError);
    assert.throws(() => new Imputer({ strategy: 'mean', fillValue: 1 }), /only used with strategy 'constant'/);
    assert.throws(() => new Imputer({ strategy: 'mean' }).transform(t), /not fitted/);
  });

  test('a column renamed or re-typed at prediction time is a DataError naming it', () => {
    const imp = new Imputer({ strategy: 'median' }).fit(train());
    assert.throws(() => imp.transform(train().drop(['age'])), /Imputer.transform: the table has no column 'age' \(it was fitted on it\)/);
    const retyped = train().withColumn(categoricalColumn('age', ['a', 'b', 'c', 'd', 'e']));
    assert.throws(() => imp.transform(retyped), /column 'age' is categorical; expected numeric as when fitted/);
  });
});

describe('MissingIndicator and DropMissingRows', () => {
  test("'missingOnly' indicates columns with training gaps; 'all' every column", () => {
    assert.deepEqual(new MissingIndicator().fit(train()).indicatorNames, ['age_missing', 'plan_missing', 'paid_missing', 'note_missing']);
    const t = Table.fromColumns([numericColumn('x', [1, null]), numericColumn('y', [1, 2])]);
    assert.deepEqual(new MissingIndicator().fitTransform(t).names, ['x', 'y', 'x_missing']);
    assert.deepEqual(new MissingIndicator({ features: 'all' }).fitTransform(t).names, ['x', 'y', 'x_missing', 'y_missing']);
  });

  test('DropMissingRows drops rows missing in the named columns and counts them', () => {
    const report = new TransformReport();
    const out = new DropMissingRows({ columns: ['age', 'plan'] }).fitTransform(train(), report);
    assert.equal(out.rowCount, 3);
    assert.deepEqual(report.toJSON(), { dropped: { age: 1, plan: 1 } });
    assert.equal(new DropMissingRows().fitTransform(train()).rowCount, 2);
    assert.throws(() => new DropMissingRows({ columns: ['nope'] }).fit(train()), /no column 'nope'/);
  });
});

describe('DropDuplicates', () => {
  test('keeps the first of equal rows; missing equals missing; a column subset defines duplicates', () => {
    const t = parseCsv('a,b\n1,x\n1,x\n2,\n2,\n1,y\n');
    const report = new TransformReport();
    const out = new DropDuplicates().fitTransform(t, report);
    assert.deepEqual([...out.rows()], [{ a: 1, b: 'x' }, { a: 2, b: null }, { a: 1, b: 'y' }]);
    assert.equal(report.count('dropped'), 2);
    assert.equal(new DropDuplicates({ columns: ['a'] }).fitTransform(t).rowCount, 2);
  });
});

describe('OutlierClipper', () => {
  const values = Array.from({ length: 101 }, (_, i) => i);
  const t = Table.fromColumns([numericColumn('x', [...values, null])]);

  test('quantile bounds interpolate like np.quantile and clip outliers, counting them', () => {
    const clipper = new OutlierClipper({ lower: 0.05, upper: 0.95 }).fit(t);
    assert.deepEqual(clipper.bounds, [[5, 95]]);
    const report = new TransformReport();
    const out = clipper.transform(Table.fromColumns([numericColumn('x', [-100, 50, 1000, null])]), report);
    assert.deepEqual([...(out.column('x') as { values: Float64Array }).values], [5, 50, 95, NaN]);
    assert.equal(report.count('clipped', 'x'), 2);
  });

  test('z-score bounds are mean ± threshold · population std', () => {
    const clipper = new OutlierClipper({ method: 'zscore', threshold: 2 }).fit(Table.fromColumns([numericColumn('x', [1, 3])]));
    assert.deepEqual(clipper.bounds, [[0, 4]]);
    assert.throws(() => new OutlierClipper({ lower: 0.9, upper: 0.1 }), ValueError);
  });
});

describe('scalers: edge cases', () => {
  test('constant columns scale to 0 instead of NaN; NaN passes through', () => {
    const t = Table.fromColumns([numericColumn('c', [3, 3, null])]);
    const out = new StandardScaler().fitTransform(t).column('c');
    assert.ok(out.type === 'numeric');
    assert.deepEqual([...out.values], [0, 0, NaN]);
    const mm = new MinMaxScaler({ clip: true }).fit(Table.fromColumns([numericColumn('c', [0, 10])]));
    assert.deepEqual([...(mm.transform(Table.fromColumns([numericColumn('c', [-5, 5, 20])])).column('c') as { values: Float64Array }).values], [0, 0.5, 1]);
  });

  test('infinite values and non-numeric named columns are DataErrors naming the column', () => {
    assert.throws(() => new StandardScaler().fit(Table.fromColumns([numericColumn('v', [1, Infinity])])), /column 'v' holds Infinity at row 1/);
    assert.throws(() => new StandardScaler({ columns: ['plan'] }).fit(train()), /column 'plan' is categorical; expected numeric/);
    assert.throws(() => new MinMaxScaler({ featureRange: [1, 0] }), ValueError);
  });
});

describe('encoders', () => {
  test('one-hot: unseen categories and missing cells go to the bucket and are counted', () => {
    const enc = new OneHotEncoder().fit(train());
    assert.deepEqual(enc.featureNames, ['plan=free', 'plan=pro', 'plan=team', 'plan=<unknown>', 'paid=false', 'paid=true', 'paid=<unknown>']);
    const report = new TransformReport();
    const out = enc.transform(Table.fromColumns([categoricalColumn('plan', ['enterprise', null, 'pro']), booleanColumn('paid', [true, true, false])]), report);
    assert.deepEqual(out.names.slice(0, 4), ['plan=free', 'plan=pro', 'plan=team', 'plan=<unknown>']);
    assert.deepEqual([...out.toTensor(['plan=<unknown>', 'plan=pro']).dataSync()], [1, 0, 1, 0, 0, 1]);
    assert.equal(report.count('unknown', 'plan'), 1);
    assert.equal(report.count('missing', 'plan'), 1);
    assert.deepEqual(report.lines(), ['plan: 1 unseen categories or terms (encoded as unknown)', 'plan: 1 missing cells (filled or encoded as missing)']);
  });

  test("one-hot 'error' names the column and the label", () => {
    const enc = new OneHotEncoder({ handleUnknown: 'error', columns: ['plan'] }).fit(train().filter((r) => r['plan'] !== null));
    assert.throws(() => enc.transform(Table.fromColumns([categoricalColumn('plan', ['gold'])])), (e) => e instanceof DataError && /column 'plan', row 0: 'gold' is not a training category/.test(e.message));
  });

  test('ordinal: fixed category order, unknown −1, missing NaN', () => {
    const t = Table.fromColumns([categoricalColumn('size', ['M', 'S', 'L', null])]);
    const enc = new OrdinalEncoder({ categories: { size: ['S', 'M', 'L'] } }).fit(t);
    const report = new TransformReport();
    const out = enc.transform(Table.fromColumns([categoricalColumn('size', ['L', 'XL', null, 'S'])]), report);
    assert.deepEqual([...(out.column('size') as { values: Float64Array }).values], [2, -1, NaN, 0]);
    assert.equal(report.count('unknown', 'size'), 1);
    assert.throws(() => new OrdinalEncoder({ categories: { size: ['S'] } }).fit(t), /column 'size' holds 'M', which is not in its categories/);
  });

  test('label encoder: sorted classes, round trip, unseen and missing targets are DataErrors', () => {
    const enc = new LabelEncoder().fit(categoricalColumn('y', ['cat', 'dog', 'cat', 'bird']));
    assert.deepEqual(enc.classes, ['bird', 'cat', 'dog']);
    assert.deepEqual([...enc.transform(categoricalColumn('y', ['dog', 'bird']))], [2, 0]);
    assert.deepEqual(enc.inverseTransform([1, 2]), ['cat', 'dog']);
    assert.throws(() => enc.transform(categoricalColumn('y', ['fish'])), /target column 'y', row 0: 'fish' is not one of the training classes/);
    assert.throws(() => enc.transform(categoricalColumn('y', ['cat', null])), /target column 'y' has 1 missing cells/);
    assert.throws(() => enc.inverseTransform([3]), ValueError);
    assert.deepEqual(new LabelEncoder().fit(booleanColumn('b', [true, false])).classes, ['false', 'true']);
  });
});

describe('text', () => {
  test('normalisation: NFKC, lower case, accents, punctuation and whitespace rules', () => {
    assert.equal(normalizeText('  Ｃafé —  GREAT!! ﬁne '), 'café — great!! fine');
    assert.equal(normalizeText('Café, great!', { stripAccents: true, punctuation: 'remove' }), 'cafe great');
    assert.equal(normalizeText('a-b/c', { punctuation: 'space' }), 'a b c');
    assert.equal(normalizeText('A\t\tB', { whitespace: 'keep', lowercase: false }), 'A\t\tB');
    assert.throws(() => normalizeText('x', { unicode: 'NFX' as 'NFC' }), ValueError);
    const step = new TextNormalizer({ punctuation: 'remove' }).fit(train());
    assert.equal(step.transform(Table.fromColumns([textColumn('note', ['Great, APP!', null])])).cell(0, 'note'), 'great app');
  });

  test('word and character n-grams follow scikit-learn analyzers', () => {
    assert.deepEqual(analyzeText('not good at all', { ngramRange: [1, 2] }), ['not', 'good', 'at', 'all', 'not good', 'good at', 'at all']);
    assert.deepEqual(analyzeText('a bb ccc'), ['bb', 'ccc'], 'one-letter tokens are dropped, as \\w\\w+');
    assert.deepEqual(analyzeText('hi you', { analyzer: 'charWb', ngramRange: [3, 3] }), [' hi', 'hi ', ' yo', 'you', 'ou ']);
    assert.deepEqual(analyzeText('abc', { analyzer: 'char', ngramRange: [2, 3] }), ['ab', 'bc', 'abc']);
    assert.deepEqual(analyzeText('日本語 ok', { ngramRange: [1, 1] }), ['日本語', 'ok']);
    assert.throws(() => analyzeText('x', { ngramRange: [2, 1] }), ValueError);
    assert.throws(() => analyzeText('x', { tokenPattern: 'a*' }), /matches the empty string/);
  });

  test('vocabulary: minimum document frequency, maximum size by frequency', () => {
    const docs = [['a', 'b', 'b'], ['b', 'c'], ['c', 'd'], ['b']];
    assert.deepEqual(Vocabulary.build(docs, { minFrequency: 2 }).terms, ['b', 'c']);
    const top = Vocabulary.build(docs, { maxSize: 2 });
    assert.deepEqual(top.terms, ['b', 'c']);
    assert.equal(top.indexOf('d'), -1);
    assert.deepEqual(top.documentFrequencies, [3, 2]);
    assert.throws(() => Vocabulary.build(docs, { minFrequency: 0 }), ValueError);
  });

  test('TF-IDF counts unseen terms and missing documents; no surviving term is a DataError', () => {
    const v = new TfidfVectorizer().fit(train());
    assert.deepEqual(v.featureNames, ['note:app', 'note:delivery', 'note:great', 'note:late', 'note:please', 'note:refund', 'note:support']);
    const report = new TransformReport();
    const x = v.transform(Table.fromColumns([textColumn('note', ['great zebra', null])]), report);
    assert.deepEqual(x.shape, [2, 7]);
    assert.equal(x.dataSync()[2], 1, 'a single known term has l2 weight 1');
    assert.equal(report.count('unknown', 'note'), 1);
    assert.equal(report.count('missing', 'note'), 1);
    assert.throws(() => new TfidfVectorizer({ minFrequency: 5 }).fit(train()), /no term of column\(s\) \[note\] is in at least 5/);
    assert.throws(() => new TfidfVectorizer().fit(train().drop(['note'])), /no text column/);
  });
});

/**
 * Preprocessing against scikit-learn's values in test/fixtures/sklearn/preprocess.json (written by
 * tools/fixtures/generate_sklearn_preprocess_fixtures.py): scalers, imputers, one-hot encoding,
 * TF-IDF and unshuffled fold assignment, compared at 1e-6.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  categoricalColumn,
  Imputer,
  kFold,
  MinMaxScaler,
  numericColumn,
  OneHotEncoder,
  RobustScaler,
  StandardScaler,
  stratifiedKFold,
  Table,
  textColumn,
  TfidfVectorizer,
} from '../../../src/index.js';

type Cell = number | null;
interface Fixture {
  numeric: { columns: string[]; train: Cell[][]; test: Cell[][] };
  scalers: { name: string; kind: string; options: Record<string, unknown>; params: Record<string, Cell[]>; expected: Cell[][] }[];
  imputers: { name: string; strategy: string; options: Record<string, unknown>; columns?: string[]; train?: Cell[][]; test?: Cell[][]; statistics: Cell[]; expected: Cell[][] }[];
  labels: { columns: string[]; train: (string | null)[][]; test: (string | null)[][] };
  labelImputers: { name: string; strategy: string; options: Record<string, unknown>; statistics: string[]; expected: string[][] }[];
  oneHot: { columns: string[]; train: string[][]; test: string[][]; categories: string[][]; featureNames: string[]; expected: number[][] };
  tfidf: { corpus: string[]; queries: string[]; cases: { name: string; options: Record<string, unknown>; vocabulary: string[]; idf: number[]; expected: number[][] }[] };
  folds: { n: number; labels: string[]; kFold: Record<string, number[][]>; stratifiedKFold: Record<string, number[][]> };
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/sklearn/preprocess.json', import.meta.url), 'utf8')) as Fixture;
const TOL = 1e-6;

const numericTable = (columns: readonly string[], rows: readonly Cell[][]): Table => Table.fromColumns(columns.map((name, j) => numericColumn(name, rows.map((r) => r[j]!))));
const labelTable = (columns: readonly string[], rows: readonly (string | null)[][]): Table => Table.fromColumns(columns.map((name, j) => categoricalColumn(name, rows.map((r) => r[j]!))));

/** The table's columns as rows of numbers (NaN as null, like the fixture). */
function rowsOf(table: Table): Cell[][] {
  return Array.from({ length: table.rowCount }, (_, i) => table.names.map((n) => table.cell(i, n) as Cell));
}

function assertClose(actual: readonly Cell[], expected: readonly Cell[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (e === null || a === null) assert.equal(a, e, `${what}[${i}]: missing`);
    else assert.ok(Math.abs(a - e) <= TOL * Math.max(1, Math.abs(e)), `${what}[${i}]: ${a} vs scikit-learn ${e}`);
  });
}

describe('scikit-learn parity: scalers', () => {
  const train = numericTable(fixture.numeric.columns, fixture.numeric.train);
  const testTable = numericTable(fixture.numeric.columns, fixture.numeric.test);
  for (const c of fixture.scalers) {
    test(`${c.kind} (${c.name}) matches scikit-learn's statistics and test transform`, () => {
      const scaler: StandardScaler | MinMaxScaler | RobustScaler =
        c.kind === 'StandardScaler' ? new StandardScaler(c.options) : c.kind === 'MinMaxScaler' ? new MinMaxScaler(c.options) : new RobustScaler(c.options);
      scaler.fit(train);
      if (scaler instanceof StandardScaler) {
        assertClose(scaler.mean, c.params['mean']!, 'mean');
        assertClose(scaler.scale, c.params['scale']!, 'scale');
      } else if (scaler instanceof MinMaxScaler) {
        assertClose(scaler.range.min, c.params['min']!, 'min');
        assertClose(scaler.range.max, c.params['max']!, 'max');
      } else {
        assertClose(scaler.center, c.params['center']!, 'center');
        assertClose(scaler.scale, c.params['scale']!, 'scale');
      }
      rowsOf(scaler.transform(testTable)).forEach((row, i) => assertClose(row, c.expected[i]!, `row ${i}`));
    });
  }
});

describe('scikit-learn parity: imputers', () => {
  for (const c of fixture.imputers) {
    test(`Imputer ${c.name} matches SimpleImputer`, () => {
      const columns = c.columns ?? fixture.numeric.columns;
      const train = numericTable(columns, c.train ?? fixture.numeric.train);
      const testTable = numericTable(columns, c.test ?? fixture.numeric.test);
      const imputer = new Imputer({ strategy: c.strategy as 'mean', ...c.options }).fit(train);
      assertClose(columns.map((n) => imputer.statistics[n] as number), c.statistics, 'statistics');
      // With addIndicator, scikit-learn appends indicators for columns missing in training, as Sprout does.
      rowsOf(imputer.transform(testTable)).forEach((row, i) => assertClose(row, c.expected[i]!, `row ${i}`));
    });
  }
  for (const c of fixture.labelImputers) {
    test(`Imputer ${c.name} matches SimpleImputer on string columns`, () => {
      const train = labelTable(fixture.labels.columns, fixture.labels.train);
      const testTable = labelTable(fixture.labels.columns, fixture.labels.test);
      const imputer = new Imputer({ strategy: c.strategy as 'mostFrequent', ...c.options }).fit(train);
      assert.deepEqual(fixture.labels.columns.map((n) => imputer.statistics[n]), c.statistics);
      const out = imputer.transform(testTable);
      assert.deepEqual(rowsOf(out) as unknown as string[][], c.expected);
    });
  }
});

describe('scikit-learn parity: one-hot', () => {
  const { columns, train, test: testRows, categories, featureNames, expected } = fixture.oneHot;
  const trainTable = labelTable(columns, train);
  const testTable = labelTable(columns, testRows);

  test("handleUnknown 'ignore' equals OneHotEncoder(handle_unknown='ignore')", () => {
    const enc = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(trainTable);
    assert.deepEqual(Object.values(enc.categories), categories);
    assert.deepEqual(enc.featureNames, featureNames.map((n) => n.replace('_', '=')));
    assert.deepEqual(rowsOf(enc.transform(testTable)), expected);
  });

  test("the unknown bucket is scikit-learn's 'ignore' output plus a bucket column per input column", () => {
    const enc = new OneHotEncoder().fit(trainTable);
    const out = enc.transform(testTable);
    let k = 0;
    const sklearnColumns: number[] = [];
    const buckets: number[] = [];
    columns.forEach((_, j) => {
      for (let c = 0; c < categories[j]!.length; c++) sklearnColumns.push(k++);
      buckets.push(k++);
    });
    const rows = rowsOf(out) as number[][];
    rows.forEach((row, i) => {
      assert.deepEqual(sklearnColumns.map((c) => row[c]), expected[i], `row ${i} without buckets`);
      // The bucket is 1 exactly where scikit-learn's block for that column is all zeros.
      let offset = 0;
      columns.forEach((_, j) => {
        const block = expected[i]!.slice(offset, offset + categories[j]!.length);
        offset += categories[j]!.length;
        assert.equal(row[buckets[j]!], block.every((v) => v === 0) ? 1 : 0, `row ${i} bucket of ${columns[j]}`);
      });
    });
  });
});

describe('scikit-learn parity: TF-IDF', () => {
  const train = Table.fromColumns([textColumn('text', fixture.tfidf.corpus)]);
  const queries = Table.fromColumns([textColumn('text', fixture.tfidf.queries)]);
  for (const c of fixture.tfidf.cases) {
    test(`TfidfVectorizer (${c.name}) matches scikit-learn's vocabulary, idf and weights`, () => {
      const v = new TfidfVectorizer(c.options).fit(train);
      assert.deepEqual(v.vocabulary.terms, c.vocabulary);
      assertClose([...v.idf], c.idf, 'idf');
      const x = v.transform(queries);
      assert.equal(x.dtype, 'float32');
      assert.deepEqual(x.shape, [c.expected.length, c.vocabulary.length]);
      const data = x.dataSync();
      c.expected.forEach((row, i) => assertClose(Array.from(data.subarray(i * row.length, (i + 1) * row.length)), row, `document ${i}`));
    });
  }
});

describe('scikit-learn parity: fold assignment without shuffling', () => {
  const { n, labels } = fixture.folds;
  for (const [k, expected] of Object.entries(fixture.folds.kFold)) {
    test(`kFold k=${k} equals KFold`, () => {
      assert.deepEqual(kFold(n, { k: Number(k) }).map((f) => Array.from(f.validation)), expected);
    });
  }
  for (const [k, expected] of Object.entries(fixture.folds.stratifiedKFold)) {
    test(`stratifiedKFold k=${k} equals StratifiedKFold`, () => {
      assert.deepEqual(stratifiedKFold(labels, { k: Number(k) }).map((f) => Array.from(f.validation)), expected);
    });
  }
});

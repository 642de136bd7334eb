/**
 * Pipeline: column selections → chains of steps → one float32 feature tensor with names, the
 * encoded target, JSON round trips, clear errors, the default pipeline, and a real-data run on
 * Online Shoppers (skipped with a message when ../shared/datasets is absent; SPROUT_DATASETS
 * overrides the folder).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import {
  categoricalColumn,
  DataError,
  defaultPipeline,
  DropMissingRows,
  Imputer,
  inferTask,
  numericColumn,
  OneHotEncoder,
  parseCsv,
  Pipeline,
  splitTable,
  StandardScaler,
  Table,
  textColumn,
  TfidfVectorizer,
  ValueError,
} from '../../../src/index.js';
import { readCsvFile } from '../../../src/node/read-csv-file.js';

const csv = `age,income,plan,message,churned
31,5200,pro,the app keeps crashing on login,yes
45,,free,love the new dashboard and reports,no
,3100,free,billing page shows the wrong amount,yes
52,8800,team,reports are great and export works,no
29,4100,pro,app crashes when I open reports,yes
38,6100,,the dashboard is slow to load today,no
41,7000,team,great support and a fast app,no
`;

const example = (): Pipeline =>
  new Pipeline({
    target: 'churned',
    task: 'classification',
    clean: [new DropMissingRows({ columns: ['churned'] })],
    branches: [
      { name: 'numeric', columns: { types: ['numeric'] }, steps: [new Imputer({ strategy: 'median' }), new StandardScaler()] },
      { name: 'categorical', columns: { types: ['categorical'] }, steps: [new Imputer({ strategy: 'mostFrequent' }), new OneHotEncoder()] },
      { name: 'text', columns: ['message'], steps: [new TfidfVectorizer({ minFrequency: 2 })] },
    ],
  });

describe('Pipeline', () => {
  test('turns a table into x [N, F] with feature names and y class indices', () => {
    const train = parseCsv(csv);
    const pipeline = example();
    const { x, y, featureNames, rowCount } = pipeline.fitTransform(train);
    assert.equal(rowCount, 7);
    assert.deepEqual(featureNames.slice(0, 6), ['age', 'income', 'plan=free', 'plan=pro', 'plan=team', 'plan=<unknown>']);
    assert.ok(featureNames.includes('message:reports'));
    assert.deepEqual(x.shape, [7, featureNames.length]);
    assert.equal(x.dtype, 'float32');
    assert.ok([...x.dataSync()].every(Number.isFinite));
    assert.deepEqual(pipeline.classes, ['false', 'true']);
    assert.equal(y?.dtype, 'int32');
    assert.deepEqual([...y!.dataSync()], [1, 0, 1, 0, 1, 0, 0]);
    assert.deepEqual(pipeline.decodeLabels([1, 0]), ['true', 'false']);
    assert.deepEqual(pipeline.columnsByBranch, { numeric: ['age', 'income'], categorical: ['plan'], text: ['message'] });
  });

  test('prediction rows: unseen categories, missing cells and no target are handled and reported', () => {
    const pipeline = example().fit(parseCsv(csv));
    const rows = parseCsv('age,income,plan,message\n,,enterprise,crashing reports\n60,9000,,\n');
    const { x, y, report } = pipeline.transform(rows);
    assert.equal(y, undefined);
    assert.deepEqual(x.shape, [2, pipeline.featureNames.length]);
    assert.ok([...x.dataSync()].every(Number.isFinite));
    assert.equal(report.count('unknown', 'plan'), 1);
    assert.equal(report.count('missing', 'age'), 1);
    assert.equal(report.count('missing', 'plan'), 1);
    assert.equal(report.count('missing', 'message'), 1);
    const bucket = pipeline.featureNames.indexOf('plan=<unknown>');
    assert.equal(x.dataSync()[bucket], 1);
  });

  test('the saved JSON restores a pipeline that gives the same features', () => {
    const train = parseCsv(csv);
    const pipeline = example().fit(train);
    const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline)));
    assert.deepEqual(restored.featureNames, pipeline.featureNames);
    assert.deepEqual([...restored.transform(train).x.dataSync()], [...pipeline.transform(train).x.dataSync()]);
    assert.deepEqual(restored.toJSON(), pipeline.toJSON());
    const unfitted = Pipeline.fromJSON(JSON.parse(JSON.stringify(example())));
    assert.equal(unfitted.fitted, false);
  });

  test('clean steps drop rows while fitting, and on request when transforming', () => {
    const train = parseCsv(csv).withColumn(categoricalColumn('churned', ['yes', 'no', null, 'no', 'yes', 'no', 'no']));
    const pipeline = example();
    assert.equal(pipeline.fitTransform(train).rowCount, 6);
    assert.throws(() => pipeline.transform(train), /target column 'churned' has 1 missing cells/);
    const cleaned = pipeline.transform(train, { clean: true });
    assert.equal(cleaned.rowCount, 6);
    assert.deepEqual(cleaned.report.toJSON().dropped, { churned: 1 });
  });

  test('regression targets are float32', () => {
    const t = Table.fromColumns([numericColumn('x', [1, 2, 3]), numericColumn('price', [9.5, 10, 11.25])]);
    const pipeline = new Pipeline({ target: 'price', task: 'regression', branches: [{ name: 'all', columns: ['x'], steps: [new StandardScaler()] }] });
    const { y } = pipeline.fitTransform(t);
    assert.equal(y?.dtype, 'float32');
    assert.deepEqual([...y!.dataSync()], [9.5, 10, 11.25]);
    assert.throws(() => pipeline.classes, /no classification target/);
  });

  test('errors name the branch, the column and the fix', () => {
    const train = parseCsv(csv);
    const noEncoder = new Pipeline({ branches: [{ name: 'cats', columns: ['plan'], steps: [new Imputer({ strategy: 'mostFrequent' })] }] });
    assert.throws(() => noEncoder.fit(train), (e) => e instanceof DataError && /branch 'cats' leaves column 'plan' categorical; end the branch with an encoder/.test(e.message));
    const noImputer = new Pipeline({ branches: [{ name: 'num', columns: ['age'], steps: [new StandardScaler()] }] });
    assert.throws(() => noImputer.fit(train), /branch 'num' leaves 1 missing cells in column 'age'; add an Imputer/);
    const fitted = example().fit(train);
    assert.throws(() => fitted.transform(train.drop(['income'])), /no column 'income' \(a column of branch 'numeric'\)/);
    assert.throws(() => new Pipeline({ target: 'churned', branches: [] }), /needs a task/);
    assert.throws(
      () => new Pipeline({ branches: [{ name: 't', columns: ['message'], steps: [new TfidfVectorizer(), new StandardScaler()] }] }),
      (e) => e instanceof ValueError && /TfidfVectorizer must be the last step/.test(e.message),
    );
    const targetAsFeature = new Pipeline({ target: 'churned', task: 'classification', branches: [{ name: 'b', columns: ['churned'], steps: [] }] });
    assert.throws(() => targetAsFeature.fit(train), /names column 'churned', which is the target/);
    assert.throws(() => new Pipeline({ target: 'plan', task: 'regression', branches: [] }).fit(train), /regression target 'plan' is categorical/);
    assert.throws(() => example().transform(train), /not fitted/);
  });
});

describe('defaultPipeline', () => {
  test('chooses steps by column type, infers the task and leaves out unusable columns', () => {
    const t = parseCsv(csv).withColumn(numericColumn('blank', Array(7).fill(null))).withColumn(categoricalColumn('id', ['a', 'b', 'c', 'd', 'e', 'f', 'g']));
    const { pipeline, task, ignored } = defaultPipeline(t, { target: 'churned', maxCategories: 5 });
    assert.equal(task, 'classification');
    assert.deepEqual(ignored, [
      { column: 'blank', reason: 'every cell is missing' },
      { column: 'id', reason: '7 categories (more than maxCategories 5)' },
    ]);
    const { x } = pipeline.fitTransform(t);
    assert.ok(pipeline.featureNames.includes('age_missing') && pipeline.featureNames.includes('income_missing'));
    assert.ok([...x.dataSync()].every(Number.isFinite));
    assert.throws(() => defaultPipeline(t, { target: 'label' }), /no target column 'label'/);
  });

  test('inferTask: labels classify; few distinct integers classify; other numbers regress', () => {
    assert.equal(inferTask(categoricalColumn('y', ['a'])), 'classification');
    assert.equal(inferTask(numericColumn('y', [0, 1, 2, 9])), 'classification');
    assert.equal(inferTask(numericColumn('y', [0.5, 1])), 'regression');
    assert.equal(inferTask(numericColumn('y', Array.from({ length: 50 }, (_, i) => i))), 'regression');
    assert.equal(inferTask(textColumn('y', ['a b c'])), 'classification');
  });
});

const root = resolve(process.env['SPROUT_DATASETS'] ?? join(import.meta.dirname, '../../../../shared/datasets'));
const shoppers = join(root, 'online-shoppers', 'online_shoppers_intention.csv');

describe('real data', () => {
  test(
    'online-shoppers: the default pipeline fitted on a stratified train split transforms the test split with no NaN',
    { skip: existsSync(shoppers) ? false : `${shoppers} is absent (set SPROUT_DATASETS to the datasets folder)` },
    async () => {
      const table = await readCsvFile(shoppers);
      const { train, test: testTable } = splitTable(table, { validation: 0, test: 0.2, stratify: 'Revenue', seed: 0 });
      const { pipeline, task, ignored } = defaultPipeline(train, { target: 'Revenue' });
      assert.equal(task, 'classification');
      assert.deepEqual(ignored, []);
      const fitted = pipeline.fitTransform(train);
      const { x, y, report } = pipeline.transform(testTable);
      assert.deepEqual(x.shape, [testTable.rowCount, pipeline.featureNames.length]);
      assert.ok(x.dataSync().every((v) => Number.isFinite(v)), 'no NaN or Infinity in the test features');
      assert.deepEqual(report.toJSON(), {});
      assert.ok(pipeline.featureNames.includes('Month=Nov') && pipeline.featureNames.includes('VisitorType=<unknown>'));
      // Stratification keeps the 15.5 % buyers in both splits (1,908 of 12,330).
      const rate = (t: { dataSync(): ArrayLike<number> }): number => Array.from(t.dataSync()).reduce((a, b) => a + b, 0) / t.dataSync().length;
      assert.ok(Math.abs(rate(y!) - 1908 / 12330) < 0.002);
      assert.ok(Math.abs(rate(fitted.y!) - 1908 / 12330) < 0.002);
      // Training features are standardised: every numeric column has mean ~0 on the training split.
      const cols = pipeline.featureNames.length;
      const data = fitted.x.dataSync();
      const j = pipeline.featureNames.indexOf('PageValues');
      let mean = 0;
      for (let i = 0; i < fitted.rowCount; i++) mean += data[i * cols + j]!;
      assert.ok(Math.abs(mean / fitted.rowCount) < 1e-4);
      const restored = Pipeline.fromJSON(JSON.stringify(pipeline));
      assert.deepEqual(restored.transform(testTable).x.dataSync(), x.dataSync());
    },
  );
});

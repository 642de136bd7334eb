import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  booleanColumn,
  categoricalColumn,
  columnFromStrings,
  DataError,
  inferColumnType,
  numericColumn,
  parseCsv,
  Table,
  textColumn,
} from '../../src/index.js';

const table = (): Table => parseCsv('age,plan,paid,note\n31,pro,yes,likes the new dashboard a lot\nNA,free,no,\n45,pro,,asked for an invoice copy\n19,team,yes,none\n');

describe('Table', () => {
  test('has names, types, row and column counts', () => {
    const t = table();
    assert.deepEqual(t.names, ['age', 'plan', 'paid', 'note']);
    assert.deepEqual(t.types, { age: 'numeric', plan: 'categorical', paid: 'boolean', note: 'text' });
    assert.equal(t.rowCount, 4);
    assert.equal(t.columnCount, 4);
    assert.deepEqual(t.row(1), { age: null, plan: 'free', paid: false, note: null });
  });

  test('select, drop and withColumn return new tables sharing columns', () => {
    const t = table();
    assert.deepEqual(t.select(['paid', 'age']).names, ['paid', 'age']);
    assert.deepEqual(t.drop(['note']).names, ['age', 'plan', 'paid']);
    const replaced = t.withColumn(numericColumn('age', [1, 2, 3, 4]));
    assert.deepEqual(replaced.names, t.names);
    assert.equal(replaced.cell(1, 'age'), 2);
    assert.equal(t.cell(1, 'age'), null, 'the original is unchanged');
    assert.strictEqual(replaced.column('plan'), t.column('plan'));
    assert.deepEqual(t.withColumn(booleanColumn('vip', [true, false, false, true])).names.at(-1), 'vip');
    assert.throws(() => t.withColumn(numericColumn('x', [1])), /column 'x' has 1 rows, expected 4/);
  });

  test('unknown columns are a DataError listing the columns', () => {
    assert.throws(() => table().column('Age'), (e: unknown) => e instanceof DataError && /no column 'Age'; the columns are \[age, plan, paid, note\]/.test(e.message));
    assert.throws(() => table().select(['nope']), DataError);
  });

  test('take, slice and filter pick rows; categories survive a split', () => {
    const t = table();
    const taken = t.take([3, 0, 0]);
    assert.deepEqual([...taken.rows()].map((r) => r['age']), [19, 31, 31]);
    const plan = taken.column('plan');
    assert.ok(plan.type === 'categorical');
    assert.deepEqual(plan.categories, ['free', 'pro', 'team']);
    assert.equal(t.slice(1, 3).rowCount, 2);
    assert.deepEqual([...t.filter((r) => r['plan'] === 'pro').rows()].map((r) => r['age']), [31, 45]);
    assert.equal(t.filter([1, 0, 0, 1]).rowCount, 2);
    assert.throws(() => t.take([4]), /row index 4 is outside \[0, 4\)/);
    assert.throws(() => t.filter([true]), /mask has 1 entries, the table has 4 rows/);
  });

  test('toTensor stacks numeric and boolean columns and refuses missing or categorical ones', () => {
    const t = parseCsv('a,b,c\n1,true,x\n2,false,y\n');
    const x = t.toTensor(['a', 'b']);
    assert.deepEqual(x.shape, [2, 2]);
    assert.equal(x.dtype, 'float32');
    assert.deepEqual(x.toArray(), [[1, 1], [2, 0]]);
    assert.equal(t.toTensor(['a'], { dtype: 'float64' }).dtype, 'float64');
    assert.throws(() => t.toTensor(), /column 'c' is categorical; encode it first/);
    assert.throws(() => table().toTensor(['age']), /column 'age' has 1 missing cells of 4; impute or drop them first/);
  });

  test('cast re-reads columns as other types', () => {
    const t = parseCsv('code,n\n1,5\n2,6\n1,7\n').cast({ code: 'categorical' });
    const code = t.column('code');
    assert.ok(code.type === 'categorical');
    assert.deepEqual(code.categories, ['1', '2']);
    assert.deepEqual([...code.codes], [0, 1, 0]);
    assert.equal(t.cast({ code: 'numeric' }).cell(2, 'code'), 1);
    assert.throws(() => table().cast({ plan: 'numeric' }), /column 'plan' is numeric but row 0 holds 'pro'/);
  });

  test('fromColumns checks lengths and names', () => {
    assert.throws(() => Table.fromColumns([numericColumn('a', [1]), textColumn('a', ['x'])]), /column name 'a' appears twice/);
    assert.equal(Table.fromColumns([]).rowCount, 0);
    assert.throws(() => categoricalColumn('c', ['z'], ['x', 'y']), /'z' is not one of the categories \[x, y\]/);
  });

  test('type inference rules', () => {
    assert.equal(inferColumnType([]), 'numeric');
    assert.equal(inferColumnType([null, null]), 'numeric');
    assert.equal(inferColumnType(['Infinity', '-inf', '3']), 'numeric');
    assert.equal(inferColumnType(['0x10']), 'categorical');
    assert.equal(inferColumnType(['New York', 'Paris']), 'categorical');
    assert.equal(inferColumnType(['what is my balance', 'transfer money to savings']), 'text');
    assert.equal(columnFromStrings('x', ['1', 'NA', null]).type, 'numeric');
  });
});

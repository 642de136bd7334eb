import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError, detectDelimiter, parseCsv, ValueError, type Table } from '../../src/index.js';

const rows = (t: Table): unknown[][] => [...t.rows()].map((r) => Object.values(r));

describe('CSV delimiter detection', () => {
  test('detects a comma', () => {
    assert.equal(detectDelimiter('a,b,c\n1,2,3\n'), ',');
    assert.deepEqual(parseCsv('a,b,c\n1,2,3\n').names, ['a', 'b', 'c']);
  });
  test('detects a tab even when text fields hold commas', () => {
    const text = 'label\ttext\nham\tOk, see you later\nspam\tWin cash, now, free\n';
    assert.equal(detectDelimiter(text), '\t');
    assert.deepEqual(rows(parseCsv(text)), [['ham', 'Ok, see you later'], ['spam', 'Win cash, now, free']]);
  });
  test('detects a semicolon (European CSV with decimal commas)', () => {
    const text = 'name;price\nTea;2,50\nCake;3,10\n';
    assert.equal(detectDelimiter(text), ';');
    assert.deepEqual(rows(parseCsv(text)), [['Tea', '2,50'], ['Cake', '3,10']]);
  });
  test('detects a pipe', () => {
    assert.equal(detectDelimiter('a|b\n1|2\n3|4\n'), '|');
    assert.deepEqual(rows(parseCsv('a|b\n1|2\n3|4\n')), [[1, 2], [3, 4]]);
  });
  test('ignores delimiters inside quotes when detecting', () => {
    assert.equal(detectDelimiter('a;b\n"x,y,z";1\n"p,q";2\n'), ';');
  });
  test('a one-column file parses with the comma default', () => {
    assert.deepEqual(rows(parseCsv('score\n1\n2\n')), [[1], [2]]);
  });
  test('an explicit delimiter wins over detection', () => {
    assert.deepEqual(parseCsv('a;b,c\n1;2,3\n', { delimiter: ',' }).names, ['a;b', 'c']);
  });
});

describe('CSV quoting', () => {
  test('quoted fields may hold the delimiter', () => {
    const t = parseCsv('name,city\n"Lee, Ann","Paris, FR"\nBo,Rome\n');
    assert.deepEqual(rows(t), [['Lee, Ann', 'Paris, FR'], ['Bo', 'Rome']]);
  });
  test('quoted fields may hold line breaks (LF and CRLF), and line numbers stay right after them', () => {
    const t = parseCsv('id,note\n1,"first line\nsecond line"\n2,"a\r\nb"\n3,plain\n', { types: { note: 'text' } });
    assert.deepEqual(t.column('note').type, 'text');
    assert.deepEqual(rows(t), [[1, 'first line\nsecond line'], [2, 'a\r\nb'], [3, 'plain']]);
    assert.throws(() => parseCsv('id,note\n1,"x\ny"\n2\n'), /line 4 has 1 fields, expected 2/);
  });
  test('a doubled quote inside quotes is one quote', () => {
    assert.deepEqual(rows(parseCsv('q,n\n"she said ""hi""",1\n')), [['she said "hi"', 1]]);
  });
  test('an unclosed quote is a DataError naming the line it opened on', () => {
    assert.throws(() => parseCsv('a,b\n1,2\n3,"oops\n4,5\n'), (e: unknown) => e instanceof DataError && /line 3: a quoted field opened here is never closed/.test(e.message));
  });
  test('TSV reads quotes literally by default; quote: \'"\' turns quoting on', () => {
    const text = 'label\ttext\nham\t"Hi" she said\nspam\t"call\nham\tok\n';
    assert.deepEqual(rows(parseCsv(text)), [['ham', '"Hi" she said'], ['spam', '"call'], ['ham', 'ok']]);
    assert.deepEqual(rows(parseCsv('a\tb\n"x\ty"\t1\n', { quote: '"' })), [['x\ty', 1]]);
  });
  test('quote: null reads quotes as ordinary characters', () => {
    const t = parseCsv('ham,"Hi" she said\nspam,"call now\n', { header: false, quote: null });
    assert.deepEqual(rows(t), [['ham', '"Hi" she said'], ['spam', '"call now']]);
  });
});

describe('CSV header, line endings and BOM', () => {
  test('the first line is the header by default', () => {
    const t = parseCsv('x,y\n1,2\n');
    assert.deepEqual(t.names, ['x', 'y']);
    assert.equal(t.rowCount, 1);
  });
  test('header: false names columns column_1, column_2, …', () => {
    const t = parseCsv('1,a\n2,b\n', { header: false });
    assert.deepEqual(t.names, ['column_1', 'column_2']);
    assert.equal(t.rowCount, 2);
  });
  test('columns renames or names columns', () => {
    assert.deepEqual(parseCsv('1,a\n', { header: false, columns: ['n', 'letter'] }).names, ['n', 'letter']);
    assert.throws(() => parseCsv('a,b\n1,2\n', { columns: ['only'] }), /columns names 1 columns but the header has 2 fields/);
  });
  test('header names are trimmed; blank ones are filled in; duplicates are a DataError', () => {
    assert.deepEqual(parseCsv(' a , ,c\n1,2,3\n').names, ['a', 'column_2', 'c']);
    assert.throws(() => parseCsv('a,b,a\n1,2,3\n'), /column name 'a' appears twice \(columns 1 and 3\)/);
  });
  test('CRLF line endings', () => {
    const t = parseCsv('a,b\r\n1,x\r\n2,y\r\n');
    assert.deepEqual(rows(t), [[1, 'x'], [2, 'y']]);
    assert.equal(t.cell(1, 'b'), 'y');
  });
  test('CRLF without a final line break', () => {
    assert.deepEqual(rows(parseCsv('a,b\r\n1,TRUE\r\n2,FALSE')), [[1, true], [2, false]]);
  });
  test('a UTF-8 byte-order mark is stripped from the first column name', () => {
    const t = parseCsv('\ufeffid,name\n1,Zoë\n');
    assert.deepEqual(t.names, ['id', 'name']);
    assert.equal(t.cell(0, 'name'), 'Zoë');
  });
  test('blank lines are skipped', () => {
    assert.equal(parseCsv('a,b\n\n1,2\n   \n3,4\n\n').rowCount, 2);
  });
  test('an empty text is a DataError; a header alone gives zero rows', () => {
    assert.throws(() => parseCsv(''), /the text is empty/);
    const t = parseCsv('a,b\n');
    assert.equal(t.rowCount, 0);
    assert.deepEqual(t.names, ['a', 'b']);
  });
});

describe('CSV missing values', () => {
  const missingOf = (spelling: string): unknown => parseCsv(`x,y\n1,a\n${spelling},b\n3,c\n`).cell(1, 'x');
  test('an empty cell is missing', () => assert.equal(missingOf(''), null));
  test('a cell of spaces is missing', () => assert.equal(missingOf('   '), null));
  test('NA is missing (any case: na)', () => {
    assert.equal(missingOf('NA'), null);
    assert.equal(missingOf('na'), null);
  });
  test('N/A is missing', () => assert.equal(missingOf('N/A'), null));
  test('NaN is missing (any case: nan, NAN)', () => {
    assert.equal(missingOf('NaN'), null);
    assert.equal(missingOf('nan'), null);
    assert.equal(missingOf('NAN'), null);
  });
  test('? is missing', () => assert.equal(missingOf('?'), null));
  test('null is missing (any case: NULL, Null)', () => {
    assert.equal(missingOf('null'), null);
    assert.equal(missingOf('NULL'), null);
    assert.equal(missingOf(' Null '), null);
  });
  test('missing cells keep a column numeric and are counted', () => {
    const t = parseCsv('x,c\n1,a\nNA,?\n,b\n4,null\n');
    assert.deepEqual(t.types, { x: 'numeric', c: 'categorical' });
    assert.deepEqual(t.missingCounts(), { x: 2, c: 2 });
    assert.ok(Number.isNaN((t.column('x') as { values: Float64Array }).values[1]!));
  });
  test('None and - are not missing by default; missing replaces the spellings', () => {
    assert.equal(parseCsv('c\nNone\nx\n').cell(0, 'c'), 'None');
    const t = parseCsv('c,n\n-,1\nx,-\n', { missing: ['-'] });
    assert.equal(t.cell(0, 'c'), null);
    assert.equal(t.cell(1, 'n'), null);
    assert.equal(parseCsv('c\nNA\nx\n', { missing: [] }).cell(0, 'c'), 'NA');
  });
});

describe('CSV ragged rows', () => {
  test('a row with too few fields is a DataError with its line number and the counts', () => {
    assert.throws(
      () => parseCsv('a,b,c\n1,2,3\n4,5\n'),
      (e: unknown) => e instanceof DataError && /line 3 has 2 fields, expected 3 \(from the header/.test(e.message),
    );
  });
  test('a row with too many fields is a DataError with its line number', () => {
    assert.throws(() => parseCsv('a,b\n1,2\n3,4\n5,6,7\n'), /line 4 has 3 fields, expected 2/);
  });
  test('line numbers count blank lines and CRLF lines', () => {
    assert.throws(() => parseCsv('a,b\r\n1,2\r\n\r\n3\r\n'), /line 4 has 1 fields, expected 2/);
  });
  test('without a header the first record sets the count', () => {
    assert.throws(() => parseCsv('1,2\n3,4,5\n', { header: false }), /line 2 has 3 fields, expected 2 \(from the first record/);
  });
});

describe('CSV type inference and overrides', () => {
  test('infers numeric, boolean, categorical and text', () => {
    const t = parseCsv(
      'n,flag,plan,review\n1,true,pro,really good value for money\n2.5,FALSE,free,would not buy this again\n-3e2,Yes,pro,ok I guess so\n',
    );
    assert.deepEqual(t.types, { n: 'numeric', flag: 'boolean', plan: 'categorical', review: 'text' });
    const n = t.column('n');
    assert.ok(n.type === 'numeric');
    assert.deepEqual([...n.values], [1, 2.5, -300]);
    assert.deepEqual([0, 1, 2].map((i) => t.cell(i, 'flag')), [true, false, true]);
  });
  test('numbers may have leading and trailing spaces', () => {
    const t = parseCsv('x,y\n  12 ,a\n\t-0.5\t,b\n 7.5E-05,c\n');
    assert.equal(t.column('x').type, 'numeric');
    assert.deepEqual([0, 1, 2].map((i) => t.cell(i, 'x')), [12, -0.5, 7.5e-5]);
  });
  test('booleans are true/false and yes/no in any case; 1/0 stay numeric', () => {
    assert.equal(parseCsv('b\nTRUE\nfalse\nYES\nno\n').column('b').type, 'boolean');
    assert.equal(parseCsv('b\n1\n0\n').column('b').type, 'numeric');
    assert.equal(parseCsv('b\ntrue\nmaybe\n').column('b').type, 'categorical');
  });
  test('thousands separators and currency stay categorical', () => {
    assert.equal(parseCsv('p\n"1,000"\n$5\n').column('p').type, 'categorical');
  });
  test('categorical labels are trimmed and categories sorted naturally', () => {
    const t = parseCsv('c,n\n10, b\n2,a \n1,b\n', { types: { c: 'categorical' } });
    const c = t.column('c');
    assert.ok(c.type === 'categorical');
    assert.deepEqual(c.categories, ['1', '2', '10']);
    const n = t.column('n');
    assert.ok(n.type === 'categorical');
    assert.deepEqual(n.categories, ['a', 'b']);
  });
  test('overrides: numeric codes as categorical, labels as text, text as categorical', () => {
    const t = parseCsv('zip,label,msg\n02139,spam,hello there friend\n10001,ham,see you at noon\n', { types: { zip: 'categorical', label: 'text', msg: 'categorical' } });
    assert.deepEqual(t.types, { zip: 'categorical', label: 'text', msg: 'categorical' });
    assert.equal(t.cell(0, 'zip'), '02139');
  });
  test('an override that does not fit a cell is a DataError naming the column, line and cell', () => {
    assert.throws(() => parseCsv('a,b\n1,x\n2,y\n', { types: { b: 'numeric' } }), /column 'b' is numeric but line 2 holds 'x'/);
    assert.throws(() => parseCsv('a\nyes\nperhaps\n', { types: { a: 'boolean' } }), /line 3 holds 'perhaps'/);
    assert.throws(() => parseCsv('a\n1\n', { types: { nope: 'numeric' } }), /types names column 'nope'/);
  });
  test('bad options are a ValueError', () => {
    assert.throws(() => parseCsv('a\n', { delimiter: ';;' }), ValueError);
    assert.throws(() => parseCsv('a\n', { delimiter: '"' }), /delimiter and quote must differ/);
  });
});

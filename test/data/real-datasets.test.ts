/**
 * The loaders on the real datasets in ../shared/datasets (override with SPROUT_DATASETS). Each test
 * skips with a message when its files are absent.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { readCsvFile } from '../../src/node/read-csv-file.js';
import { readWavFile } from '../../src/node/read-wav-file.js';

const root = resolve(process.env['SPROUT_DATASETS'] ?? join(import.meta.dirname, '../../../shared/datasets'));
const need = (...parts: string[]): { path: string; skip: string | false } => {
  const path = join(root, ...parts);
  return { path, skip: existsSync(path) ? false : `${path} is absent (set SPROUT_DATASETS to the datasets folder)` };
};

describe('real datasets', () => {
  const shoppers = need('online-shoppers', 'online_shoppers_intention.csv');
  test('online-shoppers CSV (CRLF): 12,330 rows, 18 columns, Revenue boolean with 1,908 TRUE', { skip: shoppers.skip }, async () => {
    const t = await readCsvFile(shoppers.path);
    assert.equal(t.rowCount, 12330);
    assert.equal(t.columnCount, 18);
    assert.deepEqual(t.names.slice(0, 3), ['Administrative', 'Administrative_Duration', 'Informational']);
    assert.equal(t.types['Revenue'], 'boolean');
    assert.equal(t.types['Weekend'], 'boolean');
    assert.equal(t.types['Month'], 'categorical');
    assert.equal(t.types['VisitorType'], 'categorical');
    assert.equal(t.types['PageValues'], 'numeric');
    const revenue = t.column('Revenue');
    assert.ok(revenue.type === 'boolean');
    assert.equal(revenue.values.reduce((s, v) => s + v, 0), 1908);
    const visitor = t.column('VisitorType');
    assert.ok(visitor.type === 'categorical');
    assert.deepEqual(visitor.categories, ['New_Visitor', 'Other', 'Returning_Visitor']);
    assert.deepEqual(Object.values(t.missingCounts()).reduce((a, b) => a + b, 0), 0);
    const numeric = t.names.filter((n) => t.types[n] === 'numeric');
    assert.equal(numeric.length, 14);
    assert.deepEqual(t.toTensor(numeric).shape, [12330, 14]);
    // Line 11,260 of the file (row 11,258) writes one value as 7.5E-05.
    assert.ok(t.names.some((n) => t.cell(11258, n) === 7.5e-5));
  });

  const sms = need('sms-spam', 'SMSSpamCollection');
  test('sms-spam TSV without header: 5,574 rows, 747 spam, quotes kept literally', { skip: sms.skip }, async () => {
    const t = await readCsvFile(sms.path, { header: false, columns: ['label', 'text'] });
    assert.equal(t.rowCount, 5574);
    assert.deepEqual(t.types, { label: 'categorical', text: 'text' });
    const label = t.column('label');
    assert.ok(label.type === 'categorical');
    assert.deepEqual(label.categories, ['ham', 'spam']);
    assert.equal(label.codes.reduce((s, c) => s + c, 0), 747);
    assert.equal(t.cell(0, 'text'), 'Go until jurong point, crazy.. Available only in bugis n great world la e buffet... Cine there got amore wat...');
  });

  const clinc = need('clinc150', 'train.tsv');
  test('clinc150 train TSV: 15,100 rows, text column, 151 intents, 11 domains', { skip: clinc.skip }, async () => {
    const t = await readCsvFile(clinc.path);
    assert.deepEqual(t.names, ['text', 'intent', 'domain']);
    assert.equal(t.rowCount, 15100);
    assert.deepEqual(t.types, { text: 'text', intent: 'categorical', domain: 'categorical' });
    const intent = t.column('intent');
    assert.ok(intent.type === 'categorical');
    assert.equal(intent.categories.length, 151);
    const domain = t.column('domain');
    assert.ok(domain.type === 'categorical');
    assert.equal(domain.categories.length, 11);
  });

  const wav = need('fsdd', 'recordings', '0_george_0.wav');
  test('one FSDD recording: 8 kHz mono 16-bit, samples in [−1, 1]', { skip: wav.skip }, async () => {
    const { samples, sampleRate, channels, bitsPerSample } = await readWavFile(wav.path);
    assert.equal(sampleRate, 8000);
    assert.equal(channels, 1);
    assert.equal(bitsPerSample, 16);
    assert.equal(samples.shape[0], 1);
    const n = samples.shape[1]!;
    assert.ok(n >= 1148 && n <= 18262, `length ${n}`);
    const values = samples.dataSync();
    let peak = 0;
    for (const v of values) peak = Math.max(peak, Math.abs(v));
    assert.ok(peak > 0.01 && peak <= 1, `peak ${peak}`);
  });
});

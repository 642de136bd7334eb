import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { DataError } from '../../src/index.js';
import { readCsvFile } from '../../src/node/read-csv-file.js';
import { readIdxFile } from '../../src/node/read-idx-file.js';
import { readImageFile } from '../../src/node/read-image-file.js';
import { readImageFolder } from '../../src/node/read-image-folder.js';
import { readJsonLinesFile } from '../../src/node/read-json-lines-file.js';
import { readWavFile } from '../../src/node/read-wav-file.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-data-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};
const png = (value: number, width = 2, height = 2): Uint8Array => encodePng({ width, height, data: new Uint8Array(width * height * 3).fill(value), channels: 3, depth: 8 });

describe('Node file readers', () => {
  test('missing and unreadable files are DataErrors naming the file and the reason', async () => {
    const missing = join(dir, 'nope.csv');
    await assert.rejects(readCsvFile(missing), (e: unknown) => e instanceof DataError && e.message === `readCsvFile: cannot read '${missing}': no such file or directory`);
    await assert.rejects(readJsonLinesFile(dir), /readJsonLinesFile: cannot read .*: it is a directory, not a file/);
    await assert.rejects(readWavFile(missing), /readWavFile: cannot read/);
    await assert.rejects(readImageFile(missing), /readImageFile: cannot read/);
    await assert.rejects(readIdxFile(missing), /readIdxFile: cannot read/);
    await assert.rejects(readImageFolder(join(dir, 'no-folder')), /readImageFolder: cannot read the folder .*no such file or directory/);
  });

  test('readCsvFile parses with options; encoding handles Latin-1 and rejects invalid UTF-8', async () => {
    const t = await readCsvFile(file('a.csv', '\ufeffid;name\r\n1;Ann\r\n'), { types: { id: 'categorical' } });
    assert.deepEqual(t.types, { id: 'categorical', name: 'categorical' });
    const latin = file('latin.csv', new Uint8Array([0x6e, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x0a])); // n\nCafé (ISO-8859-1)
    await assert.rejects(readCsvFile(latin), /is not valid utf-8 text; pass the file's encoding/);
    assert.equal((await readCsvFile(latin, { encoding: 'latin1' })).cell(0, 'n'), 'Café');
    await assert.rejects(readCsvFile(file('ragged.csv', 'a,b\n1\n')), /parseCsv: line 2 has 1 fields, expected 2/);
  });

  test('readJsonLinesFile, readWavFile, readIdxFile and readImageFile read and decode', async () => {
    assert.equal((await readJsonLinesFile(file('a.jsonl', '{"a": 1}\n{"a": 2}\n'))).rowCount, 2);
    await assert.rejects(readWavFile(file('bad.wav', 'RIFF????WAVE')), /readWavFile: '.*bad\.wav': decodeWav: no 'fmt ' chunk/);
    const idx = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9]);
    assert.deepEqual((await readIdxFile(file('labels.idx.gz', gzipSync(idx)))).toArray(), [7, 8, 9]);
    const x = await readImageFile(file('a.png', png(255, 4, 2)), { size: [2, 2] });
    assert.deepEqual(x.shape, [3, 2, 2]);
    assert.deepEqual([...x.dataSync()], new Array(12).fill(1));
    await assert.rejects(readImageFile(file('fake.png', 'hello')), /readImageFile: '.*fake\.png': decodeImage: not a PNG or JPEG file/);
  });

  test('readImageFolder: one sub-folder per class → images, labels, sorted classes', async () => {
    const root = join(dir, 'pets');
    for (const c of ['dog', 'cat', '.hidden']) mkdirSync(join(root, c), { recursive: true });
    writeFileSync(join(root, 'cat', 'b.png'), png(0, 4, 4));
    writeFileSync(join(root, 'cat', 'a.PNG'), png(51, 2, 2));
    writeFileSync(join(root, 'cat', 'notes.txt'), 'not an image');
    const rgba = new Uint8Array(3 * 3 * 4).fill(255);
    writeFileSync(join(root, 'dog', 'x.jpg'), encodeJpeg({ width: 3, height: 3, data: rgba }, 90).data);
    writeFileSync(join(root, '.hidden', 'z.png'), png(9));
    const folder = await readImageFolder(root, { size: [2, 2] });
    assert.deepEqual(folder.classes, ['cat', 'dog']);
    assert.deepEqual(folder.images.shape, [3, 3, 2, 2]);
    assert.equal(folder.labels.dtype, 'int32');
    assert.deepEqual(folder.labels.toArray(), [0, 0, 1]);
    assert.deepEqual(folder.files.map((f) => f.slice(root.length + 1)), [join('cat', 'a.PNG'), join('cat', 'b.png'), join('dog', 'x.jpg')]);
    assert.ok(Math.abs(folder.images.dataSync()[0]! - 0.2) < 1e-6);
    await assert.rejects(readImageFolder(root), /'.*b\.png' is \[3, 4, 4\] but '.*a\.PNG' is \[3, 2, 2\]; pass size/);
    const flat = join(dir, 'flat');
    mkdirSync(flat);
    await assert.rejects(readImageFolder(flat), /has no class sub-folders/);
    mkdirSync(join(flat, 'empty'));
    await assert.rejects(readImageFolder(flat), /no images with extensions/);
  });
});

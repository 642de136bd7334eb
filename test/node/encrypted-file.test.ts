import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Generator, Linear, Model, ModelFormatError, randn, ReLU, Sequential, ValueError } from '../../src/index.js';
import {
  decryptBytes,
  DecryptionError,
  encryptBytes,
  ENCRYPTION_OVERHEAD,
  isEncrypted,
  loadModel,
  MODEL_CONFIG_FILE,
  MODEL_WEIGHTS_FILE,
  ModelCheckpoint,
  readEncryptedFile,
  saveModel,
  writeEncryptedFile,
} from '../../src/node/index.js';

const KEY = randomBytes(32);
const HEX = KEY.toString('hex');
const OTHER = randomBytes(32).toString('hex');
const PLAIN = new TextEncoder().encode('label,amount\nfraud,912.50\nok,12.00\n'.repeat(3));

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sprout-encrypt-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Header 0–31, IV 32–43, ciphertext, tag: the region a byte offset falls in. */
function region(offset: number, length: number): string {
  if (offset < 32) return 'header';
  if (offset < 44) return 'iv';
  return offset < length - 16 ? 'ciphertext' : 'tag';
}

describe('encrypted files (AES-256-GCM)', () => {
  test('round trip with a key given as bytes, hex, base64, a key file and the SPROUT_KEY variable', async () => {
    const keyFile = join(root, 'sprout.key');
    await writeFile(keyFile, `${HEX}\n`);
    const rawKeyFile = join(root, 'raw.key');
    await writeFile(rawKeyFile, KEY);
    const sources = [{ key: new Uint8Array(KEY) }, { key: HEX }, { key: KEY.toString('base64') }, { keyFile }, { keyFile: rawKeyFile }, { env: 'SPROUT_TEST_KEY' }, {}];
    process.env['SPROUT_TEST_KEY'] = KEY.toString('base64');
    process.env['SPROUT_KEY'] = HEX;
    try {
      for (const source of sources) {
        const sealed = await encryptBytes(PLAIN, source);
        assert.equal(sealed.length, PLAIN.length + ENCRYPTION_OVERHEAD);
        assert.ok(isEncrypted(sealed));
        assert.equal(Buffer.from(sealed).indexOf('fraud'), -1, 'the plaintext must not show');
        // Any form of the same key opens it.
        assert.deepEqual(await decryptBytes(sealed, { key: HEX }), PLAIN, JSON.stringify(Object.keys(source)));
      }
    } finally {
      delete process.env['SPROUT_TEST_KEY'];
      delete process.env['SPROUT_KEY'];
    }
  });

  test('the same plaintext encrypts differently every time (a random IV per write)', async () => {
    const [a, b] = [await encryptBytes(PLAIN, { key: HEX }), await encryptBytes(PLAIN, { key: HEX })];
    assert.notDeepEqual(a.subarray(32, 44), b.subarray(32, 44));
  });

  test('changing any single byte — header, IV, ciphertext or tag — raises DecryptionError', async () => {
    const sealed = await encryptBytes(PLAIN, { key: HEX });
    const seen = new Set<string>();
    for (let i = 0; i < sealed.length; i++) {
      const altered = sealed.slice();
      altered[i]! ^= 0x01;
      await assert.rejects(decryptBytes(altered, { key: HEX }), DecryptionError, `byte ${i} (${region(i, sealed.length)})`);
      seen.add(region(i, sealed.length));
    }
    assert.deepEqual([...seen].sort(), ['ciphertext', 'header', 'iv', 'tag']);
  });

  test('a wrong key, a wrong passphrase and a truncated file raise DecryptionError', async () => {
    const sealed = await encryptBytes(PLAIN, { key: HEX });
    await assert.rejects(decryptBytes(sealed, { key: OTHER }), (e: unknown) => e instanceof DecryptionError && /key or passphrase is wrong/.test(e.message));
    for (const length of [0, 5, 43, ENCRYPTION_OVERHEAD - 1, ENCRYPTION_OVERHEAD, sealed.length - 1]) {
      await assert.rejects(decryptBytes(sealed.subarray(0, length), { key: HEX }), DecryptionError, `truncated to ${length} bytes`);
    }
    const locked = await encryptBytes(PLAIN, { passphrase: 'correct horse battery staple' });
    assert.deepEqual(await decryptBytes(locked, { passphrase: 'correct horse battery staple' }), PLAIN);
    await assert.rejects(decryptBytes(locked, { passphrase: 'correct horse battery stapler' }), DecryptionError);
    const salt = locked.slice();
    salt[20]! ^= 0x80;
    await assert.rejects(decryptBytes(salt, { passphrase: 'correct horse battery staple' }), DecryptionError, 'altered salt');
    const cost = locked.slice();
    cost[28] = 40;
    await assert.rejects(decryptBytes(cost, { passphrase: 'correct horse battery staple' }), /implausible scrypt parameters/);
    await assert.rejects(decryptBytes(locked, { key: HEX }), (e: unknown) => e instanceof DecryptionError && /encrypted with a passphrase/.test(e.message));
  });

  test('bad key sources name the problem and never the key', async () => {
    await assert.rejects(encryptBytes(PLAIN, { key: 'abc123' }), (e: unknown) => e instanceof ValueError && /64 hex digits or in base64/.test(e.message) && !e.message.includes('abc123'));
    await assert.rejects(encryptBytes(PLAIN, { key: HEX, passphrase: 'x' }), /one of key, keyFile, passphrase and env, got key and passphrase/);
    await assert.rejects(encryptBytes(PLAIN, { env: 'SPROUT_NO_SUCH_VARIABLE' }), /set the environment variable SPROUT_NO_SUCH_VARIABLE/);
    await assert.rejects(encryptBytes(PLAIN, { keyFile: join(root, 'missing.key') }), /cannot read the key file .*no such file/);
  });

  test('writeEncryptedFile replaces a file atomically and readEncryptedFile opens it (a dataset)', async () => {
    const path = join(root, 'customers.csv.enc');
    await writeEncryptedFile(path, 'old contents', { key: HEX });
    await writeEncryptedFile(path, PLAIN, { key: HEX });
    assert.deepEqual(await readEncryptedFile(path, { key: HEX }), PLAIN);
    assert.deepEqual((await readdir(root)).filter((f) => f.includes('sprout-file')), [], 'no temporary left');
    await assert.rejects(readEncryptedFile(join(root, 'absent.enc'), { key: HEX }), /cannot read/);
  });
});

describe('encrypted models and checkpoints', () => {
  function net(): Model {
    const g = new Generator(4);
    const model = new Model(new Sequential(new Linear(5, 6, { generator: g }), new ReLU(), new Linear(6, 2, { generator: g })));
    model.compile({ optimizer: 'adam', loss: 'crossEntropy', metrics: ['accuracy'] });
    return model;
  }

  test('saveModel({ encryption }) writes both files encrypted; loadModel with the key restores the model', async () => {
    const dir = join(root, 'model');
    const model = net();
    await saveModel(model, dir, { labels: ['no', 'yes'], encryption: { key: HEX } });
    for (const file of [MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE]) {
      const bytes = await readFile(join(dir, file));
      assert.ok(isEncrypted(bytes), file);
      assert.equal(bytes.indexOf('Linear'), -1, `${file} must not show the architecture`);
    }
    const { model: restored, config } = await loadModel(dir, { encryption: { key: HEX } });
    assert.deepEqual(config.labels, ['no', 'yes']);
    const x = randn([3, 5], { generator: new Generator(9) });
    assert.deepEqual(restored.predict(x).toArray(), model.predict(x).toArray());
  });

  test('loading an encrypted model without a key, with a wrong key, or after tampering loads nothing', async () => {
    const dir = join(root, 'locked');
    await saveModel(net(), dir, { encryption: { passphrase: 'open sesame' } });
    await assert.rejects(loadModel(dir), (e: unknown) => e instanceof ModelFormatError && /holds an encrypted model; pass \{ encryption/.test(e.message));
    await assert.rejects(loadModel(dir, { encryption: { passphrase: 'open sesame!' } }), DecryptionError);
    const weights = join(dir, MODEL_WEIGHTS_FILE);
    const bytes = await readFile(weights);
    bytes[bytes.length - 30]! ^= 0x04;
    await writeFile(weights, bytes);
    await assert.rejects(loadModel(dir, { encryption: { passphrase: 'open sesame' } }), (e: unknown) => e instanceof DecryptionError && /model\.safetensors/.test(e.message));
  });

  test('ModelCheckpoint({ encryption }) saves checkpoints that open with the key', async () => {
    const dir = join(root, 'checkpoints');
    const model = net();
    const x = randn([20, 5], { generator: new Generator(1) });
    const y = x.sum(1).gt(0).cast('int32');
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new ModelCheckpoint(join(dir, 'epoch-{epoch}'), { encryption: { key: HEX } })] });
    assert.deepEqual((await readdir(dir)).sort(), ['epoch-1', 'epoch-2']);
    assert.ok(isEncrypted(await readFile(join(dir, 'epoch-2', MODEL_WEIGHTS_FILE))));
    const { model: restored } = await loadModel(join(dir, 'epoch-2'), { encryption: { key: HEX } });
    assert.deepEqual(restored.predict(x).toArray(), model.predict(x).toArray());
  });
});

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { SPROUT_VERSION } from '../../src/train/version.js';

test('SPROUT_VERSION equals the version in package.json', async () => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  assert.equal(SPROUT_VERSION, pkg.version);
});

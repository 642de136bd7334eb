/** bearerTokenMatches: the exact key after 'Bearer ' passes; anything else fails, whatever its length. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearerTokenMatches } from '../../src/serve/bearer-token.js';

test('the exact key passes (scheme case-insensitive, trailing spaces ignored)', () => {
  assert.equal(bearerTokenMatches('Bearer s3cr3t', 's3cr3t'), true);
  assert.equal(bearerTokenMatches('bearer s3cr3t  ', 's3cr3t'), true);
});

test('a missing header, another scheme, a prefix, a longer key or an empty token fail', () => {
  for (const header of [undefined, '', 'Basic s3cr3t', 's3cr3t', 'Bearer s3cr3', 'Bearer s3cr3tt', 'Bearer ', 'Bearer', 'Bearer S3CR3T']) {
    assert.equal(bearerTokenMatches(header, 's3cr3t'), false, String(header));
  }
});

/**
 * bearerTokenMatches: checks an `Authorization: Bearer <token>` header against the service's API
 * key in constant time. Both sides are hashed with SHA-256 first so the comparison always runs over
 * 32 bytes: `timingSafeEqual` alone would throw on different lengths, and an early length check
 * would tell an attacker the key's length.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries the key.
 *
 * @param header The request's Authorization header (undefined when absent).
 * @param key The expected token.
 * @example
 * bearerTokenMatches('Bearer s3cret', 's3cret'); // true
 */
export function bearerTokenMatches(header: string | undefined, key: string): boolean {
  const match = /^Bearer +(.+?)\s*$/i.exec(header ?? '');
  const given = match?.[1] ?? '';
  const equal = timingSafeEqual(digest(given), digest(key));
  return match !== null && equal;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

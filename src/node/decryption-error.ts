/**
 * DecryptionError: an encrypted file could not be opened — a wrong key or passphrase, a file that
 * was altered or truncated, or one that is not a Sprout encrypted file. AES-GCM cannot tell a
 * wrong key from tampering, so the message names both; nothing from the file is returned.
 */
import { SproutError } from '../core/index.js';

/** An encrypted file failed authentication or is not one Sprout can read. */
export class DecryptionError extends SproutError {
  override readonly name = 'DecryptionError';
}

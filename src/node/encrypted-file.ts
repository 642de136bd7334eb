/**
 * Encrypted files: AES-256-GCM (NIST SP 800-38D) from node:crypto, with a versioned header that
 * is authenticated too, so a change anywhere in the file — header, IV, ciphertext or tag — or a
 * wrong key fails with a DecryptionError and nothing is returned. Writes are atomic
 * (writeFileAtomic). Models, checkpoints and datasets all use this one format.
 *
 * Layout (version 1; all integers unsigned):
 *
 *   offset  size  field
 *        0     8  magic "SPROUTEN"
 *        8     1  format version (1)
 *        9     1  key source: 0 a raw 256-bit key, 1 scrypt from a passphrase
 *       10     2  reserved, zero
 *       12    16  scrypt salt (zeros for a raw key)
 *       28     1  scrypt log₂ N   (0 for a raw key)
 *       29     1  scrypt r        (0 for a raw key)
 *       30     1  scrypt p        (0 for a raw key)
 *       31     1  reserved, zero
 *       32    12  IV (random per write; GCM's recommended 96 bits)
 *       44     n  ciphertext
 *     44+n    16  authentication tag
 *
 * Bytes 0–43 (header and IV) are the GCM additional authenticated data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DataError } from '../core/index.js';
import { DecryptionError } from './decryption-error.js';
import { deriveKey, type EncryptionOptions, resolveKeySource, SCRYPT_PARAMETERS, type ScryptParameters } from './encryption-key.js';
import { fileErrorReason } from './read-file-bytes.js';
import { writeFileAtomic, type WriteFileAtomicOptions } from './write-file-atomic.js';

const MAGIC = new TextEncoder().encode('SPROUTEN');
const VERSION = 1;
const HEADER_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The most memory scrypt may need for a file's header (128·N·r bytes) before the header is authenticated. */
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
/** Bytes an encrypted file adds to its contents. */
export const ENCRYPTION_OVERHEAD = HEADER_BYTES + IV_BYTES + TAG_BYTES;

/** Whether `bytes` start like a Sprout encrypted file (the magic; nothing is authenticated). */
export function isEncrypted(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Encrypts `plaintext` under the key the options name.
 *
 * @throws ValueError for a bad key source (see resolveKeySource).
 * @example
 * const sealed = await encryptBytes(bytes, { passphrase: 'correct horse battery staple' });
 */
export async function encryptBytes(plaintext: Uint8Array, options: EncryptionOptions): Promise<Uint8Array> {
  const source = await resolveKeySource('encrypt', options);
  const header = new Uint8Array(HEADER_BYTES);
  header.set(MAGIC, 0);
  header[8] = VERSION;
  let key: Uint8Array;
  if (source.kind === 'passphrase') {
    const salt = new Uint8Array(randomBytes(16));
    header[9] = 1;
    header.set(salt, 12);
    header.set([SCRYPT_PARAMETERS.logN, SCRYPT_PARAMETERS.r, SCRYPT_PARAMETERS.p], 28);
    key = await deriveKey(source.passphrase, salt, SCRYPT_PARAMETERS);
  } else {
    key = source.key;
  }
  const iv = new Uint8Array(randomBytes(IV_BYTES));
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const aad = new Uint8Array(HEADER_BYTES + IV_BYTES);
  aad.set(header, 0);
  aad.set(iv, HEADER_BYTES);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const out = new Uint8Array(aad.length + body.length + TAG_BYTES);
  out.set(aad, 0);
  out.set(body, aad.length);
  out.set(cipher.getAuthTag(), aad.length + body.length);
  return out;
}

/**
 * Checks the header and opens the file's contents.
 *
 * @param what The file, for messages.
 * @throws DecryptionError for a file that is not a Sprout encrypted file, of an unknown version,
 *   truncated, altered anywhere, encrypted under another key or passphrase, or with a passphrase
 *   where a key was given (or the reverse); ValueError for a bad key source.
 * @example
 * const bytes = await decryptBytes(sealed, { passphrase: 'correct horse battery staple' });
 */
export async function decryptBytes(sealed: Uint8Array, options: EncryptionOptions, what = 'data'): Promise<Uint8Array> {
  if (!isEncrypted(sealed)) throw new DecryptionError(`decrypt: ${what} is not a Sprout encrypted file (its first bytes are not "SPROUTEN")`);
  if (sealed.length < ENCRYPTION_OVERHEAD) {
    throw new DecryptionError(`decrypt: ${what} is truncated: ${sealed.length} bytes, shorter than the ${ENCRYPTION_OVERHEAD} bytes of header, IV and tag`);
  }
  if (sealed[8] !== VERSION) throw new DecryptionError(`decrypt: ${what} has format version ${sealed[8]}; this Sprout reads version ${VERSION}`);
  const kind = sealed[9];
  if (kind !== 0 && kind !== 1) throw new DecryptionError(`decrypt: ${what} names an unknown key source ${kind} (expected 0, a key, or 1, a passphrase)`);
  const source = await resolveKeySource('decrypt', options);
  let key: Uint8Array;
  if (kind === 1) {
    if (source.kind !== 'passphrase') throw new DecryptionError(`decrypt: ${what} says it was encrypted with a passphrase (or its header was altered); pass encryption: { passphrase }`);
    const parameters: ScryptParameters = { logN: sealed[28]!, r: sealed[29]!, p: sealed[30]! };
    // The header is not yet authenticated: refuse costs that would exhaust memory or time.
    const memory = 128 * 2 ** parameters.logN * parameters.r;
    if (parameters.logN < 10 || parameters.logN > 20 || parameters.r < 1 || memory > MAX_SCRYPT_MEMORY || parameters.p < 1 || parameters.p > 4) {
      throw new DecryptionError(`decrypt: ${what} has implausible scrypt parameters (log2 N ${parameters.logN}, r ${parameters.r}, p ${parameters.p}); the file is damaged`);
    }
    key = await deriveKey(source.passphrase, sealed.subarray(12, 28), parameters);
  } else {
    if (source.kind !== 'key') throw new DecryptionError(`decrypt: ${what} says it was encrypted with a key, not a passphrase (or its header was altered); pass encryption: { key | keyFile | env }`);
    key = source.key;
  }
  const aadEnd = HEADER_BYTES + IV_BYTES;
  const tagStart = sealed.length - TAG_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(HEADER_BYTES, aadEnd));
  decipher.setAAD(sealed.subarray(0, aadEnd));
  decipher.setAuthTag(sealed.subarray(tagStart));
  try {
    return new Uint8Array(Buffer.concat([decipher.update(sealed.subarray(aadEnd, tagStart)), decipher.final()]));
  } catch {
    throw new DecryptionError(`decrypt: ${what} failed authentication: the key or passphrase is wrong, or the file was altered or truncated`);
  }
}

/**
 * Writes `data` encrypted to `path`, atomically.
 *
 * @throws ValueError for a bad key source; the file system's errors (with `path` unchanged).
 * @example
 * await writeEncryptedFile('data/customers.csv.enc', csvBytes, { keyFile: '/run/secrets/sprout.key' });
 */
export async function writeEncryptedFile(path: string, data: Uint8Array | string, encryption: EncryptionOptions, options: WriteFileAtomicOptions = {}): Promise<void> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  await writeFileAtomic(path, await encryptBytes(bytes, encryption), options);
}

/**
 * Reads and decrypts a file written by {@link writeEncryptedFile} (or an encrypted model file).
 *
 * @throws DataError when the file cannot be read; DecryptionError when it does not open.
 * @example
 * const rows = parseCsv(new TextDecoder().decode(await readEncryptedFile('data/customers.csv.enc', { env: 'SPROUT_KEY' })));
 */
export async function readEncryptedFile(path: string, encryption: EncryptionOptions): Promise<Uint8Array> {
  let sealed: Buffer;
  try {
    sealed = await readFile(path);
  } catch (error) {
    throw new DataError(`readEncryptedFile: cannot read '${path}': ${fileErrorReason(error)}`);
  }
  return decryptBytes(new Uint8Array(sealed.buffer, sealed.byteOffset, sealed.byteLength), encryption, `'${path}'`);
}

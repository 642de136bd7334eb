/**
 * Where the 256-bit key of an encrypted file comes from: given directly, read from a key file or
 * an environment variable (32 bytes as 64 hex digits or base64; a key file may also hold the 32
 * raw bytes), or derived from a passphrase with scrypt (RFC 7914) and a random salt that the file
 * header records. Keys are never echoed in messages.
 */
import { scrypt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ValueError } from '../core/index.js';
import { fileErrorReason } from './read-file-bytes.js';

/** The environment variable read when no other key source is given. */
export const DEFAULT_KEY_VARIABLE = 'SPROUT_KEY';

/**
 * Options of encrypted saving and loading: at most one of `key`, `keyFile`, `passphrase`, `env`;
 * none means the environment variable SPROUT_KEY.
 */
export interface EncryptionOptions {
  /** 32 bytes, or their 64 hex digits or base64. */
  readonly key?: Uint8Array | string;
  /** A file holding the key (hex, base64 or 32 raw bytes). */
  readonly keyFile?: string;
  /** A passphrase; the key is derived with scrypt (N 2¹⁵, r 8, p 1) and a per-file salt. */
  readonly passphrase?: string;
  /** An environment variable holding the key (hex or base64); default SPROUT_KEY. */
  readonly env?: string;
}

/** scrypt cost parameters, as recorded in the file header. */
export interface ScryptParameters {
  /** log₂ N. */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/** Sprout's scrypt cost for new files: about 0.1 s and 32 MiB on a laptop (OWASP's minimum is N 2¹⁷ with r 8 for interactive logins; files are opened rarely). */
export const SCRYPT_PARAMETERS: ScryptParameters = { logN: 15, r: 8, p: 1 };

/** The resolved key source: a 32-byte key, or a passphrase still to be stretched with a file's salt. */
export type KeySource = { readonly kind: 'key'; readonly key: Uint8Array } | { readonly kind: 'passphrase'; readonly passphrase: string };

/** 32 bytes from hex or base64 text (surrounding white space ignored), or null. */
function keyFromText(text: string): Uint8Array | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return new Uint8Array(Buffer.from(t, 'hex'));
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) {
    const bytes = Buffer.from(t, 'base64');
    if (bytes.length === 32) return new Uint8Array(bytes);
  }
  return null;
}

const KEY_FORM = 'a 256-bit key: 32 bytes, written as 64 hex digits or in base64';

/**
 * Resolves the options to a key or a passphrase.
 *
 * @throws ValueError for more than one source, a key of the wrong size or form, an unreadable key
 *   file, an empty passphrase, or a missing environment variable.
 */
export async function resolveKeySource(op: string, options: EncryptionOptions): Promise<KeySource> {
  const given = (['key', 'keyFile', 'passphrase', 'env'] as const).filter((k) => options[k] !== undefined);
  if (given.length > 1) throw new ValueError(`${op}: encryption takes one of key, keyFile, passphrase and env, got ${given.join(' and ')}`);
  if (options.passphrase !== undefined) {
    if (typeof options.passphrase !== 'string' || options.passphrase === '') throw new ValueError(`${op}: encryption.passphrase must be a non-empty string`);
    return { kind: 'passphrase', passphrase: options.passphrase };
  }
  if (options.key !== undefined) {
    const key = typeof options.key === 'string' ? keyFromText(options.key) : options.key;
    if (!(key instanceof Uint8Array) || key.length !== 32) throw new ValueError(`${op}: encryption.key must be ${KEY_FORM}`);
    return { kind: 'key', key };
  }
  if (options.keyFile !== undefined) {
    let bytes: Buffer;
    try {
      bytes = await readFile(options.keyFile);
    } catch (error) {
      throw new ValueError(`${op}: cannot read the key file '${options.keyFile}': ${fileErrorReason(error)}`);
    }
    const key = keyFromText(bytes.toString('latin1')) ?? (bytes.length === 32 ? new Uint8Array(bytes) : null);
    if (key === null) throw new ValueError(`${op}: the key file '${options.keyFile}' must hold ${KEY_FORM}, or the 32 raw bytes`);
    return { kind: 'key', key };
  }
  const variable = options.env ?? DEFAULT_KEY_VARIABLE;
  const text = process.env[variable];
  if (text === undefined || text === '') throw new ValueError(`${op}: no encryption key: set the environment variable ${variable}, or pass key, keyFile or passphrase`);
  const key = keyFromText(text);
  if (key === null) throw new ValueError(`${op}: the environment variable ${variable} must hold ${KEY_FORM}`);
  return { kind: 'key', key };
}

/** Stretches a passphrase to a 32-byte key with scrypt. */
export function deriveKey(passphrase: string, salt: Uint8Array, parameters: ScryptParameters): Promise<Uint8Array> {
  const N = 2 ** parameters.logN;
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { N, r: parameters.r, p: parameters.p, maxmem: 256 * N * parameters.r }, (error, key) =>
      error === null ? resolve(new Uint8Array(key)) : reject(error),
    );
  });
}

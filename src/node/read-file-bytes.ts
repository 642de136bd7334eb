/**
 * Reading a whole file for the data readers, with errors that say which file and why.
 */
import { readFile } from 'node:fs/promises';
import { DataError } from '../core/index.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a component of the path is not a directory',
};

/** Why a file-system call failed, in words, from Node's error code. */
export function fileErrorReason(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  return REASONS[code] ?? (error instanceof Error ? error.message : String(error));
}

/**
 * A file's bytes.
 *
 * @param op The public function reading, for the message (`readCsvFile`).
 * @param path The file.
 * @throws DataError naming the file and the reason (missing, a directory, no permission).
 * @example
 * const bytes = await readFileBytes('readWavFile', 'recordings/0_george_0.wav');
 */
export async function readFileBytes(op: string, path: string): Promise<Uint8Array> {
  if (typeof path !== 'string' || path === '') throw new DataError(`${op}: path must be a non-empty string, got ${JSON.stringify(path)}`);
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw new DataError(`${op}: cannot read '${path}': ${fileErrorReason(error)}`);
  }
}

/**
 * A text file's contents.
 *
 * @param op The public function reading, for the message.
 * @param path The file.
 * @param encoding A WHATWG encoding label (default 'utf-8'; 'latin1' for ISO-8859-1 files).
 * @throws DataError for an unreadable file, an unknown encoding, or bytes that are not valid in it.
 * @example
 * const text = await readFileText('readCsvFile', 'u.item', 'latin1');
 */
export async function readFileText(op: string, path: string, encoding = 'utf-8'): Promise<string> {
  const bytes = await readFileBytes(op, path);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new DataError(`${op}: unknown encoding '${encoding}'; expected a label such as 'utf-8' or 'latin1'`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new DataError(`${op}: '${path}' is not valid ${encoding} text; pass the file's encoding (for example encoding: 'latin1')`);
  }
}

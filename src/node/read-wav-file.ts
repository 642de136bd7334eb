/**
 * Reading a WAV file.
 */
import { DataError } from '../core/index.js';
import { decodeWav, type DecodedWav } from '../data/index.js';
import { readFileBytes } from './read-file-bytes.js';

/**
 * Reads a WAV file (PCM 8/16/24/32-bit or 32-bit float; see {@link decodeWav}).
 *
 * @param path The file.
 * @returns samples float32 [C, T] in [−1, 1], the sample rate, channels and bit depth.
 * @throws DataError for a missing or unreadable file, or a malformed or unsupported WAV (the
 *   message names the file).
 * @example
 * const { samples, sampleRate } = await readWavFile('recordings/7_theo_3.wav'); // [1, T], 8000
 */
export async function readWavFile(path: string): Promise<DecodedWav> {
  const bytes = await readFileBytes('readWavFile', path);
  try {
    return decodeWav(bytes);
  } catch (error) {
    if (error instanceof DataError) throw new DataError(`readWavFile: '${path}': ${error.message}`);
    throw error;
  }
}

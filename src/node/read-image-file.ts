/**
 * Reading a PNG or JPEG file into a tensor.
 */
import { DataError, type Tensor } from '../core/index.js';
import { decodeImage, type ImageOptions } from '../data/index.js';
import { readFileBytes } from './read-file-bytes.js';

/**
 * Reads a PNG or JPEG into a float32 tensor, [C, H, W] by default (see {@link decodeImage} for
 * size, channels, layout and normalisation).
 *
 * @param path The file.
 * @param options Size, channels, layout, mean and std.
 * @throws DataError for a missing or unreadable file, or bytes that are not a valid PNG or JPEG
 *   (the message names the file).
 * @throws ValueError for bad options.
 * @example
 * const x = await readImageFile('cat.jpg', { size: [64, 64] }); // [3, 64, 64] in [0, 1]
 */
export async function readImageFile(path: string, options: ImageOptions = {}): Promise<Tensor> {
  const bytes = await readFileBytes('readImageFile', path);
  try {
    return decodeImage(bytes, options);
  } catch (error) {
    if (error instanceof DataError) throw new DataError(`readImageFile: '${path}': ${error.message}`);
    throw error;
  }
}

/**
 * Reading an IDX file (MNIST, Fashion-MNIST), gzip-compressed or not.
 */
import { DataError, type Tensor } from '../core/index.js';
import { decodeIdx } from '../data/index.js';
import { readFileBytes } from './read-file-bytes.js';

/**
 * Reads an IDX file into a tensor (see {@link decodeIdx}).
 *
 * @param path The file, `.gz` or not.
 * @throws DataError for a missing or unreadable file or a malformed IDX file (naming the file).
 * @example
 * const labels = await readIdxFile('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz'); // int32 [10000]
 */
export async function readIdxFile(path: string): Promise<Tensor> {
  const bytes = await readFileBytes('readIdxFile', path);
  try {
    return await decodeIdx(bytes);
  } catch (error) {
    if (error instanceof DataError) throw new DataError(`readIdxFile: '${path}': ${error.message}`);
    throw error;
  }
}

/**
 * Reading Fashion-MNIST for the examples and benchmarks: Debian's `dataset-fashion-mnist` IDX
 * files (/usr/share/datasets/fashion-mnist, or FASHION_MNIST_DIR), images scaled to [0, 1].
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cast, decodeIdx, narrow, type Tensor } from '../src/index.js';

/** Where the IDX files are. */
export const FASHION_MNIST_DIR = process.env['FASHION_MNIST_DIR'] ?? '/usr/share/datasets/fashion-mnist';

/** Exits with a message (status 1) when the dataset is not installed. */
export function requireFashionMnist(): void {
  if (!existsSync(join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz'))) {
    console.error(`Fashion-MNIST not found in ${FASHION_MNIST_DIR}: apt-get install -y dataset-fashion-mnist (or set FASHION_MNIST_DIR)`);
    process.exit(1);
  }
}

/**
 * The first `limit` images of a split (all without it), float32 in [0, 1], as [n, 784] ('flat')
 * or [n, 1, 28, 28] ('image'), and the int32 labels.
 */
export async function loadFashionMnist(split: 'train' | 't10k', limit: number | undefined, layout: 'flat' | 'image'): Promise<{ x: Tensor; y: Tensor }> {
  let images = await decodeIdx(readFileSync(join(FASHION_MNIST_DIR, `${split}-images-idx3-ubyte.gz`)));
  let labels = await decodeIdx(readFileSync(join(FASHION_MNIST_DIR, `${split}-labels-idx1-ubyte.gz`)));
  if (limit !== undefined && limit < images.shape[0]!) {
    images = narrow(images, 0, 0, limit);
    labels = narrow(labels, 0, 0, limit);
  }
  const n = images.shape[0]!;
  const scaled = cast(images, 'float32').div(255);
  return { x: layout === 'flat' ? scaled.reshape([n, 784]) : scaled.reshape([n, 1, 28, 28]), y: labels };
}

/**
 * Reading an image-classification folder: one sub-folder per class (torchvision's ImageFolder).
 *
 *     pets/cat/001.png   pets/cat/002.jpg   pets/dog/001.jpeg …
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, formatShape, stack, tensor, type Tensor } from '../core/index.js';
import type { ImageOptions } from '../data/index.js';
import { fileErrorReason } from './read-file-bytes.js';
import { readImageFile } from './read-image-file.js';

/** Options of {@link readImageFolder}: {@link ImageOptions} plus which files count as images. */
export interface ReadImageFolderOptions extends ImageOptions {
  /** File extensions read, compared case-insensitively (default `.png`, `.jpg`, `.jpeg`). */
  readonly extensions?: readonly string[];
}

/** The images of a class folder tree. */
export interface ImageFolder {
  /** float32 [N, C, H, W] (or [N, H, W, C] with layout 'hwc'). */
  readonly images: Tensor;
  /** int32 [N]: each image's index into `classes`. */
  readonly labels: Tensor;
  /** Class names: the sub-folder names, sorted. */
  readonly classes: string[];
  /** Each image's path, in the order of `images`. */
  readonly files: string[];
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function entries(dir: string): Promise<{ name: string; isDirectory: boolean; isFile: boolean }[]> {
  try {
    const list = await readdir(dir, { withFileTypes: true });
    return list.filter((e) => !e.name.startsWith('.')).map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() }));
  } catch (error) {
    throw new DataError(`readImageFolder: cannot read the folder '${dir}': ${fileErrorReason(error)}`);
  }
}

/**
 * Reads every image below `dir`, one sub-folder per class; classes are the sorted sub-folder
 * names and files are read in sorted order, so labels are stable. Hidden entries and files with
 * other extensions are skipped. Images are decoded, converted and resized as {@link decodeImage}
 * does; pass `size` unless all images already share one.
 *
 * @param dir The root folder.
 * @param options Size, channels, layout, normalisation and extensions.
 * @throws DataError for a missing or unreadable folder, no class folders, no images, an image
 *   that cannot be decoded (naming it), or images of different sizes without `size`.
 * @example
 * const { images, labels, classes } = await readImageFolder('data/pets', { size: [64, 64] });
 * // images [N, 3, 64, 64], labels int32 [N], classes ['cat', 'dog']
 */
export async function readImageFolder(dir: string, options: ReadImageFolderOptions = {}): Promise<ImageFolder> {
  const { extensions = ['.png', '.jpg', '.jpeg'], ...imageOptions } = options;
  const wanted = new Set(extensions.map((e) => e.toLowerCase()));
  const classes = (await entries(dir))
    .filter((e) => e.isDirectory)
    .map((e) => e.name)
    .sort(byCodeUnit);
  if (classes.length === 0) throw new DataError(`readImageFolder: '${dir}' has no class sub-folders; expected one folder per class (${dir}/cat/…, ${dir}/dog/…)`);
  const images: Tensor[] = [];
  const labels: number[] = [];
  const files: string[] = [];
  for (const [label, name] of classes.entries()) {
    const folder = join(dir, name);
    const names = (await entries(folder))
      .filter((e) => e.isFile && wanted.has(e.name.slice(e.name.lastIndexOf('.')).toLowerCase()))
      .map((e) => e.name)
      .sort(byCodeUnit);
    for (const file of names) {
      const path = join(folder, file);
      const image = await readImageFile(path, imageOptions);
      const first = images[0];
      if (first !== undefined && first.shape.some((d, k) => d !== image.shape[k])) {
        throw new DataError(`readImageFolder: '${path}' is ${formatShape(image.shape)} but '${files[0]}' is ${formatShape(first.shape)}; pass size: [height, width] to resize them all`);
      }
      images.push(image);
      labels.push(label);
      files.push(path);
    }
  }
  if (images.length === 0) throw new DataError(`readImageFolder: no images with extensions [${[...wanted].join(', ')}] in the class folders of '${dir}'`);
  return { images: stack(images, 0), labels: tensor(labels, { dtype: 'int32' }), classes, files };
}

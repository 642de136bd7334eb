/**
 * readImageInputs: what the image pipeline's commands read — one of
 *
 * - a folder with one sub-folder per class (readImageFolder; the sub-folder names are the labels),
 * - a flat folder of images (no labels; `sprout predict` only),
 * - one PNG or JPEG file (no labels; `sprout predict` only),
 * - an IDX image file (MNIST, Fashion-MNIST; `.gz` or not) with, optionally, its IDX label file,
 *
 * as float32 [N, C, H, W] in [0, 1]. Images are read as RGB and kept as one grey channel when every
 * image is grey (R = G = B) or when the model takes grey images; a colour image for a grey model is
 * refused rather than silently converted (the model never saw colour).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, tensor, type Tensor } from '../core/index.js';
import { resizeBilinear } from '../data/index.js';
import { readIdxFile, readImageFile, readImageFolder } from '../node/index.js';
import { CliError } from './cli-error.js';

/** File extensions read as images. */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;

/** Options of {@link readImageInputs}. */
export interface ReadImageInputsOptions {
  /** The IDX label file that goes with an IDX image file. */
  readonly labels?: string;
  /** The flag naming `labels`, for messages (`--train-labels`). */
  readonly labelsFlag: string;
  /** Resize every image to [height, width] (default: the images' own size, which must agree). */
  readonly size?: readonly [number, number];
  /** 1 (grey) or 3 (RGB); default: 1 when every image is grey, else 3. */
  readonly channels?: number;
  /** Names of IDX classes 0, 1, …; default '0', '1', …. */
  readonly classNames?: readonly string[];
}

/** Images read for the image pipeline. */
export interface ImageInputs {
  /** float32 [N, C, H, W] in [0, 1]. */
  readonly images: Tensor;
  /** Each image's file (IDX images: `file[index]`). */
  readonly files: string[];
  /** Class names (class folders: the sub-folder names; IDX: 0 … the largest label); empty without labels. */
  readonly classes: string[];
  /** Each image's index into `classes`; null without labels. */
  readonly labels: Int32Array | null;
  /** The source in words, for the report (`class folders`, `IDX`, …). */
  readonly kind: string;
}

const isImageFile = (name: string): boolean => IMAGE_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));

/**
 * Reads images (and labels, where the source has them) from `path`.
 *
 * @throws CliError / DataError naming the file or folder: missing, empty, corrupt, an IDX file
 *   without or with mismatched labels, images of different sizes without `size`, a colour image
 *   where grey ones are wanted.
 * @example
 * const train = await readImageInputs('pets/train', { labelsFlag: '--train-labels', size: [32, 32] });
 */
export async function readImageInputs(path: string, options: ReadImageInputsOptions): Promise<ImageInputs> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch {
    throw new CliError(`not found: '${path}'`);
  }
  if (isFolder) {
    if (options.labels !== undefined) throw new CliError(`${options.labelsFlag} is for IDX files; '${path}' is a folder, whose class sub-folders are the labels`);
    return readFolder(path, options);
  }
  if (isImageFile(path)) {
    if (options.labels !== undefined) throw new CliError(`${options.labelsFlag} is for IDX files, not for the image '${path}'`);
    const image = await readImageFile(path, { channels: 3, ...(options.size === undefined ? {} : { size: options.size }) });
    return { images: toChannels(image.reshape([1, ...image.shape]), [path], options.channels), files: [path], classes: [], labels: null, kind: 'image file' };
  }
  return readIdx(path, options);
}

async function readFolder(dir: string, options: ReadImageInputsOptions): Promise<ImageInputs> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  const size = options.size === undefined ? {} : { size: options.size };
  if (entries.some((e) => e.isDirectory())) {
    let folder: Awaited<ReturnType<typeof readImageFolder>>;
    try {
      folder = await readImageFolder(dir, { channels: 3, ...size });
    } catch (error) {
      if (error instanceof DataError) throw new DataError(error.message.replace('pass size: [height, width]', 'pass --size HxW'));
      throw error;
    }
    const images = toChannels(folder.images, folder.files, options.channels);
    return { images, files: folder.files, classes: folder.classes, labels: Int32Array.from(folder.labels.dataSync()), kind: 'class folders' };
  }
  const files = entries.filter((e) => e.isFile() && isImageFile(e.name)).map((e) => join(dir, e.name)).sort();
  if (files.length === 0) throw new CliError(`'${dir}' holds no images: expected class sub-folders (${join(dir, 'cat')}/…, ${join(dir, 'dog')}/…) or ${IMAGE_EXTENSIONS.join('/')} files`);
  const images: Tensor[] = [];
  for (const file of files) {
    const image = await readImageFile(file, { channels: 3, ...size });
    if (images[0] !== undefined && images[0].shape.some((d, k) => d !== image.shape[k])) {
      throw new DataError(`'${file}' is ${image.shape[2]}×${image.shape[1]} but '${files[0]}' is ${images[0].shape[2]}×${images[0].shape[1]}; pass --size HxW to resize them all`);
    }
    images.push(image);
  }
  const [, h, w] = images[0]!.shape as [number, number, number];
  const pixels = new Float32Array(images.length * 3 * h * w);
  images.forEach((image, i) => pixels.set(image.dataSync() as Float32Array, i * 3 * h * w));
  return { images: toChannels(tensor(pixels, { shape: [images.length, 3, h, w] }), files, options.channels), files, classes: [], labels: null, kind: 'image files' };
}

/** True when the pixel's three channels differ by at most two grey levels (JPEG noise). */
const GREY_TOLERANCE = 2 / 255;

/** RGB images [N, 3, H, W] as `channels` channels (default: 1 when all are grey). */
function toChannels(images: Tensor, files: readonly string[], channels: number | undefined): Tensor {
  if (channels === 3) return images;
  const [n, , h, w] = images.shape as [number, number, number, number];
  const plane = h * w;
  const rgb = images.contiguous().dataSync() as Float32Array;
  const grey = new Float32Array(n * plane);
  for (let i = 0; i < n; i++) {
    const r = i * 3 * plane;
    for (let p = 0; p < plane; p++) {
      const red = rgb[r + p]!;
      if (Math.abs(red - rgb[r + plane + p]!) > GREY_TOLERANCE || Math.abs(red - rgb[r + 2 * plane + p]!) > GREY_TOLERANCE) {
        if (channels === undefined) return images;
        throw new CliError(`'${files[i]}' is a colour image but the model takes grey images (1 channel); convert the images to greyscale first`);
      }
      grey[i * plane + p] = red;
    }
  }
  return tensor(grey, { shape: [n, 1, h, w] });
}

async function readIdx(path: string, options: ReadImageInputsOptions): Promise<ImageInputs> {
  let raw: Tensor;
  try {
    raw = await readIdxFile(path);
  } catch (error) {
    if (error instanceof DataError && error.message.includes('not an IDX file')) throw new DataError(`'${path}' is neither a PNG or JPEG file (by its name) nor an IDX file (by its first bytes)`);
    throw error;
  }
  if (raw.rank !== 3) throw new DataError(`'${path}' holds an IDX array of shape [${raw.shape.join(', ')}]; image files are [N, height, width] (grey, as MNIST), and other inputs must be PNG or JPEG`);
  const [n, h, w] = raw.shape as [number, number, number];
  const bytes = raw.dataSync();
  const [outH, outW] = options.size ?? [h, w];
  const pixels = new Float32Array(n * outH * outW);
  for (let i = 0; i < n; i++) {
    const image = Float32Array.from(bytes.subarray(i * h * w, (i + 1) * h * w), (v) => v / 255);
    pixels.set(outH === h && outW === w ? image : resizeBilinear(image, h, w, 1, outH, outW), i * outH * outW);
  }
  const images = tensor(pixels, { shape: [n, 1, outH, outW] });
  if (options.channels === 3) throw new CliError(`'${path}' holds grey IDX images but the model takes colour (RGB) images`);
  const files = Array.from({ length: n }, (_, i) => `${path}[${i}]`);
  if (options.labels === undefined) return { images, files, classes: [], labels: null, kind: 'IDX' };
  const labelTensor = await readIdxFile(options.labels);
  if (labelTensor.rank !== 1 || labelTensor.dtype !== 'int32') throw new DataError(`${options.labelsFlag} '${options.labels}' must be a 1-d IDX file of integer labels, got shape [${labelTensor.shape.join(', ')}]`);
  const labels = Int32Array.from(labelTensor.dataSync());
  if (labels.length !== n) throw new DataError(`'${path}' holds ${n} images but ${options.labelsFlag} '${options.labels}' holds ${labels.length} labels; they must pair one to one`);
  let largest = 0;
  for (const label of labels) {
    if (label < 0) throw new DataError(`${options.labelsFlag} '${options.labels}' holds the negative label ${label}; labels are class indices 0, 1, …`);
    largest = Math.max(largest, label);
  }
  const names = options.classNames;
  if (names !== undefined && names.length <= largest) throw new CliError(`there are ${names.length} class names (${names.join(', ')}) but ${options.labelsFlag} '${options.labels}' holds the label ${largest}; labels must be class indices 0 … ${names.length - 1}`);
  const classes = names === undefined ? Array.from({ length: largest + 1 }, (_, k) => String(k)) : [...names];
  return { images, files, classes, labels, kind: 'IDX' };
}

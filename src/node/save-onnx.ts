/**
 * Writing a model as an ONNX file, atomically (DESIGN.md, principle 9), so ONNX Runtime and other
 * engines can serve what Sprout trained.
 */
import { ValueError } from '../core/index.js';
import { exportOnnx, type OnnxExportOptions } from '../train/export-onnx.js';
import type { Model } from '../train/model.js';
import type { Module } from '../nn/index.js';
import { writeFileAtomic, type WriteFileAtomicOptions } from './write-file-atomic.js';

/** Options of {@link saveOnnx}: the export's and the file system's. */
export interface SaveOnnxOptions extends OnnxExportOptions, WriteFileAtomicOptions {}

/**
 * Exports `model` to ONNX (opset 17, dynamic batch) and writes it to `file` atomically.
 *
 * @param model A Model or Module whose layers all have ONNX converters.
 * @param file The `.onnx` file to write; its folder must exist.
 * @param options Input shape and names, metadata, the file system.
 * @returns The number of bytes written.
 * @throws ValueError for an empty path or a layer that cannot be exported (naming it); the file
 *   system's error when writing fails, with `file` unchanged.
 * @example
 * await saveOnnx(model, 'models/digits.onnx');
 */
export async function saveOnnx(model: Model | Module, file: string, options: SaveOnnxOptions = {}): Promise<number> {
  if (typeof file !== 'string' || file === '') throw new ValueError(`saveOnnx: file must be a non-empty path, got ${JSON.stringify(file)}`);
  const bytes = exportOnnx(model, options);
  await writeFileAtomic(file, bytes, options.fileSystem === undefined ? {} : { fileSystem: options.fileSystem });
  return bytes.length;
}

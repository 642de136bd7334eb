/**
 * Reading an ONNX file as a Sprout module (see `importOnnx`): the file is parsed as protobuf and
 * its operators looked up in a fixed table; nothing in it is executed.
 */
import { readFile } from 'node:fs/promises';
import { ModelFormatError } from '../core/index.js';
import { importOnnx, type OnnxGraphModule } from '../nn/index.js';
import { fileErrorReason } from './read-file-bytes.js';

/**
 * Loads the ONNX model in `file` as a module with its weights.
 *
 * @throws ModelFormatError naming the file: missing or unreadable, not an ONNX model, or using an
 *   operator Sprout does not import (the message names the operator and the node).
 * @example
 * const module = await loadOnnx('resnet-tiny.onnx');
 * const y = module.forward(x);
 */
export async function loadOnnx(file: string): Promise<OnnxGraphModule> {
  if (typeof file !== 'string' || file === '') throw new ModelFormatError(`loadOnnx: file must be a non-empty path, got ${JSON.stringify(file)}`);
  let bytes: Uint8Array;
  try {
    const buffer = await readFile(file);
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw new ModelFormatError(`loadOnnx: cannot read '${file}': ${fileErrorReason(error)}`, { cause: error });
  }
  try {
    return importOnnx(bytes);
  } catch (error) {
    if (!(error instanceof ModelFormatError)) throw error;
    throw new ModelFormatError(`loadOnnx: '${file}': ${error.message.replace(/^(importOnnx|decodeOnnxModel): /, '')}`, { cause: error });
  }
}

/** Reading and writing weights: the safetensors format. */
export * from './safetensors.js';
export * from './onnx-model.js';

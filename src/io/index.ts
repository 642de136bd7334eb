/** Reading and writing weights: the safetensors format. */
export * from './safetensors.js';

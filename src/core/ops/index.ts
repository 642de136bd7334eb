/** Every public tensor op, by family. */
export * from './activations.js';
export * from './adam-update.js';
export * from './binary.js';
export * from './combine.js';
export * from './creation.js';
export * from './cumsum.js';
export * from './in-place.js';
export * from './indexing.js';
export * from './matmul.js';
export * from './reduce.js';
export * from './shape-ops.js';
export * from './softmax.js';
export * from './sort.js';
export * from './special-values.js';
export * from './unary.js';
export * from './windows.js';

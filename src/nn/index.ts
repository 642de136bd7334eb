/** Layers and models (PyTorch-style modules) and parameter initialisers. */
export * from './activations.js';
export * from './config-readers.js';
export * from './init.js';
export * from './layer-registry.js';
export * from './linear.js';
export * from './module.js';
export * from './sequential.js';
export * from './batch-norm-base.js';
export * from './batch-norm1d.js';
export * from './batch-norm2d.js';
export * from './dropout.js';
export * from './embedding.js';
export * from './group-norm.js';
export * from './layer-norm.js';
export * from './residual.js';

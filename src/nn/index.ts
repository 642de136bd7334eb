/** Layers and models (PyTorch-style modules) and parameter initialisers. */
export * from './activations.js';
export * from './config-readers.js';
export * from './init.js';
export * from './layer-registry.js';
export * from './linear.js';
export * from './module.js';
export * from './sequential.js';

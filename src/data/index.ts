/** Data loading and preprocessing. */
export * from './idx.js';

/**
 * Sprout: deep learning for product teams, in TypeScript.
 *
 * @example
 * import { tensor, matmul } from 'sprout';
 */
export * from './core/index.js';
export * from './nn/index.js';
export * from './io/index.js';
export * from './losses/index.js';
export * from './metrics/index.js';
export * from './optim/index.js';
export * from './train/index.js';
export * from './data/index.js';
export * from './tune/index.js';
export * from './explain/index.js';
export * from './privacy/index.js';
export * from './compress/index.js';
export * from './apps/recommend/index.js';
export * from './apps/text/index.js';
export * from './apps/image/index.js';
export * from './apps/lm/index.js';
export * from './apps/speech/index.js';

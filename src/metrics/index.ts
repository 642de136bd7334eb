/** Streaming evaluation metrics. */
export * from './accuracy.js';
export * from './get-metric.js';
export * from './mean-metric.js';
export type * from './metric.js';

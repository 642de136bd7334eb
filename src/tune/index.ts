/**
 * Hyperparameter search: search spaces, grid / random / successive-halving strategies, holdout and
 * k-fold validation, the built-in MLP objective and the results table.
 *
 * The split helpers (holdout-split.ts, k-fold-splits.ts) stay internal: the public k-fold and
 * stratified splits belong to `data/` (issue 4, item 2), and tune should switch to those once
 * they are exported rather than publish a second set.
 */
export * from './search-space.js';
export * from './hp.js';
export * from './grid-configs.js';
export * from './sample-config.js';
export type * from './objective.js';
export type * from './search-options.js';
export * from './search-results.js';
export * from './format-results.js';
export * from './mlp-objective.js';
export * from './grid-search.js';
export * from './random-search.js';
export * from './successive-halving.js';

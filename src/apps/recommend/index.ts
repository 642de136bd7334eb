/** Recommendation pipeline: matrix factorisation for ratings, BPR for implicit feedback. */
export * from './evaluate-ranking.js';
export * from './evaluate-ratings.js';
export * from './id-map.js';
export type * from './interaction.js';
export * from './leave-one-out-split.js';
export * from './matrix-factorization.js';
export * from './parse-interactions.js';
export type * from './recommendation.js';
export * from './recommender.js';
export * from './train-recommender.js';

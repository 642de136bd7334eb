/**
 * Explanations: why a network gave an output. Local attributions for one input (gradient
 * saliency, gradient × input, SmoothGrad, integrated gradients, occlusion), global views of a
 * tabular model (permutation importance, a surrogate decision tree), attention maps of Transformer
 * models, and pictures of all of them (SVG, PNG heat maps). Results are plain data, so a server can
 * return them as JSON. See docs/explain.md.
 */
export { inEvalMode, predictBatch, type BatchOutputs, type Predictor, type TargetOptions } from './predictor.js';
export type { Attribution, AttributionMethod } from './attribution.js';
export * from './saliency.js';
export * from './smooth-grad.js';
export * from './integrated-gradients.js';
export * from './layer-integrated-gradients.js';
export * from './occlusion.js';
export * from './permutation-importance.js';
export * from './decision-tree.js';
export * from './global-surrogate.js';
export * from './attention-maps.js';
export * from './explain-input.js';
export * from './explain-table-row.js';
export * from './feature-columns.js';
export { attributionColor, hexColor, type Rgb } from './color-scale.js';
export * from './heatmap-svg.js';
export * from './heatmap-png.js';
export * from './bar-chart-svg.js';
export * from './token-highlight-svg.js';

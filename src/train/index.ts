/** Keras-style training: Model with compile / fit / evaluate / predict, callbacks and history. */
export type * from './callback.js';
export * from './early-stopping.js';
export type * from './gradient-privacy.js';
export * from './history.js';
export * from './learning-rate-scheduler.js';
export * from './model.js';
export * from './model-artifacts.js';
export * from './progress-bar.js';
export * from './version.js';
export * from './export-onnx.js';
export type { OnnxAttributeInput, OnnxConverter, OnnxExportContext, OnnxInputSpec, OnnxValue } from './onnx-export-context.js';

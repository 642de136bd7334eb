/** Model compression: int8 quantisation, magnitude pruning, knowledge distillation. */
export * from './activation-observer.js';
export * from './clone-module.js';
export * from './distill.js';
export * from './distillation-loss.js';
export { int8MatmulTransposed, MAX_INT8_INNER } from './int8-gemm.js';
export { int8Matmul, int8WasmAvailable, quantizeAffineFast } from './int8-gemm-wasm.js';
export * from './model-size.js';
export * from './pruning-callback.js';
export * from './pruning-masks.js';
export * from './quantization-params.js';
export * from './quantize-int8.js';
export * from './quantized-conv.js';
export { QuantizedLayer } from './quantized-layer.js';
export * from './quantized-linear.js';
export * from './register-compressed-layers.js';
export * from './remove-pruned-neurons.js';

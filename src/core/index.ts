/** The engine's public API: tensors, ops, autograd, random generators, backends, errors. */
export { Tensor, type NestedArray, type TensorLike } from './tensor.js';
export * from './ops/index.js';
export { noGrad, enableGrad, isGradEnabled, gradients, GradNode, type BackwardOptions } from './autograd.js';
export { grad, valueAndGrad, type GradOptions } from './grad.js';
export { Generator, manualSeed, defaultGenerator, type GeneratorState } from './random.js';
export { setBackend, getBackend, listBackends, registerBackend } from './backend-registry.js';
export { keep, memoryStats, relieveMemoryPressure, tidy, withAllocationBudget, type MemoryStats, type Storage } from './storage.js';
export { SproutError, ShapeError, DTypeError, ValueError, DataError, ModelFormatError, formatShape } from './errors.js';
export { DTYPES, promoteTypes, isFloat, type DType, type DataArray } from './dtype.js';
export { broadcastShapes, shapesEqual, sizeOf, type Shape } from './shape.js';
export { zeroGrad } from './zero-grad.js';

/**
 * Entry point of the wasm backend's kernels (AssemblyScript): everything exported here becomes an
 * export of the module that tools/build-wasm.ts embeds in src/backends/wasm/kernels-wasm.ts.
 *
 * The module imports its memory (`env.memory`) from the backend, which owns it and allocates from
 * `heapBase()` upward; the kernels themselves never allocate. The memory is declared shared (threads:
 * thread-jobs.ts); there are no data segments, globals or start function, so instantiating the
 * module again in a helper thread writes nothing to the memory.
 */
export { sgemm, sgemmScratchBytes } from './matmul';
export { sgemmSmallM } from './matmul-small';
export { chunksByHelpers, sgemmShared, stopThreads, threadControlBytes, threadLoop } from './thread-jobs';
export { binaryF32, boolToF32, compareF32, copyStrided32, unaryF32 } from './elementwise';
export { extremeColsF32, extremeRowsF32, sumColsF32, sumRowsF32 } from './reduce';
export { col2imF32, im2colF32 } from './windows';
export { softmaxRowsF32 } from './softmax';
export { whereF32 } from './where';
export { adamUpdateF32 } from './adam';

/** First byte the backend's allocator may use (after the compiler's static data, if any). */
export function heapBase(): usize {
  return __heap_base;
}

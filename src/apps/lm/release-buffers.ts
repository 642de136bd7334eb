/**
 * releaseBuffers: lets the backend free the buffers of tensors that are no longer referenced.
 *
 * Why: backend buffers are freed by a FinalizationRegistry when their tensors are garbage-collected,
 * and V8 does not count the WebAssembly heap as memory pressure (docs/wasm-backend.md), so a long
 * synchronous loop of forward passes (an evaluation over a whole text, a long generation) can fill
 * the 4 GiB wasm memory before the collector runs. This runs the collector when the host exposes
 * it (`node --expose-gc`) and yields a macrotask so the finalisers run.
 */

/**
 * @example
 * for (const batch of batches) { score(batch); await releaseBuffers(); }
 */
export async function releaseBuffers(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/**
 * A training callback that lets tensor memory be reclaimed during long epochs.
 *
 * Why: backend buffers are freed by a FinalizationRegistry when tensors are garbage-collected, and
 * V8 does not count the WebAssembly heap as memory pressure (docs/wasm-backend.md, "Known
 * limitation"). A TF-IDF MLP's first layer is tens of MB, and each Adam step leaves several
 * temporaries of that size, so the wasm memory can hit its 4 GiB ceiling before V8 collects. Every
 * `every` batches this callback runs the collector when the host exposes one (`node --expose-gc`,
 * as `npm test` runs) and yields a macrotask so the finalisers run.
 */
import type { Callback } from '../../train/index.js';

/**
 * @param every Batches between collections (default 8).
 * @example
 * await model.fit(batches, { epochs: 10, callbacks: [releaseMemory()] });
 */
export function releaseMemory(every = 8): Callback {
  const gc = (globalThis as { gc?: () => void }).gc;
  return {
    async onBatchEnd(step: number): Promise<void> {
      if ((step + 1) % every !== 0) return;
      gc?.();
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    },
  };
}

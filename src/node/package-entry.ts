/**
 * The package entry for Node (`import … from 'sprout'` under Node, through the `node` condition of
 * package.json's exports): everything of the portable entry, plus the wasm backend's helper
 * threads on worker_threads (kernel-threads.ts; `SPROUT_THREADS=1` or `setThreads(1)` from
 * `sprout/node` turns them off). Browsers get src/index.ts, which starts no thread.
 */
import { installKernelThreads } from './kernel-threads.js';

export * from '../index.js';

installKernelThreads();

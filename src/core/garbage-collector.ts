/**
 * Finding a way to run the JavaScript engine's garbage collector on demand, for
 * relieveMemoryPressure (storage.ts). Portable code may not import `node:` modules (DESIGN.md,
 * principle 7), so this only looks for what the runtime offers:
 * - `globalThis.gc`, present under `node --expose-gc` (and in test runners that pass it);
 * - in Node.js (≥ 20.16, through `process.getBuiltinModule`), the collector V8 exposes once its
 *   `--expose-gc` flag is set at run time and a fresh context is made (the technique Jest's leak
 *   detector uses);
 * - in browsers, nothing: there, buffers are freed when the engine collects on its own.
 */

type Collector = () => void;

let cached: Collector | null | undefined;

interface NodeProcess {
  getBuiltinModule?: (name: string) => unknown;
}

/** Node's collector through `process.getBuiltinModule`, or null outside Node ≥ 20.16. Exported for its test. */
export function nodeCollector(): Collector | null {
  const process = (globalThis as { process?: NodeProcess }).process;
  const load = process?.getBuiltinModule;
  if (typeof load !== 'function') return null;
  try {
    const v8 = load.call(process, 'node:v8') as { setFlagsFromString(flags: string): void };
    const vm = load.call(process, 'node:vm') as { runInNewContext(code: string): unknown };
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as Collector) : null;
  } catch {
    return null;
  }
}

/** The engine's collector, or null where there is none; looked up once. */
export function findGarbageCollector(): Collector | null {
  if (cached === undefined) {
    const exposed = (globalThis as { gc?: unknown }).gc;
    cached = typeof exposed === 'function' ? (exposed as Collector) : nodeCollector();
  }
  return cached;
}

/** The tools the benchmark compares, how to start each one's worker, and why one is skipped. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerSpec } from './worker-process.js';

export const TOOL_IDS = ['sprout-js', 'sprout-wasm', 'sprout-wasm-2t', 'tfjs-cpu', 'tfjs-wasm', 'torch', 'numpy'] as const;
export type ToolId = (typeof TOOL_IDS)[number];

/** Sprout's backends, compared against every peer. */
export const SPROUT_IDS = ['sprout-wasm', 'sprout-wasm-2t', 'sprout-js'] as const satisfies readonly ToolId[];
export const PEER_IDS = ['tfjs-cpu', 'tfjs-wasm', 'torch', 'numpy'] as const satisfies readonly ToolId[];

export interface Tool {
  readonly id: ToolId;
  readonly label: string;
  readonly spec: WorkerSpec;
  /** Only the sgemm workload (the OpenBLAS reference). */
  readonly sgemmOnly: boolean;
  /** Why the tool does not run here; undefined when it does. */
  readonly skip: string | undefined;
}

const PYTHON = '/usr/bin/python3';
const benchFile = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

/** Python imports take a second or two: probe each module once per run. */
function pythonSkip(module: string, hint: string): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error !== undefined) return `${PYTHON} not found (${hint})`;
  return probe.status === 0 ? undefined : `${PYTHON} -c 'import ${module}' failed (${hint})`;
}

// One thread everywhere (Sprout's wasm backend too, except its "2 threads" column, which checks
// issue 5's two-thread target): a fair comparison pins every peer's BLAS / OpenMP to one thread.
const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** V8 wasm feature flags the benchmark was started with (`node --experimental-wasm-relaxed-simd …`) reach the workers. */
const WASM_FLAGS = process.execArgv.filter((flag) => flag.startsWith('--experimental-wasm-'));

function node(file: string, ...args: string[]): WorkerSpec {
  return { command: process.execPath, args: [...WASM_FLAGS, '--import', 'tsx', benchFile(file), ...args] };
}

export function makeTools(selected: readonly ToolId[]): Tool[] {
  const wanted = new Set(selected);
  const python = (id: 'torch' | 'numpy'): WorkerSpec => ({ command: PYTHON, args: [benchFile('torch-worker.py'), id], env: ONE_THREAD });
  const all: Array<Omit<Tool, 'skip'> & { readonly probe: () => string | undefined }> = [
    { id: 'sprout-js', label: 'Sprout js', spec: node('sprout-worker.ts', 'js'), sgemmOnly: false, probe: () => undefined },
    { id: 'sprout-wasm', label: 'Sprout wasm', spec: node('sprout-worker.ts', 'wasm', '1'), sgemmOnly: false, probe: () => undefined },
    { id: 'sprout-wasm-2t', label: 'Sprout wasm (2 threads)', spec: node('sprout-worker.ts', 'wasm', '2'), sgemmOnly: false, probe: () => undefined },
    { id: 'tfjs-cpu', label: 'TF.js cpu', spec: node('tfjs-worker.ts', 'cpu'), sgemmOnly: false, probe: () => undefined },
    { id: 'tfjs-wasm', label: 'TF.js wasm (1 thread)', spec: node('tfjs-worker.ts', 'wasm'), sgemmOnly: false, probe: () => undefined },
    { id: 'torch', label: 'PyTorch CPU (1 thread)', spec: python('torch'), sgemmOnly: false, probe: () => pythonSkip('torch', 'apt-get install -y python3-torch') },
    { id: 'numpy', label: 'NumPy/OpenBLAS (1 thread)', spec: python('numpy'), sgemmOnly: true, probe: () => pythonSkip('numpy', 'apt-get install -y python3-numpy') },
  ];
  return all.filter((t) => wanted.has(t.id)).map(({ probe, ...tool }) => ({ ...tool, skip: probe() }));
}

/** The tools the benchmark compares, how to start each one's worker, and why one is skipped. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerSpec } from './worker-process.js';

export const TOOL_IDS = ['sprout-js', 'sprout-wasm', 'tfjs-cpu', 'tfjs-wasm', 'torch', 'numpy'] as const;
export type ToolId = (typeof TOOL_IDS)[number];

/** Sprout's backends, compared against every peer. */
export const SPROUT_IDS = ['sprout-wasm', 'sprout-js'] as const satisfies readonly ToolId[];
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

// One thread everywhere: Sprout's wasm backend has no worker pool yet, so a fair comparison pins
// every peer's BLAS / OpenMP to one thread as well.
const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

function node(file: string, backend: string): WorkerSpec {
  return { command: process.execPath, args: ['--import', 'tsx', benchFile(file), backend] };
}

export function makeTools(selected: readonly ToolId[]): Tool[] {
  const wanted = new Set(selected);
  const python = (id: 'torch' | 'numpy'): WorkerSpec => ({ command: PYTHON, args: [benchFile('torch-worker.py'), id], env: ONE_THREAD });
  const all: Array<Omit<Tool, 'skip'> & { readonly probe: () => string | undefined }> = [
    { id: 'sprout-js', label: 'Sprout js', spec: node('sprout-worker.ts', 'js'), sgemmOnly: false, probe: () => undefined },
    { id: 'sprout-wasm', label: 'Sprout wasm', spec: node('sprout-worker.ts', 'wasm'), sgemmOnly: false, probe: () => undefined },
    { id: 'tfjs-cpu', label: 'TF.js cpu', spec: node('tfjs-worker.ts', 'cpu'), sgemmOnly: false, probe: () => undefined },
    { id: 'tfjs-wasm', label: 'TF.js wasm (1 thread)', spec: node('tfjs-worker.ts', 'wasm'), sgemmOnly: false, probe: () => undefined },
    { id: 'torch', label: 'PyTorch CPU (1 thread)', spec: python('torch'), sgemmOnly: false, probe: () => pythonSkip('torch', 'apt-get install -y python3-torch') },
    { id: 'numpy', label: 'NumPy/OpenBLAS (1 thread)', spec: python('numpy'), sgemmOnly: true, probe: () => pythonSkip('numpy', 'apt-get install -y python3-numpy') },
  ];
  return all.filter((t) => wanted.has(t.id)).map(({ probe, ...tool }) => ({ ...tool, skip: probe() }));
}

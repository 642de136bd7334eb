/**
 * Which backend runs the kernels. Backends register with a priority; the first use picks the
 * `SPROUT_BACKEND` environment variable when set, otherwise the highest-priority backend whose
 * feature check passes. `setBackend` overrides at run time.
 */
import type { KernelBackend } from '../backends/contract.js';
import { JsBackend } from '../backends/js/js-backend.js';
import { WasmBackend } from '../backends/wasm/wasm-backend.js';
import { wasmKernelsSupported } from '../backends/wasm/wasm-kernels.js';
import { ValueError } from './errors.js';

interface Registration {
  readonly create: () => KernelBackend;
  readonly priority: number;
  readonly isSupported: () => boolean;
  instance?: KernelBackend;
}

const registrations = new Map<string, Registration>();
let current: KernelBackend | null = null;

/**
 * Makes a backend available under `name`.
 *
 * @param priority Higher wins the automatic choice; the JS reference backend has priority 0.
 * @param isSupported Feature check (for example WebAssembly SIMD); unsupported backends are skipped.
 */
export function registerBackend(
  name: string,
  create: () => KernelBackend,
  options: { priority?: number; isSupported?: () => boolean } = {},
): void {
  registrations.set(name, { create, priority: options.priority ?? 0, isSupported: options.isSupported ?? (() => true) });
}

function instantiate(name: string): KernelBackend {
  const registration = registrations.get(name);
  if (registration === undefined) {
    throw new ValueError(`setBackend: unknown backend '${name}'; registered: ${[...registrations.keys()].join(', ')}`);
  }
  if (!registration.isSupported()) {
    throw new ValueError(`setBackend: backend '${name}' is not supported in this environment`);
  }
  registration.instance ??= registration.create();
  return registration.instance;
}

function environmentChoice(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.['SPROUT_BACKEND'];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Selects the backend that new tensors and ops use.
 *
 * @throws ValueError when the name is unknown or the backend is unsupported here.
 * @example
 * setBackend('js');
 */
export function setBackend(name: string): void {
  current = instantiate(name);
}

/** The backend in use, choosing one on first call. */
export function getBackend(): KernelBackend {
  if (current !== null) return current;
  const fromEnv = environmentChoice();
  if (fromEnv !== undefined) {
    current = instantiate(fromEnv);
    return current;
  }
  const candidates = [...registrations.entries()]
    .filter(([, r]) => r.isSupported())
    .sort((a, b) => b[1].priority - a[1].priority);
  const best = candidates[0];
  if (best === undefined) throw new ValueError('getBackend: no backend is supported in this environment');
  current = instantiate(best[0]);
  return current;
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...registrations.keys()];
}

registerBackend('js', () => new JsBackend(), { priority: 0 });
// The default where WebAssembly SIMD validates: it passes the whole conformance suite (issue 5).
registerBackend('wasm', () => new WasmBackend(), { priority: 1, isSupported: wasmKernelsSupported });

/**
 * The environment a run records: Node version, tensor backend, platform, Sprout version, host and
 * CPU count — what differs between two runs of the same code when their results differ.
 */
import { availableParallelism, hostname } from 'node:os';
import { getBackend } from '../core/index.js';
import { SPROUT_VERSION } from '../train/index.js';
import type { RunEnvironment } from './run-record.js';

/**
 * Describes this process.
 *
 * @example
 * currentEnvironment(); // { node: 'v20.20.2', backend: 'wasm', platform: 'linux-x64', sprout: '0.1.0', host: 'ci-3', cpus: 2 }
 */
export function currentEnvironment(): RunEnvironment {
  return {
    node: process.version,
    backend: getBackend().name,
    platform: `${process.platform}-${process.arch}`,
    sprout: SPROUT_VERSION,
    host: hostname(),
    cpus: availableParallelism(),
  };
}

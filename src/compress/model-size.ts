/**
 * Size figures for compression reports: the bytes a model's weights take in its saved
 * safetensors file, and how many of its weights are zero.
 */
import { encodeSafetensors } from '../io/index.js';
import type { Module } from '../nn/index.js';

/** Stored size and weight counts of a model. */
export interface ModelSize {
  /** Bytes of the weights file (safetensors, with int8 buffers as I8), less its few bytes of metadata. */
  readonly bytes: number;
  /** Elements of every parameter and buffer. */
  readonly elements: number;
  /** Elements that are exactly zero. */
  readonly zeros: number;
}

/**
 * Measures `module` as `saveModel` would store it.
 *
 * @example
 * modelSize(model.module).bytes; // 943,636 for a 784-256-128-10 float MLP
 */
export function modelSize(module: Module): ModelSize {
  const state = module.stateDict();
  const int8 = new Set([...module.namedNarrowStorage()].filter(([, storage]) => storage === 'int8').map(([name]) => name));
  let elements = 0;
  let zeros = 0;
  for (const t of state.values()) {
    const values = t.dataSync();
    elements += values.length;
    for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  }
  return { bytes: encodeSafetensors(state, {}, { int8 }).length, elements, zeros };
}

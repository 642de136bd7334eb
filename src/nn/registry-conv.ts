/** How the conv layers are rebuilt from saved configs (merged into builtin-layers.ts). */
import type { ConfigObject } from './config-readers.js';
import type { Module } from './module.js';

export const CONV_LAYERS: ReadonlyMap<string, (config: ConfigObject) => Module> = new Map<string, (config: ConfigObject) => Module>([]);

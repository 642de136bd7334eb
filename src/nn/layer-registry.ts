/**
 * The layer registry: how a saved architecture becomes modules again without executing code from
 * the file. Each serialisable layer registers an explicit name (never `constructor.name`, which
 * minifiers change) and a factory from its JSON config; `layerToConfig` and `layerFromConfig` walk
 * whole trees (Sequential, residual blocks) through the same registry.
 */
import { ModelFormatError, ValueError } from '../core/index.js';
import { BUILTIN_LAYERS } from './builtin-layers.js';
import type { JsonValue } from './config-readers.js';
import type { Module } from './module.js';

/** A layer's architecture: its registered type name and constructor arguments. */
export interface LayerConfig {
  readonly type: string;
  readonly config: { readonly [key: string]: JsonValue };
}

/** Builds a module from its config. Factories validate what they read and throw ModelFormatError. */
export type LayerFactory = (config: { readonly [key: string]: JsonValue }) => Module;

const factories = new Map<string, LayerFactory>(BUILTIN_LAYERS);

/**
 * Makes `typeName` loadable from saved configs.
 *
 * @throws ValueError when the name is taken.
 * @example
 * registerLayer('Scale', (c) => new Scale(readNumber('Scale', c, 'factor')));
 */
export function registerLayer(typeName: string, factory: LayerFactory): void {
  if (factories.has(typeName)) throw new ValueError(`registerLayer: '${typeName}' is already registered`);
  factories.set(typeName, factory);
}

/** Names of every registered layer type. */
export function registeredLayers(): string[] {
  return [...factories.keys()];
}

/**
 * The config that rebuilds `module` (architecture only; weights travel in the state dict).
 *
 * @throws ValueError when the module's type is not registered or it cannot describe itself.
 */
export function layerToConfig(module: Module): LayerConfig {
  if (!factories.has(module.typeName)) {
    throw new ValueError(`layerToConfig: '${module.typeName}' is not a registered layer; call registerLayer to make it saveable`);
  }
  return { type: module.typeName, config: module.getConfig() };
}

/**
 * Rebuilds a module from a config written by {@link layerToConfig}.
 *
 * @throws ModelFormatError for an unknown type or a malformed config.
 */
export function layerFromConfig(value: unknown): Module {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelFormatError(`layerFromConfig: a layer config must be an object {type, config}, got ${describe(value)}`);
  }
  const { type, config } = value as { type?: unknown; config?: unknown };
  if (typeof type !== 'string') throw new ModelFormatError(`layerFromConfig: 'type' must be a string, got ${describe(type)}`);
  const factory = factories.get(type);
  if (factory === undefined) {
    throw new ModelFormatError(`layerFromConfig: unknown layer type '${type}'; known: ${[...factories.keys()].sort().join(', ')}`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ModelFormatError(`layerFromConfig: 'config' of ${type} must be an object, got ${describe(config)}`);
  }
  return factory(config as { [key: string]: JsonValue });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

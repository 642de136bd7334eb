/**
 * A model as two artifacts: a JSON config (architecture, compile settings, label names, metadata,
 * versions and the list of tensors) and its weights as safetensors bytes (DESIGN.md, "Models").
 * Portable: the Node-only `saveModel` / `loadModel` in `src/node/` put these in a folder; a browser
 * can keep them in IndexedDB or fetch them.
 *
 * Loading never evaluates code from the artifacts: the architecture is rebuilt through the layer
 * registry (`layerFromConfig`), the optimiser, loss and metrics through their name registries, and
 * every field is checked first, so a damaged or hostile file raises ModelFormatError naming the
 * problem.
 *
 * Optimiser state (Adam's moments, step counts) is not part of a saved model: a loaded model that
 * was compiled starts its optimiser afresh with the saved hyper-parameters. Checkpoints that resume
 * training on the same trajectory will add it.
 */
import {
  defaultGenerator,
  type DType,
  DTYPES,
  formatShape,
  ModelFormatError,
  SproutError,
  type Tensor,
  ValueError,
  withAllocationBudget,
} from '../core/index.js';
import { decodeSafetensors, encodeSafetensors } from '../io/index.js';
import { getLoss } from '../losses/index.js';
import { getMetric } from '../metrics/index.js';
import { type JsonValue, type LayerConfig, layerFromConfig, layerToConfig, type Module } from '../nn/index.js';
import { Adagrad, Adam, AdamW, getOptimizer, type HyperValue, RMSprop, SGD } from '../optim/index.js';
import { Model, type TrainingOptimizer } from './model.js';
import { SPROUT_VERSION } from './version.js';

/** The value of `format` in every Sprout model config. */
export const MODEL_FORMAT = 'sprout-model';

/**
 * The config layout this release writes and reads. Bump it when a field changes meaning; loading
 * refuses other versions rather than guessing.
 */
export const MODEL_FORMAT_VERSION = 1;

/** One tensor of the weights: its dotted state-dict name, shape and dtype. */
export interface SavedTensorInfo {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** How the model was compiled, by registry names, so loading can compile it again. */
export interface CompileConfig {
  /** The optimiser's registry name ('adam') and its hyper-parameters at save time. */
  readonly optimizer: { readonly name: string; readonly config: { readonly [key: string]: JsonValue } };
  /** The loss's registry name ('crossEntropy'). */
  readonly loss: string;
  /** Metric names as given to compile ('accuracy'). */
  readonly metrics: readonly string[];
}

/** The JSON config of a saved model (`config.json` in a model folder). */
export interface ModelConfig {
  /** Always {@link MODEL_FORMAT}. */
  readonly format: string;
  /** {@link MODEL_FORMAT_VERSION} of the writer. */
  readonly formatVersion: number;
  /** The Sprout release that wrote the model. */
  readonly sproutVersion: string;
  /** The module tree, as `layerToConfig` writes it. */
  readonly architecture: LayerConfig;
  /** Compile settings, or null when the model was not compiled or not with registry names. */
  readonly compile: CompileConfig | null;
  /** Class names by output index, or null. */
  readonly labels: readonly string[] | null;
  /** The user's own JSON values (dataset, preprocessing, notes). */
  readonly metadata: { readonly [key: string]: JsonValue };
  /** Every tensor in the weights, in state-dict order. */
  readonly tensors: readonly SavedTensorInfo[];
}

/** A saved model in memory: the config and the safetensors bytes of its weights. */
export interface ModelArtifacts {
  readonly config: ModelConfig;
  readonly weights: Uint8Array;
}

/** Options of {@link modelToArtifacts}. */
export interface ModelArtifactsOptions {
  /** Class names by output index, stored so predictions can be named. */
  readonly labels?: readonly string[];
  /** Any JSON values to keep with the model. */
  readonly metadata?: { readonly [key: string]: JsonValue };
}

const OPTIMIZER_KINDS: readonly (readonly [string, object])[] = [
  ['sgd', SGD.prototype],
  ['adam', Adam.prototype],
  ['adamw', AdamW.prototype],
  ['rmsprop', RMSprop.prototype],
  ['adagrad', Adagrad.prototype],
];

/** Nesting deeper than this in metadata is refused: no real metadata needs it and it guards the stack. */
const MAX_JSON_DEPTH = 100;
/** Names listed in one error message before "and N more". */
const LISTED = 5;

/**
 * The artifacts of a model: its config and its weights. Compile settings are recorded when the
 * model was compiled with a loss name, metric names, and an optimiser that is one of the named
 * kinds (SGD, Adam, AdamW, RMSprop, Adagrad, given by name or as an object): the optimiser's
 * registry name and the hyper-parameters of its first parameter group as they are now (a
 * schedule's current learning rate). Otherwise `compile` is null and the model loads uncompiled.
 * Per-group overrides and optimiser state are not saved.
 *
 * Before returning, the architecture is rebuilt once from its JSON and compared with the model, so
 * a model that saves is a model that loads (a layer whose config forgets an option, or weights in
 * a dtype the config cannot express, fail here rather than at load time). That rebuild draws its
 * initial values with the default generator's position saved and restored, so saving does not
 * change later random draws.
 *
 * @param model The model to save.
 * @param options Label names and metadata to store with it.
 * @returns The JSON config (a plain object: `JSON.stringify` it) and the safetensors bytes.
 * @throws ValueError when a layer is not registered or cannot describe itself, when the
 *   architecture would not rebuild the same tensors, or when labels or metadata are not JSON.
 * @example
 * const { config, weights } = modelToArtifacts(model, { labels: ['cat', 'dog'] });
 * localStorage.setItem('config', JSON.stringify(config));
 */
export function modelToArtifacts(model: Model, options: ModelArtifactsOptions = {}): ModelArtifacts {
  const op = 'modelToArtifacts';
  if (!(model instanceof Model)) throw new ValueError(`${op}: model must be a Model, got ${describe(model)}`);
  const labels = options.labels === undefined ? null : checkLabels(op, options.labels);
  const metadata = options.metadata === undefined ? {} : options.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new ValueError(`${op}: metadata must be an object of JSON values, got ${describe(metadata)}`);
  }
  const bad = findNonJson(metadata, 'metadata', 0);
  if (bad !== null) throw new ValueError(`${op}: ${bad}`);

  const state = model.module.stateDict();
  const tensors = [...state].map(([name, t]) => ({ name, shape: [...t.shape], dtype: t.dtype }));
  // Written as loading will read it: JSON drops undefined, turns -0 into 0 and NaN into null.
  const architecture = JSON.parse(JSON.stringify(layerToConfig(model.module))) as LayerConfig;
  checkRebuilds(architecture, state);
  const config: ModelConfig = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    sproutVersion: SPROUT_VERSION,
    architecture,
    compile: compileToConfig(model),
    labels,
    metadata: JSON.parse(JSON.stringify(metadata)) as { [key: string]: JsonValue },
    tensors,
  };
  const int8 = new Set([...model.module.namedNarrowStorage()].filter(([, storage]) => storage === 'int8').map(([name]) => name));
  const weights = encodeSafetensors(state, { format: 'sprout', sproutVersion: SPROUT_VERSION }, { int8 });
  return { config, weights };
}

/**
 * Rebuilds a model from {@link modelToArtifacts}'s output (or a parsed `config.json` and the bytes
 * of `model.safetensors`): the architecture through the layer registry, the weights copied in, and
 * `compile` called again when the config records compile settings. Nothing in the artifacts is
 * evaluated as code. The optimiser starts without state (see the module comment).
 *
 * Checks, in order: the config's fields and format version; the weights file; that the file holds
 * exactly the tensors the config lists; that the architecture's tensors are exactly those (names,
 * shapes, dtypes); the compile settings.
 *
 * @param artifacts `config`: the parsed JSON (any value; it is validated); `weights`: safetensors bytes.
 * @returns The model, in training mode, compiled when the config says how.
 * @throws ModelFormatError naming the first problem found: a field of the wrong type, an unknown
 *   format version, an unknown layer type or bad layer option, a malformed weights file, a tensor
 *   missing, extra or of the wrong shape or dtype, an unknown optimiser, loss or metric.
 * @example
 * const model = modelFromArtifacts({ config: JSON.parse(configText), weights });
 * const logits = model.predict(x);
 */
export function modelFromArtifacts(artifacts: { readonly config: unknown; readonly weights: Uint8Array }): Model {
  const op = 'modelFromArtifacts';
  if (typeof artifacts !== 'object' || artifacts === null) throw new ModelFormatError(`${op}: expected { config, weights }, got ${describe(artifacts)}`);
  const config = parseConfig(artifacts.config);
  if (!(artifacts.weights instanceof Uint8Array)) throw new ModelFormatError(`${op}: weights must be a Uint8Array, got ${describe(artifacts.weights)}`);
  let saved: Map<string, Tensor>;
  try {
    saved = decodeSafetensors(artifacts.weights).tensors;
  } catch (error) {
    rethrowAsFormatError(`${op}: weights`, error);
  }
  compareTensors(op, 'the config lists', config.tensors, 'the weights file holds', [...saved].map(([name, t]) => info(name, t)));

  const module = buildModule(config.architecture, [...saved.values()].reduce((n, t) => n + t.size, 0));
  const state = module.stateDict();
  compareTensors(op, 'the architecture has', [...state].map(([name, t]) => info(name, t)), 'the weights hold', config.tensors);
  try {
    module.loadStateDict(saved);
  } catch (error) {
    rethrowAsFormatError(`${op}: weights`, error);
  }
  const model = new Model(module);
  if (config.compile !== null) {
    const c = config.compile;
    try {
      const optimizer = getOptimizer(c.optimizer.name, module.parameters(), c.optimizer.config as Record<string, HyperValue>);
      model.compile({ optimizer, loss: c.loss, metrics: c.metrics });
    } catch (error) {
      rethrowAsFormatError(`${op}: compile settings`, error);
    }
  }
  return model;
}

function info(name: string, t: Tensor): SavedTensorInfo {
  return { name, shape: [...t.shape], dtype: t.dtype };
}

/** The registry name and hyper-parameters of a built-in optimiser; null for any other kind. */
function optimizerToConfig(optimizer: TrainingOptimizer): CompileConfig['optimizer'] | null {
  const proto: unknown = Object.getPrototypeOf(optimizer);
  // The exact class, not instanceof: a subclass may change the rule while keeping the name.
  const kind = OPTIMIZER_KINDS.find(([, p]) => p === proto);
  if (kind === undefined) return null;
  const group = (optimizer as SGD | Adam | AdamW | RMSprop | Adagrad).paramGroups[0];
  if (group === undefined) return null;
  const hyper: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(group.hyper as object)) {
    const v = value as HyperValue;
    hyper[key] = Array.isArray(v) ? [...(v as readonly number[])] : (v as number | boolean | string);
  }
  return { name: kind[0], config: hyper };
}

function compileToConfig(model: Model): CompileConfig | null {
  const options = model.compileOptions;
  if (options === null || typeof options.loss !== 'string') return null;
  const metrics: string[] = [];
  for (const metric of options.metrics ?? []) {
    if (typeof metric !== 'string') return null;
    metrics.push(metric);
  }
  const optimizer = optimizerToConfig(model.optimizer);
  return optimizer === null ? null : { optimizer, loss: options.loss, metrics };
}

/** Builds the architecture with the default generator put back afterwards, so loading and saving leave it where it was. */
function withDefaultGeneratorKept<T>(fn: () => T): T {
  const position = defaultGenerator.getState();
  try {
    return fn();
  } finally {
    defaultGenerator.setState(position);
  }
}

function buildModule(architecture: unknown, weightElements: number): Module {
  try {
    // A config can describe a network far larger than its weights file; building it would exhaust
    // memory before the mismatch shows. Initialisation needs a few temporaries per parameter, so
    // the budget is a multiple of the weights' size plus room for small models.
    const budget = 8 * weightElements + 2 ** 22;
    return withAllocationBudget(budget, 'building the saved architecture', () =>
      withDefaultGeneratorKept(() => layerFromConfig(architecture)),
    );
  } catch (error) {
    // Layer constructors reject bad options with ValueError or ShapeError, and a config can ask for
    // a tensor too large to allocate or a tree too deep to walk (RangeError): all of them mean the
    // file is bad.
    rethrowAsFormatError('modelFromArtifacts: architecture', error);
  }
}

function checkRebuilds(architecture: LayerConfig, state: ReadonlyMap<string, Tensor>): void {
  let twin: Module;
  try {
    twin = withDefaultGeneratorKept(() => layerFromConfig(architecture));
  } catch (error) {
    if (!(error instanceof SproutError)) throw error;
    throw new ValueError(`modelToArtifacts: the architecture's config does not rebuild: ${error.message}`, { cause: error });
  }
  try {
    compareTensors('modelToArtifacts', 'the config rebuilds', [...twin.stateDict()].map(([n, t]) => info(n, t)), 'the model has', [...state].map(([n, t]) => info(n, t)));
  } catch (error) {
    // Layer configs carry no dtype, so a model cast to float64 is the usual cause.
    throw new ValueError(`${(error as Error).message}; the saved model would not load (layer configs do not record dtypes or options a layer forgets to report)`, { cause: error });
  }
}

/**
 * Throws ModelFormatError unless `actual` and `expected` hold the same names with the same shapes
 * and dtypes. The phrases name the two sides in the message.
 */
function compareTensors(
  op: string,
  actualPhrase: string,
  actual: readonly SavedTensorInfo[],
  expectedPhrase: string,
  expected: readonly SavedTensorInfo[],
): void {
  const byName = new Map(expected.map((t) => [t.name, t]));
  const actualNames = new Set(actual.map((t) => t.name));
  const missing = expected.filter((t) => !actualNames.has(t.name)).map((t) => t.name);
  const extra = actual.filter((t) => !byName.has(t.name)).map((t) => t.name);
  if (missing.length > 0) {
    throw new ModelFormatError(`${op}: ${expectedPhrase} ${list(missing)} but ${actualPhrase} no such tensor${missing.length > 1 ? 's' : ''}`);
  }
  if (extra.length > 0) {
    throw new ModelFormatError(`${op}: ${actualPhrase} ${list(extra)} but ${expectedPhrase} no such tensor${extra.length > 1 ? 's' : ''}`);
  }
  for (const a of actual) {
    const e = byName.get(a.name)!;
    if (a.dtype !== e.dtype || a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape[i])) {
      throw new ModelFormatError(
        `${op}: tensor '${a.name}': ${actualPhrase} ${a.dtype} ${formatShape(a.shape)}, ${expectedPhrase} ${e.dtype} ${formatShape(e.shape)}`,
      );
    }
  }
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, LISTED).map((n) => `'${n}'`).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

/**
 * Re-raises a SproutError (or RangeError) from a lower layer as ModelFormatError with context: at
 * load time each of them means the artifacts are bad. Anything else is a bug and passes unchanged.
 */
function rethrowAsFormatError(context: string, error: unknown): never {
  if (error instanceof SproutError || error instanceof RangeError) {
    throw new ModelFormatError(`${context}: ${error.message}`, { cause: error });
  }
  throw error;
}

function checkLabels(op: string, labels: unknown): string[] {
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) {
    throw new ValueError(`${op}: labels must be an array of strings, got ${describe(labels)}`);
  }
  return [...(labels as string[])];
}

/** A description of the first value that is not plain JSON, or null when all of it is. */
function findNonJson(value: unknown, path: string, depth: number): string | null {
  if (depth > MAX_JSON_DEPTH) return `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} must be a finite number, got ${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findNonJson(value[i], `${path}[${i}]`, depth + 1);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    for (const [key, v] of Object.entries(value)) {
      const bad = findNonJson(v, `${path}.${key}`, depth + 1);
      if (bad !== null) return bad;
    }
    return null;
  }
  return `${path} must be a JSON value, got ${describe(value)}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) {
    return `an object of type ${Object.prototype.toString.call(value).slice(8, -1)}`;
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) return typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Reads and checks every field of a config; the architecture itself is checked by the layer registry. */
function parseConfig(value: unknown): ModelConfig {
  const fail = (message: string): never => {
    throw new ModelFormatError(`modelFromArtifacts: config ${message}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`must be a JSON object, got ${describe(value)}`);
  const c = value as Record<string, unknown>;
  if (c['format'] !== MODEL_FORMAT) return fail(`is not a Sprout model: 'format' must be '${MODEL_FORMAT}', got ${describe(c['format'])}`);
  const version = c['formatVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(`'formatVersion' must be a positive integer, got ${describe(version)}`);
  }
  if (version !== MODEL_FORMAT_VERSION) {
    const newer = version > MODEL_FORMAT_VERSION ? ' (written by a newer Sprout; upgrade to load it)' : '';
    return fail(`has format version ${version}, this Sprout reads version ${MODEL_FORMAT_VERSION}${newer}`);
  }
  const sproutVersion = c['sproutVersion'];
  if (typeof sproutVersion !== 'string') return fail(`'sproutVersion' must be a string, got ${describe(sproutVersion)}`);
  const architecture = c['architecture'];
  if (typeof architecture !== 'object' || architecture === null || Array.isArray(architecture)) {
    return fail(`'architecture' must be an object {type, config}, got ${describe(architecture)}`);
  }
  const labels = c['labels'];
  if (labels !== null && (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string'))) {
    return fail(`'labels' must be null or an array of strings, got ${describe(labels)}`);
  }
  const metadata = c['metadata'];
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return fail(`'metadata' must be an object, got ${describe(metadata)}`);
  const badMetadata = findNonJson(metadata, "'metadata'", 0);
  if (badMetadata !== null) return fail(badMetadata);
  return {
    format: MODEL_FORMAT,
    formatVersion: version,
    sproutVersion,
    architecture: architecture as LayerConfig,
    compile: parseCompile(c['compile'], fail),
    labels: labels as string[] | null,
    metadata: metadata as { [key: string]: JsonValue },
    tensors: parseTensors(c['tensors'], fail),
  };
}

function parseCompile(value: unknown, fail: (message: string) => never): CompileConfig | null {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return fail(`'compile' must be null or an object, got ${describe(value)}`);
  const { optimizer, loss, metrics } = value as Record<string, unknown>;
  if (typeof optimizer !== 'object' || optimizer === null || Array.isArray(optimizer)) {
    return fail(`'compile.optimizer' must be an object {name, config}, got ${describe(optimizer)}`);
  }
  const { name, config } = optimizer as Record<string, unknown>;
  if (typeof name !== 'string') return fail(`'compile.optimizer.name' must be a string, got ${describe(name)}`);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return fail(`'compile.optimizer.config' must be an object, got ${describe(config)}`);
  }
  for (const [key, v] of Object.entries(config)) {
    const ok = typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'number'));
    if (!ok) return fail(`'compile.optimizer.config.${key}' must be a number, boolean, string or array of numbers, got ${describe(v)}`);
  }
  if (typeof loss !== 'string') return fail(`'compile.loss' must be a string, got ${describe(loss)}`);
  if (!Array.isArray(metrics) || !metrics.every((m) => typeof m === 'string')) {
    return fail(`'compile.metrics' must be an array of strings, got ${describe(metrics)}`);
  }
  // Resolve the names now so an unknown one is reported as a format problem, not at the first fit.
  try {
    getLoss(loss);
    for (const m of metrics as string[]) getMetric(m);
  } catch (error) {
    return fail(`'compile': ${(error as Error).message}`);
  }
  return { optimizer: { name, config: config as { [key: string]: JsonValue } }, loss, metrics: metrics as string[] };
}

function parseTensors(value: unknown, fail: (message: string) => never): SavedTensorInfo[] {
  if (!Array.isArray(value)) return fail(`'tensors' must be an array of {name, shape, dtype}, got ${describe(value)}`);
  const seen = new Set<string>();
  return value.map((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail(`'tensors[${i}]' must be an object {name, shape, dtype}, got ${describe(entry)}`);
    const { name, shape, dtype } = entry as Record<string, unknown>;
    if (typeof name !== 'string') return fail(`'tensors[${i}].name' must be a string, got ${describe(name)}`);
    if (seen.has(name)) return fail(`'tensors' lists '${name}' twice`);
    seen.add(name);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      return fail(`'tensors[${i}].shape' of '${name}' must be an array of non-negative integers, got ${describe(shape)}`);
    }
    if (typeof dtype !== 'string' || !(DTYPES as readonly string[]).includes(dtype)) {
      return fail(`'tensors[${i}].dtype' of '${name}' must be one of ${DTYPES.join(', ')}, got ${describe(dtype)}`);
    }
    return { name, shape: shape as number[], dtype: dtype as DType };
  });
}

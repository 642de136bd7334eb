/**
 * Saving a model as a folder (DESIGN.md, "Models"): `config.json` (architecture, compile settings,
 * labels, metadata, versions, tensor list) and `model.safetensors` (the weights), replaced as a
 * whole so that a crash never leaves a half-written model (principle 9).
 */
import { basename, dirname, join, resolve } from 'node:path';
import { ValueError } from '../core/index.js';
import { type ModelArtifactsOptions, modelToArtifacts } from '../train/model-artifacts.js';
import type { Model } from '../train/model.js';
import { encryptBytes } from './encrypted-file.js';
import type { EncryptionOptions } from './encryption-key.js';
import { type FileSystemOps, NODE_FILE_SYSTEM } from './file-system-ops.js';
import { MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE } from './model-files.js';
import { newTemporaryId, parseTemporaryName, temporaryName } from './model-folder-names.js';

/** Options of {@link saveModel}. */
export interface SaveModelOptions extends ModelArtifactsOptions {
  /** Replace an existing model folder (default true); false refuses when the folder exists. */
  readonly overwrite?: boolean;
  /** The file system to use (default: Node's); tests inject failures through it. */
  readonly fileSystem?: FileSystemOps;
  /** Encrypt both files with AES-256-GCM (see encrypted-file.ts); loadModel then needs the same key. */
  readonly encryption?: EncryptionOptions;
}

/** Saves in progress in this process, by temporary id: their temporaries are not stale. */
const activeSaves = new Set<string>();

/**
 * Saves `model` as the folder `dir`: `dir/config.json` and `dir/model.safetensors`. Everything is
 * serialised before the disk is touched, and the folder is replaced as a whole. With P the parent
 * folder and N the folder's name, the steps are:
 *
 * 1. create P if needed; check that `dir` is missing, or a folder holding only a saved model's
 *    two files (anything else is refused, so a mistyped path cannot wipe a folder of yours);
 * 2. write both files into `P/.N.sprout-partial-<id>`, fsync each file and the folder;
 * 3. rename it to `P/.N.sprout-new-<id>` and fsync P: from here a complete new copy exists;
 * 4. if `dir` exists, rename it to `P/.N.sprout-old-<id>`;
 * 5. rename `P/.N.sprout-new-<id>` to `dir` and fsync P;
 * 6. remove `P/.N.sprout-old-<id>` and temporaries that earlier crashed saves of `dir` left.
 *
 * A crash before step 4 leaves `dir` as it was. POSIX cannot swap two folders in one rename, so
 * between steps 4 and 5 `dir` is briefly missing; a crash there leaves the complete new copy
 * (`.N.sprout-new-<id>`) and the complete old one (`.N.sprout-old-<id>`) beside it, `loadModel(dir)`
 * then reads the new copy, and the next `saveModel(…, dir)` tidies up. A crash after step 5 leaves
 * the new model in place and an old copy that the next save removes. When a step fails without a
 * crash, the old folder is renamed back and the temporaries are removed before the error is
 * re-thrown. Temporaries live in P so every rename stays within one file system. Two processes
 * saving to the same folder at the same moment are not supported (one of them fails; neither
 * leaves a damaged folder).
 *
 * @param model The model; see `modelToArtifacts` for what is recorded (optimiser state is not).
 * @param dir The model folder to create or replace.
 * @param options Labels and metadata to store, `overwrite`, the file system, and `encryption`
 *   (`{ key | keyFile | passphrase | env }`: both files are then AES-256-GCM encrypted).
 * @throws ValueError for an empty path, a model that cannot be saved (an unregistered layer, …),
 *   bad labels or metadata, or a `dir` that is a file, holds other files, or exists when
 *   `overwrite` is false; the file system's error (EACCES, ENOSPC, …) when writing fails, with
 *   `dir` left as it was.
 * @example
 * await saveModel(model, 'models/intent', { labels: ['billing', 'delivery', 'refund'] });
 * const { model: restored } = await loadModel('models/intent');
 */
export async function saveModel(model: Model, dir: string, options: SaveModelOptions = {}): Promise<void> {
  if (typeof dir !== 'string' || dir === '') throw new ValueError(`saveModel: dir must be a non-empty path, got ${JSON.stringify(dir)}`);
  const fs = options.fileSystem ?? NODE_FILE_SYSTEM;
  const artifacts = modelToArtifacts(model, {
    ...(options.labels === undefined ? {} : { labels: options.labels }),
    ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
  });
  let configBytes: Uint8Array = new TextEncoder().encode(`${JSON.stringify(artifacts.config, null, 2)}\n`);
  let weights = artifacts.weights;
  if (options.encryption !== undefined) {
    [configBytes, weights] = [await encryptBytes(configBytes, options.encryption), await encryptBytes(weights, options.encryption)];
  }

  const target = resolve(dir);
  const parent = dirname(target);
  const name = basename(target);
  if (target === parent) throw new ValueError(`saveModel: dir must name a folder inside another, got the root '${dir}'`);
  await fs.mkdir(parent);
  const existing = await fs.kind(target);
  if (existing !== null) {
    if (existing !== 'directory') throw new ValueError(`saveModel: '${dir}' exists and is not a folder`);
    if (options.overwrite === false) throw new ValueError(`saveModel: '${dir}' already exists; pass overwrite: true to replace it`);
    const foreign = (await fs.readdir(target)).filter((entry) => entry !== MODEL_CONFIG_FILE && entry !== MODEL_WEIGHTS_FILE);
    if (foreign.length > 0) {
      throw new ValueError(
        `saveModel: '${dir}' holds ${foreign.map((e) => `'${e}'`).join(', ')}, which a saved model does not; refusing to replace it (choose another folder or remove them)`,
      );
    }
  }

  const id = newTemporaryId();
  const partial = join(parent, temporaryName(name, 'partial', id));
  const fresh = join(parent, temporaryName(name, 'new', id));
  const old = join(parent, temporaryName(name, 'old', id));
  const removeQuietly = (path: string): Promise<void> => fs.remove(path).catch(() => undefined);
  activeSaves.add(id);
  try {
    try {
      await fs.mkdir(partial);
      await fs.writeFileSynced(join(partial, MODEL_WEIGHTS_FILE), weights, 'wx');
      await fs.writeFileSynced(join(partial, MODEL_CONFIG_FILE), configBytes, 'wx');
      await fs.syncDirectory(partial);
      await fs.rename(partial, fresh);
      await fs.syncDirectory(parent);
    } catch (error) {
      await removeQuietly(partial);
      await removeQuietly(fresh);
      throw error;
    }

    let movedAside = false;
    try {
      if (existing !== null) {
        await fs.rename(target, old);
        movedAside = true;
      }
      await fs.rename(fresh, target);
    } catch (error) {
      // Put the old model back; if even that fails, both complete copies stay for loadModel to find.
      const restored = !movedAside || (await fs.rename(old, target).then(() => true, () => false));
      if (restored) await removeQuietly(fresh);
      throw error;
    }
    await fs.syncDirectory(parent);
    await removeQuietly(old);
    await removeStaleTemporaries(fs, parent, name);
  } finally {
    activeSaves.delete(id);
  }
}

/** True when the process that wrote a temporary id has ended (or is this one, with that save done). */
function isStale(id: string): boolean {
  const pid = Number(id.split('-')[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return !activeSaves.has(id);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else, so its save may still be running.
    return (error as { code?: unknown }).code === 'ESRCH';
  }
}

/**
 * Removes what crashed saves of `name` left in `parent`. Only entries whose process has ended are
 * removed: a live process may be in the middle of its own save.
 */
async function removeStaleTemporaries(fs: FileSystemOps, parent: string, name: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const parsed = parseTemporaryName(name, entry);
    if (parsed === null || parsed.stage === 'file' || !isStale(parsed.id)) continue;
    await fs.remove(join(parent, entry)).catch(() => undefined);
  }
}

/**
 * Writing a file so that a crash leaves either the old contents or the new, never a mixture
 * (DESIGN.md, principle 9).
 */
import { basename, dirname, join } from 'node:path';
import { ValueError } from '../core/index.js';
import { type FileSystemOps, NODE_FILE_SYSTEM } from './file-system-ops.js';
import { newTemporaryId, temporaryName } from './model-folder-names.js';

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** The file system to use (default: Node's); tests inject failures through it. */
  readonly fileSystem?: FileSystemOps;
}

/**
 * Replaces the file at `path` with `data` atomically: the bytes go to a temporary file in the same
 * directory (`.<name>.sprout-file-<id>`), which is flushed to the disk (fsync) and then renamed
 * over `path`; finally the directory is flushed so the rename itself survives a power cut. A rename
 * within one file system is atomic, so readers and crashes see the old file or the new one.
 * The temporary is removed when a step fails.
 *
 * @param path The file to write; its directory must exist.
 * @param data Bytes, or text written as UTF-8.
 * @param options The file system to use.
 * @throws ValueError for an empty path or data that is neither bytes nor text; the file system's
 *   error (ENOENT for a missing directory, EACCES, ENOSPC…) when a step fails, with `path` unchanged.
 * @example
 * await writeFileAtomic('runs/summary.json', JSON.stringify(summary));
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: WriteFileAtomicOptions = {}): Promise<void> {
  if (typeof path !== 'string' || path === '') throw new ValueError(`writeFileAtomic: path must be a non-empty string, got ${JSON.stringify(path)}`);
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new ValueError(`writeFileAtomic: data must be a Uint8Array or a string, got ${typeof data}`);
  }
  const fs = options.fileSystem ?? NODE_FILE_SYSTEM;
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const directory = dirname(path);
  const temporary = join(directory, temporaryName(basename(path), 'file', newTemporaryId()));
  try {
    await fs.writeFileSynced(temporary, bytes, 'wx');
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.remove(temporary).catch(() => undefined);
    throw error;
  }
  await fs.syncDirectory(directory);
}

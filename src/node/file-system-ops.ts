/**
 * The few file-system operations that saving and loading models need, behind one small interface.
 * The default is Node's `fs/promises`; tests pass a wrapper that fails or "dies" at a chosen step
 * to prove that a crash never leaves a half-written model (DESIGN.md, principle 9).
 */
import { lstat, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';

/** What a path holds: a file, a directory, something else (a socket, a device), or nothing. */
export type PathKind = 'file' | 'directory' | 'other' | null;

/** File-system operations used by `saveModel`, `loadModel`, `writeFileAtomic` and the loggers. */
export interface FileSystemOps {
  /** Creates a directory and its missing parents; succeeds when it exists. */
  mkdir(path: string): Promise<void>;
  /**
   * Writes `data` to `path` and flushes it to the disk (fsync) before resolving. `flag` is
   * `'wx'` (create, fail if it exists), `'w'` (create or truncate) or `'a'` (append).
   */
  writeFileSynced(path: string, data: Uint8Array, flag: 'wx' | 'w' | 'a'): Promise<void>;
  /** Flushes a directory's entries (new names, renames) to the disk, where the platform can. */
  syncDirectory(path: string): Promise<void>;
  /** Renames a file or directory (atomic within one file system). */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a directory tree; succeeds when nothing is there. */
  remove(path: string): Promise<void>;
  /** The names in a directory. */
  readdir(path: string): Promise<string[]>;
  /** What `path` holds, without following a symbolic link at the end. */
  kind(path: string): Promise<PathKind>;
  /** A file's bytes. */
  readFile(path: string): Promise<Uint8Array>;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/**
 * Node's file system.
 *
 * @example
 * await saveModel(model, 'models/intent', { fileSystem: NODE_FILE_SYSTEM }); // the default
 */
export const NODE_FILE_SYSTEM: FileSystemOps = {
  async mkdir(path) {
    await mkdir(path, { recursive: true });
  },
  async writeFileSynced(path, data, flag) {
    const handle = await open(path, flag);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  async syncDirectory(path) {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      // Windows cannot open a directory; its renames are durable without this step.
      if (['EISDIR', 'EPERM', 'EACCES'].includes(errorCode(error) ?? '')) return;
      throw error;
    }
    try {
      await handle.sync();
    } catch (error) {
      // Some file systems (and platforms) refuse fsync on a directory; there is nothing more to do.
      if (!['EINVAL', 'EPERM', 'EBADF', 'ENOTSUP'].includes(errorCode(error) ?? '')) throw error;
    } finally {
      await handle.close();
    }
  },
  async rename(from, to) {
    await rename(from, to);
  },
  async remove(path) {
    await rm(path, { recursive: true, force: true });
  },
  async readdir(path) {
    return readdir(path);
  },
  async kind(path) {
    try {
      const stats = await lstat(path);
      return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
      throw error;
    }
  },
  async readFile(path) {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  },
};

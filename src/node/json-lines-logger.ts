/**
 * JsonLinesLogger: one JSON object per epoch (the JSON Lines format), for scripts and log
 * pipelines that read structured records.
 */
import { ValueError } from '../core/index.js';
import type { Callback, Logs } from '../train/callback.js';
import { type FileSystemOps, NODE_FILE_SYSTEM } from './file-system-ops.js';

/** Options of {@link JsonLinesLogger}. */
export interface JsonLinesLoggerOptions {
  /** Add to an existing file instead of replacing it at the start of `fit` (default false). */
  readonly append?: boolean;
  /** The file system to use (default: Node's). */
  readonly fileSystem?: FileSystemOps;
}

/** JSON has no NaN or infinities: they are written as the strings "NaN", "Infinity", "-Infinity". */
function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/**
 * Writes `{"epoch": 0, "loss": …, …}` per epoch, one object per line: `epoch` from 0 (as in
 * History), then each log value in full precision (JSON numbers round-trip exactly). Each line is
 * appended and flushed at the end of its epoch.
 *
 * @example
 * await model.fit(x, y, { epochs: 20, callbacks: [new JsonLinesLogger('runs/training.jsonl')] });
 * // {"epoch":0,"loss":1.0986122886681098,"lr":0.001}
 */
export class JsonLinesLogger implements Callback {
  private readonly append: boolean;
  private readonly fs: FileSystemOps;
  private needsNewline = false;

  /**
   * @param filename The file to write.
   * @param options Append mode and file system.
   * @throws ValueError for an empty filename.
   */
  constructor(
    readonly filename: string,
    options: JsonLinesLoggerOptions = {},
  ) {
    if (typeof filename !== 'string' || filename === '') throw new ValueError(`JsonLinesLogger: filename must be a non-empty string, got ${JSON.stringify(filename)}`);
    this.append = options.append ?? false;
    this.fs = options.fileSystem ?? NODE_FILE_SYSTEM;
  }

  /** Replaces the file unless `append`. @throws the file system's error. */
  async onTrainBegin(): Promise<void> {
    this.needsNewline = false;
    if (this.append && (await this.fs.kind(this.filename)) === 'file') {
      const bytes = await this.fs.readFile(this.filename);
      // A run that died mid-line left no line break; start on a fresh line.
      this.needsNewline = bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a;
      return;
    }
    await this.fs.writeFileSynced(this.filename, new Uint8Array(0), 'w');
  }

  /** Appends the epoch's record. @throws the file system's error. */
  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const record: Record<string, number | string> = { epoch };
    for (const [key, value] of Object.entries(logs)) if (key !== 'epoch') record[key] = jsonNumber(value);
    const text = `${this.needsNewline ? '\n' : ''}${JSON.stringify(record)}\n`;
    await this.fs.writeFileSynced(this.filename, new TextEncoder().encode(text), 'a');
    this.needsNewline = false;
  }
}

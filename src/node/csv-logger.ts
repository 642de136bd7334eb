/**
 * CsvLogger (Keras's CSVLogger): one row per epoch with every log value, for spreadsheets, pandas
 * and plotting scripts.
 */
import { ValueError } from '../core/index.js';
import type { Callback, Logs } from '../train/callback.js';
import { type FileSystemOps, NODE_FILE_SYSTEM } from './file-system-ops.js';

/** Options of {@link CsvLogger}. */
export interface CsvLoggerOptions {
  /** Field separator (default ','). */
  readonly separator?: string;
  /** Add to an existing file instead of replacing it at the start of `fit` (default false). */
  readonly append?: boolean;
  /** The file system to use (default: Node's). */
  readonly fileSystem?: FileSystemOps;
}

/**
 * Writes `epoch` (from 0, as in History) and each log value per epoch. The header comes from the
 * first epoch's log names, in the order `fit` reports them (loss, metrics, `val_` values, lr).
 * Values are written in full precision (JavaScript's shortest text that reads back as the same
 * number, so `0.1` stays `0.1` and nothing is rounded); NaN and infinities as `NaN`, `Infinity`,
 * `-Infinity`. Each row is appended and flushed at the end of its epoch, so a crash loses at most
 * the epoch in progress. With `append`, rows go after an existing file's, and its header must
 * match.
 *
 * @example
 * await model.fit(x, y, { epochs: 20, validationSplit: 0.2, callbacks: [new CsvLogger('runs/training.csv')] });
 * // epoch,loss,accuracy,val_loss,val_accuracy,lr
 * // 0,1.0986122886681098,0.3333333432674408,…
 */
export class CsvLogger implements Callback {
  private readonly separator: string;
  private readonly append: boolean;
  private readonly fs: FileSystemOps;
  private columns: string[] | null = null;
  private existingHeader: string | null = null;
  private needsNewline = false;

  /**
   * @param filename The CSV file to write.
   * @param options Separator, append mode and file system.
   * @throws ValueError for an empty filename or a separator that is empty or holds a quote or a line break.
   */
  constructor(
    readonly filename: string,
    options: CsvLoggerOptions = {},
  ) {
    if (typeof filename !== 'string' || filename === '') throw new ValueError(`CsvLogger: filename must be a non-empty string, got ${JSON.stringify(filename)}`);
    this.separator = options.separator ?? ',';
    if (typeof this.separator !== 'string' || this.separator === '' || /["\r\n]/.test(this.separator)) {
      throw new ValueError(`CsvLogger: separator must be a non-empty string without quotes or line breaks, got ${JSON.stringify(this.separator)}`);
    }
    this.append = options.append ?? false;
    this.fs = options.fileSystem ?? NODE_FILE_SYSTEM;
  }

  /** Replaces the file (or, with `append`, reads the existing header). @throws the file system's error. */
  async onTrainBegin(): Promise<void> {
    this.columns = null;
    this.existingHeader = null;
    this.needsNewline = false;
    if (this.append && (await this.fs.kind(this.filename)) === 'file') {
      const text = new TextDecoder().decode(await this.fs.readFile(this.filename));
      if (text.length > 0) {
        this.existingHeader = text.split(/\r?\n/, 1)[0]!;
        // A run that died mid-row left no line break; start on a fresh line.
        this.needsNewline = !text.endsWith('\n');
      }
      return;
    }
    await this.fs.writeFileSynced(this.filename, new Uint8Array(0), 'w');
  }

  /**
   * Appends the epoch's row (and the header on the first epoch).
   *
   * @throws ValueError when an appended file's header differs or a log name is not in the header.
   */
  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    let text = this.needsNewline ? '\n' : '';
    if (this.columns === null) {
      const columns = ['epoch', ...Object.keys(logs).filter((k) => k !== 'epoch')];
      const header = this.line(columns);
      if (this.existingHeader !== null && this.existingHeader !== header) {
        throw new ValueError(`CsvLogger: '${this.filename}' has the header '${this.existingHeader}', but this run logs '${header}'; write to another file or drop append`);
      }
      if (this.existingHeader === null) text += `${header}\n`;
      this.columns = columns;
    }
    const unknown = Object.keys(logs).filter((k) => !this.columns!.includes(k));
    if (unknown.length > 0) {
      throw new ValueError(`CsvLogger: epoch ${epoch} logs ${unknown.join(', ')}, which the header (from the first epoch) lacks: ${this.columns.join(', ')}`);
    }
    const row = this.columns.map((c) => {
      const value = c === 'epoch' ? epoch : logs[c];
      return value === undefined ? '' : String(value);
    });
    text += `${this.line(row)}\n`;
    await this.fs.writeFileSynced(this.filename, new TextEncoder().encode(text), 'a');
    this.needsNewline = false;
  }

  /** Fields joined by the separator, quoted (RFC 4180) where they hold it, a quote or a line break. */
  private line(fields: readonly string[]): string {
    return fields.map((f) => (f.includes(this.separator) || /["\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(this.separator);
  }
}

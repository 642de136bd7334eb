/**
 * ModelCheckpoint (Keras's callback of that name): saves the model folder at the end of epochs,
 * every epoch or only when a monitored value improves, under a path that can name the epoch and
 * log values (`checkpoints/epoch-{epoch:02d}-{val_loss:.4f}`).
 */
import { ValueError } from '../core/index.js';
import type { JsonValue } from '../nn/index.js';
import type { Callback, Logs } from '../train/callback.js';
import type { Model } from '../train/model.js';
import type { FileSystemOps } from './file-system-ops.js';
import type { EncryptionOptions } from './encryption-key.js';
import { saveModel } from './save-model.js';

/** Options of {@link ModelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** Log to watch when `saveBestOnly` (default 'val_loss'). */
  readonly monitor?: string;
  /** Save only when `monitor` improves on the best value so far (default false: every epoch). */
  readonly saveBestOnly?: boolean;
  /** 'min' for losses, 'max' for accuracies; 'auto' guesses from the name (default). */
  readonly mode?: 'min' | 'max' | 'auto';
  /** Label names stored in each saved model. */
  readonly labels?: readonly string[];
  /** Metadata stored in each saved model. */
  readonly metadata?: { readonly [key: string]: JsonValue };
  /** The file system to use (default: Node's). */
  readonly fileSystem?: FileSystemOps;
  /** Save each checkpoint encrypted (see saveModel's `encryption`). */
  readonly encryption?: EncryptionOptions;
}

/** One piece of a path template: literal text, or a placeholder with its format. */
type Piece = { readonly text: string } | { readonly key: string; readonly format: Format };

/** `d` integers padded to `width` (with zeros when `zero`), `f` fixed, `e` exponent, `''` as is. */
interface Format {
  readonly kind: '' | 'd' | 'f' | 'e';
  readonly width: number;
  readonly zero: boolean;
  readonly precision: number | null;
}

const PLACEHOLDER = /\{([^{}:]*)(?::([^{}]*))?\}/g;
const SPEC = /^(0?)(\d*)(?:\.(\d+))?([dfe]?)$/;

/** Splits a path template into text and placeholders, checking every format spec. */
function parseTemplate(filepath: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const match of filepath.matchAll(PLACEHOLDER)) {
    const key = match[1]!;
    const spec = match[2] ?? '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new ValueError(`ModelCheckpoint: placeholder {${match[0].slice(1, -1)}} in filepath must be {name} or {name:format}, got name '${key}'`);
    }
    const parts = SPEC.exec(spec);
    if (parts === null || (parts[4] === 'd' && parts[3] !== undefined)) {
      throw new ValueError(`ModelCheckpoint: format '${spec}' of {${key}} must look like 02d, .4f or .3e`);
    }
    const format: Format = {
      kind: parts[4] as Format['kind'],
      width: parts[2] === '' ? 0 : Number(parts[2]),
      zero: parts[1] === '0',
      precision: parts[3] === undefined ? null : Number(parts[3]),
    };
    if (format.precision !== null && format.precision > 20) throw new ValueError(`ModelCheckpoint: precision of {${key}} must be at most 20, got ${format.precision}`);
    pieces.push({ text: filepath.slice(at, match.index) }, { key, format });
    at = match.index + match[0].length;
  }
  const rest = filepath.slice(at);
  if (/[{}]/.test(rest) || pieces.some((p) => 'text' in p && /[{}]/.test(p.text))) {
    throw new ValueError(`ModelCheckpoint: filepath '${filepath}' has an unmatched { or }`);
  }
  pieces.push({ text: rest });
  return pieces;
}

function formatValue(value: number, format: Format): string {
  let text: string;
  if (format.kind === 'd') text = String(Math.round(value));
  else if (format.kind === 'f') text = value.toFixed(format.precision ?? 6);
  else if (format.kind === 'e') text = value.toExponential(format.precision ?? 6);
  else text = format.precision === null ? String(value) : value.toFixed(format.precision);
  if (text.length >= format.width) return text;
  if (!format.zero || !Number.isFinite(value)) return text.padStart(format.width, ' ');
  const sign = text.startsWith('-') ? '-' : '';
  return sign + text.slice(sign.length).padStart(format.width - sign.length, '0');
}

/**
 * Saves the model folder after epochs (with `saveModel`, so each save is atomic).
 *
 * The path may contain `{epoch}` and any log name (`{val_loss}`, `{accuracy}`), each optionally
 * with a format: `{epoch:02d}`, `{val_loss:.4f}`, `{loss:.2e}`. As in Keras, `{epoch}` counts from
 * 1 (the first epoch saves as `epoch-01`), while logs and History count from 0. A path without
 * placeholders is overwritten by each save. With `saveBestOnly`, the model is saved only when
 * `monitor` beats the best value seen by this callback (across `fit` calls, so a second `fit` does
 * not overwrite a better model); NaN never counts as an improvement.
 *
 * @example
 * const checkpoint = new ModelCheckpoint('checkpoints/best', { monitor: 'val_loss', saveBestOnly: true });
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [checkpoint] });
 * const { model: best } = await loadModel('checkpoints/best');
 */
export class ModelCheckpoint implements Callback {
  model?: Model;
  /** Best value of `monitor` so far (NaN before any). */
  best = NaN;
  /** Epoch (from 0) of the best value, or −1. */
  bestEpoch = -1;
  /** Path of the last save, or null. */
  lastSaved: string | null = null;
  private readonly pieces: Piece[];
  private readonly monitor: string;
  private readonly saveBestOnly: boolean;
  private readonly sign: 1 | -1;
  private readonly options: ModelCheckpointOptions;

  /**
   * @param filepath The model folder to write, a template as described above.
   * @param options What to monitor, when to save, labels and metadata to store.
   * @throws ValueError for an empty filepath, a malformed placeholder or format, or a bad mode.
   */
  constructor(filepath: string, options: ModelCheckpointOptions = {}) {
    if (typeof filepath !== 'string' || filepath === '') throw new ValueError(`ModelCheckpoint: filepath must be a non-empty string, got ${JSON.stringify(filepath)}`);
    this.pieces = parseTemplate(filepath);
    this.monitor = options.monitor ?? 'val_loss';
    this.saveBestOnly = options.saveBestOnly ?? false;
    const mode = options.mode ?? 'auto';
    if (!['min', 'max', 'auto'].includes(mode)) throw new ValueError(`ModelCheckpoint: mode must be 'min', 'max' or 'auto', got ${String(mode)}`);
    const maximise = mode === 'max' || (mode === 'auto' && /acc|auc|f1|precision|recall/i.test(this.monitor));
    this.sign = maximise ? -1 : 1;
    this.options = options;
  }

  /**
   * The path for an epoch (from 0) and its logs.
   *
   * @throws ValueError when a placeholder names neither `epoch` nor a log.
   * @example
   * new ModelCheckpoint('ckpt/{epoch:02d}-{val_loss:.2f}').filepathFor(4, { val_loss: 0.1234 }); // 'ckpt/05-0.12'
   */
  filepathFor(epoch: number, logs: Logs): string {
    return this.pieces
      .map((piece) => {
        if ('text' in piece) return piece.text;
        const value = piece.key === 'epoch' ? epoch + 1 : logs[piece.key];
        if (value === undefined) {
          throw new ValueError(`ModelCheckpoint: filepath names {${piece.key}}, which is not in the logs; available: epoch, ${Object.keys(logs).join(', ')}`);
        }
        return formatValue(value, piece.format);
      })
      .join('');
  }

  /**
   * Saves the model when due: every epoch, or when `monitor` improved with `saveBestOnly`.
   *
   * @throws ValueError when `monitor` or a placeholder is not in the logs; saveModel's errors.
   */
  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (this.model === undefined) return;
    if (this.saveBestOnly) {
      const value = logs[this.monitor];
      if (value === undefined) {
        throw new ValueError(`ModelCheckpoint: '${this.monitor}' is not in the logs; available: ${Object.keys(logs).join(', ')}`);
      }
      const improved = !Number.isNaN(value) && (Number.isNaN(this.best) || this.sign * (value - this.best) < 0);
      if (!improved) return;
    }
    const path = this.filepathFor(epoch, logs);
    const { labels, metadata, fileSystem, encryption } = this.options;
    await saveModel(this.model, path, {
      ...(labels === undefined ? {} : { labels }),
      ...(metadata === undefined ? {} : { metadata }),
      ...(fileSystem === undefined ? {} : { fileSystem }),
      ...(encryption === undefined ? {} : { encryption }),
    });
    // Recorded after the save, so a failed save does not raise the bar for the next epoch.
    if (this.saveBestOnly) {
      this.best = logs[this.monitor]!;
      this.bestEpoch = epoch;
    }
    this.lastSaved = path;
  }
}

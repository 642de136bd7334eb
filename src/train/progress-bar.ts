/**
 * The progress bar `fit` shows with verbose 1: epoch, step, loss, metrics, samples/s and ETA,
 * redrawn in place on a terminal at most every 100 ms, or one plain line per epoch when the output
 * is not a terminal (CI logs, files).
 */
import type { Callback, Logs, TrainBeginInfo } from './callback.js';

/** Where the bar writes: a terminal-like stream. */
export interface ProgressOutput {
  write(text: string): void;
  /** True on an interactive terminal: redraw in place. */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

function defaultOutput(): ProgressOutput {
  // `process` is absent in browsers: there the bar writes to the console, one line per epoch.
  const stdout = (globalThis as { process?: { stdout?: ProgressOutput } }).process?.stdout;
  return stdout ?? { write: (text: string) => console.log(text.trimEnd()) };
}

function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .filter(([name]) => name !== 'lr')
    .map(([name, value]) => `${name} ${Number.isFinite(value) ? value.toFixed(4) : String(value)}`)
    .join('  ');
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

/**
 * Terminal progress for `fit` (added automatically with verbose 1).
 *
 * @example
 * await model.fit(x, y, { verbose: 0, callbacks: [new ProgressBar({ write: (s) => log.push(s) })] });
 */
export class ProgressBar implements Callback {
  private epochs = 0;
  private steps: number | null = null;
  private epochStart = 0;
  private samples = 0;
  private lastDraw = 0;
  private currentEpoch = 0;

  constructor(private readonly output: ProgressOutput = defaultOutput()) {}

  onTrainBegin(info: TrainBeginInfo): void {
    this.epochs = info.epochs;
    this.steps = info.stepsPerEpoch;
  }

  onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch + 1;
    this.epochStart = Date.now();
    this.samples = 0;
    this.lastDraw = 0;
  }

  onBatchEnd(batch: number, logs: () => Logs, samples: number): void {
    this.samples += samples;
    if (this.output.isTTY !== true) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const elapsed = (now - this.epochStart) / 1000;
    const done = batch + 1;
    const rate = this.samples / Math.max(elapsed, 1e-3);
    const eta = this.steps === null ? NaN : (elapsed / done) * (this.steps - done);
    const width = 20;
    const filled = this.steps === null ? 0 : Math.round((done / this.steps) * width);
    const bar = this.steps === null ? '' : `[${'='.repeat(filled)}${'.'.repeat(width - filled)}] `;
    const step = this.steps === null ? `${done}` : `${done}/${this.steps}`;
    const line = `epoch ${this.currentEpoch}/${this.epochs} ${bar}${step}  ${formatLogs(logs())}  ${rate.toFixed(0)} samples/s  ETA ${formatSeconds(eta)}`;
    const columns = this.output.columns ?? 120;
    this.output.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, line.length))}`);
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const seconds = (Date.now() - this.epochStart) / 1000;
    const rate = this.samples / Math.max(seconds, 1e-3);
    const prefix = this.output.isTTY === true ? '\r\x1b[2K' : '';
    this.output.write(`${prefix}epoch ${epoch + 1}/${this.epochs}  ${formatLogs(logs)}  ${rate.toFixed(0)} samples/s  ${formatSeconds(seconds)}\n`);
  }
}

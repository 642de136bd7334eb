/**
 * `sprout export DIR --onnx FILE`: a saved model folder as an ONNX file (opset 17, dynamic batch),
 * for ONNX Runtime and other ONNX engines. The graph is the network alone: a model trained by
 * `sprout train` takes the preprocessed feature vector (its preprocessing stays in the model
 * folder), and a text model takes token ids.
 */
// The pipelines' layers register on import, so their saved models load (and the text model exports).
import '../../apps/recommend/index.js';
import '../../apps/text/index.js';
import { ModelFormatError, ValueError } from '../../core/index.js';
import { loadModel, saveOnnx } from '../../node/index.js';
import { CliError } from '../cli-error.js';

/** Options of {@link exportCommand}. */
export interface ExportCommandOptions {
  /** The model folder. */
  readonly dir: string;
  /** The `.onnx` file to write. */
  readonly onnx: string;
  /** The input's dimensions after the batch, e.g. '1,28,28' (default: what the first layer tells). */
  readonly inputShape?: string;
}

/**
 * Runs `sprout export`.
 *
 * @throws CliError for a missing or damaged folder, a bad --input-shape, or a model with a layer
 *   that has no ONNX converter (exit status 2).
 * @example
 * await exportCommand({ dir: 'models/digits', onnx: 'digits.onnx' });
 */
export async function exportCommand(options: ExportCommandOptions): Promise<void> {
  let loaded: Awaited<ReturnType<typeof loadModel>>;
  try {
    loaded = await loadModel(options.dir);
  } catch (error) {
    if (error instanceof ModelFormatError || error instanceof ValueError) throw new CliError(error.message);
    throw error;
  }
  const inputShape = options.inputShape === undefined ? undefined : parseShape(options.inputShape);
  const labels = loaded.config.labels;
  try {
    const bytes = await saveOnnx(loaded.model, options.onnx, {
      ...(inputShape === undefined ? {} : { inputShape: ['batch', ...inputShape] }),
      metadata: { sproutModel: options.dir, ...(labels === null ? {} : { labels: JSON.stringify(labels) }) },
    });
    process.stdout.write(`Wrote ${options.onnx} (${bytes.toLocaleString('en-US')} bytes, ONNX opset 17, input 'input', output 'output')\n`);
  } catch (error) {
    if (error instanceof ValueError) throw new CliError(error.message);
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') throw new CliError(`cannot write '${options.onnx}': ${(error as Error).message}`);
    throw error;
  }
}

function parseShape(text: string): number[] {
  const dims = text.split(',').map((d) => Number(d.trim()));
  if (text.trim() === '' || !dims.every((d) => Number.isSafeInteger(d) && d >= 1)) {
    throw new CliError(`--input-shape must be positive integers separated by commas (the dimensions after the batch), got '${text}'`);
  }
  return dims;
}

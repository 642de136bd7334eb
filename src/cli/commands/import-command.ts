/**
 * `sprout import FILE --out DIR`: an ONNX file as a Sprout model folder (config.json +
 * model.safetensors), so `loadModel` and the Sprout API run, fine-tune and re-export it.
 */
import { ModelFormatError } from '../../core/index.js';
import { loadOnnx, saveModel } from '../../node/index.js';
import { Model } from '../../train/index.js';
import { CliError } from '../cli-error.js';

/** Options of {@link importCommand}. */
export interface ImportCommandOptions {
  /** The `.onnx` file. */
  readonly file: string;
  /** The model folder to write. */
  readonly out: string;
}

/**
 * Runs `sprout import`.
 *
 * @throws CliError for a missing or malformed file or an unsupported operator (exit status 2).
 * @example
 * await importCommand({ file: 'digits.onnx', out: 'models/digits-imported' });
 */
export async function importCommand(options: ImportCommandOptions): Promise<void> {
  let module: Awaited<ReturnType<typeof loadOnnx>>;
  try {
    module = await loadOnnx(options.file);
  } catch (error) {
    if (error instanceof ModelFormatError) throw new CliError(error.message);
    throw error;
  }
  await saveModel(new Model(module), options.out, { metadata: { importedFrom: options.file } });
  const ops = new Set(module.spec.nodes.map((n) => n.opType));
  process.stdout.write(
    `Imported ${options.file}: ${module.spec.nodes.length} nodes (${[...ops].sort().join(', ')}), ${module.parameterCount().toLocaleString('en-US')} parameters; saved ${options.out}\n`,
  );
}

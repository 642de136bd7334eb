/**
 * `sprout generate DIR --prompt "ROMEO:" --tokens 200 [--temperature T] [--top-k K] [--seed S]`:
 * text from a saved language model, written to stdout character by character as it is sampled
 * (the prompt first), so a long generation shows progress at once.
 */
import { ValueError } from '../../core/index.js';
import { CliError } from '../cli-error.js';
import { expectKind, loadPipelineModel } from '../pipeline-model.js';

/** Options of {@link generateCommand}. */
export interface GenerateCommandOptions {
  readonly dir: string;
  readonly prompt: string;
  readonly tokens: number;
  readonly temperature: number;
  readonly topK?: number;
  readonly seed: number;
}

/**
 * Runs `sprout generate`.
 *
 * @throws CliError for a folder that is not a language model, or a prompt character it does not know.
 * @example
 * await generateCommand({ dir: 'models/shakespeare', prompt: 'ROMEO:', tokens: 200, temperature: 0.8, topK: 20, seed: 0 });
 */
export async function generateCommand(options: GenerateCommandOptions): Promise<void> {
  const { model: lm } = expectKind(await loadPipelineModel(options.dir), 'lm', options.dir, 'sprout generate');
  try {
    lm.vocabulary.encode(options.prompt); // before the prompt is printed
    process.stdout.write(options.prompt);
    for await (const c of lm.stream(options.prompt, { tokens: options.tokens, temperature: options.temperature, seed: options.seed, ...(options.topK === undefined ? {} : { topK: options.topK }) })) {
      process.stdout.write(c);
    }
  } catch (error) {
    if (error instanceof ValueError) throw new CliError(error.message.replace(/^CharLanguageModel\.stream: |^CharVocabulary\.encode: /, ''));
    throw error;
  }
  process.stdout.write('\n');
}

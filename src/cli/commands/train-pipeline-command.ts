/**
 * `sprout train --pipeline NAME`: hands the flags to the pipeline's trainer. One table maps each
 * pipeline to its command function; a pipeline without one (yet) is a clear error, not a crash.
 */
import { CliError } from '../cli-error.js';
import type { PipelineName, PipelineTrainOptions } from '../pipeline-train-options.js';
import { trainImageCommand } from './train-image-command.js';
import { trainLmCommand } from './train-lm-command.js';
import { trainSpeechCommand } from './train-speech-command.js';
import { trainRecommendCommand } from './train-recommend-command.js';
import { trainTextCommand } from './train-text-command.js';

/** The trainer of each pipeline; absent entries are not available in this build. */
const TRAINERS: Partial<Record<PipelineName, (options: PipelineTrainOptions) => Promise<void>>> = {
  text: trainTextCommand,
  recommend: trainRecommendCommand,
  lm: trainLmCommand,
  speech: trainSpeechCommand,
  image: trainImageCommand,
};

/**
 * Runs `sprout train --pipeline NAME`.
 *
 * @throws CliError for a pipeline without a trainer, and whatever the trainer throws.
 * @example
 * await trainPipelineCommand({ pipeline: 'recommend', train: 'u1.base', test: 'u1.test', seed: 0, json: true });
 */
export async function trainPipelineCommand(options: PipelineTrainOptions): Promise<void> {
  const trainer = TRAINERS[options.pipeline];
  if (trainer === undefined) throw new CliError(`--pipeline ${options.pipeline} is not available in this version of sprout train`);
  await trainer(options);
}

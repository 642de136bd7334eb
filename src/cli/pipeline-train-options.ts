/**
 * The flags of `sprout train --pipeline NAME`, one object for every pipeline: commander collects
 * them all, and each pipeline's trainer takes what it needs and says which required flag is
 * missing ({@link requireFlag}), so one `train` command serves tabular data and every pipeline.
 */
import { basename, extname, join } from 'node:path';
import { type Command, Option } from 'commander';
import { CliError } from './cli-error.js';
import { convolutionWidthsOption, dropoutOption, imageSizeOption, namesOption } from './image-options.js';
import { integerOption, positiveNumberOption } from './integer-option.js';

/** The pipelines `sprout train --pipeline` knows. */
export const PIPELINES = ['text', 'recommend', 'speech', 'lm', 'image'] as const;
export type PipelineName = (typeof PIPELINES)[number];

/** Flags of `sprout train --pipeline NAME` (absent ones are undefined). */
export interface PipelineTrainOptions {
  readonly pipeline: PipelineName;
  /** Training data: a file (text, recommend, lm) or a folder (speech). */
  readonly train?: string;
  readonly test?: string;
  readonly validation?: string;
  readonly out?: string;
  readonly seed: number;
  readonly json: boolean;
  readonly epochs?: number;
  // text
  readonly textColumn?: string;
  readonly labelColumn?: string;
  readonly model?: string;
  readonly replies?: string;
  readonly fallback?: string;
  // recommend
  readonly objective?: string;
  readonly factors?: number;
  // speech
  readonly testMatch?: string;
  // lm
  readonly steps?: number;
  readonly context?: number;
  readonly layers?: number;
  readonly width?: number;
  readonly heads?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  // image
  readonly trainLabels?: string;
  readonly testLabels?: string;
  readonly validationLabels?: string;
  readonly size?: readonly [number, number];
  readonly channels?: readonly [number, number];
  readonly dropout?: number;
  readonly flip?: boolean;
  readonly shift?: number;
  readonly classNames?: readonly string[];
  // run tracking (image)
  readonly name?: string;
  readonly runsDir?: string;
  readonly track?: boolean;
}

/**
 * A flag's value, or a CliError saying the pipeline needs it.
 *
 * @example
 * const file = requireFlag(options.train, '--train <file>', 'text');
 */
export function requireFlag<T>(value: T | undefined, flag: string, pipeline: string): T {
  if (value === undefined) throw new CliError(`--pipeline ${pipeline} needs ${flag}`);
  return value;
}

/**
 * The model folder: `--out`, else `models/<training file or folder name>`.
 *
 * @example
 * modelFolder(undefined, 'data/ratings.tsv'); // 'models/ratings'
 */
export function modelFolder(out: string | undefined, train: string): string {
  return out ?? join('models', basename(train, extname(train)));
}

/**
 * Adds the pipeline flags to the `train` command.
 *
 * @example
 * addPipelineTrainFlags(program.command('train'));
 */
export function addPipelineTrainFlags(command: Command): Command {
  return command
    .addOption(new Option('--pipeline <name>', 'train a product pipeline instead of a tabular model (see docs/pipelines/)').choices(PIPELINES))
    .option('--train <path>', '(pipelines) training data: a file (text, recommend, lm), a folder of WAV files (speech), a folder of class folders or an IDX file (image)')
    .option('--validation <file>', '(text) validation file for early stopping and the out-of-scope threshold; (image) images scored after every epoch')
    .option('--text-column <column>', '(text) the column holding the messages')
    .option('--label-column <column>', '(text) the column holding the intents')
    .option('--model <family>', "(text) 'tfidf-mlp' (default) or 'transformer'")
    .option('--replies <file>', '(text) JSON object of replies by intent')
    .option('--fallback <reply>', '(text) the reply for out-of-scope messages')
    .option('--objective <name>', "(recommend) 'rating' (default) or 'bpr'")
    .option('--factors <n>', '(recommend) latent factors', integerOption(1))
    .option('--test-match <regex>', '(speech) WAV files whose name matches go to the test split')
    .option('--steps <n>', '(lm) optimiser steps', integerOption(1))
    .option('--context <n>', '(lm) context length in characters', integerOption(2))
    .option('--layers <n>', '(lm) Transformer blocks', integerOption(1))
    .option('--width <n>', '(lm) model width', integerOption(1))
    .option('--heads <n>', '(lm) attention heads', integerOption(1))
    .option('--batch-size <n>', '(lm, speech, image) examples per step', integerOption(1))
    .option('--learning-rate <x>', '(lm, speech, image) peak learning rate', positiveNumberOption)
    .option('--train-labels <file>', '(image) the IDX label file of an IDX --train file')
    .option('--test-labels <file>', '(image) the IDX label file of an IDX --test file')
    .option('--validation-labels <file>', '(image) the IDX label file of an IDX --validation file')
    .option('--size <HxW>', '(image) resize every image to this size (multiples of 4)', imageSizeOption)
    .option('--channels <c1,c2>', '(image) widths of the two convolution blocks (default 32,64)', convolutionWidthsOption)
    .option('--dropout <p>', '(image) dropout before the class layer (default 0.25)', dropoutOption)
    .option('--flip', '(image) augment: mirror training images left-right at random')
    .option('--shift <pixels>', '(image) augment: shift training images by up to this many pixels', integerOption(0))
    .option('--class-names <names>', '(image) names of IDX classes 0, 1, … separated by commas', namesOption);
}

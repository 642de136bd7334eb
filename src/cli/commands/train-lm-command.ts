/**
 * `sprout train --pipeline lm`: a character-level GPT trained on one text file. The last 10 % of
 * the file is held out (or `--validation FILE`); the report gives the validation loss in nats and
 * bits per character beside the unigram entropy of the training text (what a model that ignores
 * context scores), the training speed, and a short sample; the model folder holds the vocabulary.
 */
import { readFile } from 'node:fs/promises';
import { trainCharLanguageModel } from '../../apps/lm/index.js';
import { saveModel } from '../../node/index.js';
import { checkInputFile } from '../check-input-file.js';
import { CliError } from '../cli-error.js';
import { formatTable } from '../format-table.js';
import { finiteOnly, jsonMetrics } from '../json-metrics.js';
import { modelFolder, type PipelineTrainOptions, requireFlag } from '../pipeline-train-options.js';

/**
 * Runs `sprout train --pipeline lm`.
 *
 * @throws CliError for a missing flag or file, or a text too short for one window.
 * @example
 * await trainLmCommand({ pipeline: 'lm', train: 'input.txt', steps: 2000, seed: 0, json: false });
 */
export async function trainLmCommand(options: PipelineTrainOptions): Promise<void> {
  const trainPath = requireFlag(options.train, '--train <file>', 'lm');
  const text = await readText(trainPath);
  const validationText = options.validation === undefined ? undefined : await readText(options.validation);
  const context = options.context ?? 64;
  const chars = [...text];
  const trainChars = validationText === undefined ? Math.floor(chars.length * 0.9) : chars.length;
  if (trainChars < context + 1 || (validationText === undefined && chars.length - trainChars < 2)) {
    throw new CliError(`'${trainPath}' has ${chars.length} characters; --pipeline lm needs more than ${Math.ceil((context + 2) / 0.9)} (90 % for training must hold one window of --context ${context} + 1)`);
  }
  const out = modelFolder(options.out, trainPath);
  const network = { dModel: options.width ?? 128, nHead: options.heads ?? 4, numLayers: options.layers ?? 4 };
  const steps = options.steps ?? 2000;
  const batchSize = options.batchSize ?? 32;
  process.stdout.write(
    `Data: ${trainPath}: ${chars.length} characters; training on ${trainChars}, validating on ${validationText === undefined ? `the last ${chars.length - trainChars}` : `${[...validationText].length} from ${options.validation}`}\n` +
      `Model: GPT, ${network.numLayers} blocks, width ${network.dModel}, ${network.nHead} heads, context ${context}; ${steps} steps of ${batchSize} windows\n`,
  );
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = await trainCharLanguageModel({
    text,
    ...(validationText === undefined ? {} : { validationText }),
    contextLength: context,
    network,
    steps,
    batchSize,
    seed: options.seed,
    ...(options.learningRate === undefined ? {} : { learningRate: options.learningRate }),
    onStep: ({ step, loss, seconds }) => {
      if (step % 50 === 0 || step === steps) process.stderr.write(`step ${step}/${steps}: loss ${loss.toFixed(4)} (${seconds.toFixed(0)} s)\n`);
    },
    onEval: ({ step, validationLoss }) => process.stderr.write(`step ${step}: validation loss ${validationLoss.toFixed(4)} (estimate)\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  // CPU time says what the run costs on an idle machine; wall time depends on what else runs.
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const { model } = result;
  const unigram = unigramEntropy(chars.slice(0, trainChars));
  const metrics = { validationLoss: result.validationLoss, bitsPerCharacter: result.validationLoss / Math.LN2, trainLoss: result.trainLoss, unigramEntropy: unigram };
  const metadata = model.metadata({
    pipeline: 'lm',
    metrics: finiteOnly(metrics),
    training: { train: trainPath, validation: options.validation ?? null, characters: chars.length, steps, batchSize, seconds: result.seconds, cpuSeconds, charactersPerSecond: result.charactersPerSecond, seed: options.seed },
  });
  await saveModel(model.model, out, { metadata });
  const sample = await model.generate(chars.slice(0, 1).join(''), { tokens: 120, temperature: 0.8, topK: 20, seed: options.seed });
  const lines = [
    `Trained ${steps} steps in ${result.seconds.toFixed(0)} s (${result.charactersPerSecond.toFixed(0)} characters/s); ${seconds.toFixed(0)} s wall and ${cpuSeconds.toFixed(0)} s CPU with the final evaluation.`,
    '',
    'Metrics (nats per character unless said):',
    '',
    ...formatTable(['metric', 'value'], [
      ['validation loss', result.validationLoss.toFixed(4)],
      ['validation bits per character', (result.validationLoss / Math.LN2).toFixed(4)],
      ['training loss (last 50 steps)', result.trainLoss.toFixed(4)],
      ['unigram entropy of the training text', unigram.toFixed(4)],
    ]).map((l) => `  ${l}`),
    '',
    'Sample (temperature 0.8, top-k 20):',
    '',
    ...sample.split('\n').map((l) => `  ${l}`),
    '',
    `Saved the model to ${out}`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ pipeline: 'lm', metrics: jsonMetrics(metrics), model: out })}\n`);
}

async function readText(path: string): Promise<string> {
  await checkInputFile(path);
  return readFile(path, 'utf8');
}

/** −Σ p(c) ln p(c) over the characters: the loss of the best context-free model. */
function unigramEntropy(chars: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / chars.length) * Math.log(n / chars.length);
  return h;
}

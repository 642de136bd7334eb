/**
 * trainCharLanguageModel: a character-level GPT trained on one text. The vocabulary is the text's
 * sorted character set; the last `validationFraction` of the text (default 10 %, nanoGPT's split of
 * tiny Shakespeare) is held out. Each step takes `batchSize` windows of `contextLength + 1`
 * characters at seeded random offsets of the training part and minimises the next-character
 * cross-entropy at every position with AdamW (Loshchilov & Hutter 2019), a linear warm-up then a
 * cosine decay of the learning rate to a tenth (as nanoGPT), and gradient clipping at norm 1.
 */
import { Generator, randint, relieveMemoryPressure, reshape, tensor, ValueError } from '../../core/index.js';
import { crossEntropy } from '../../losses/index.js';
import { AdamW, clipGradNorm } from '../../optim/index.js';
import { Model } from '../../train/index.js';
import { CharLanguageModel } from './char-language-model.js';
import { CharVocabulary } from './char-vocabulary.js';
import { GptModel, type GptModelConfig } from './gpt-model.js';

/** Options of {@link trainCharLanguageModel}. */
export interface TrainCharLanguageModelOptions {
  /** The text to learn. */
  readonly text: string;
  /** Held-out text (default: the last `validationFraction` of `text`). */
  readonly validationText?: string;
  /** Fraction of `text` held out when `validationText` is absent (default 0.1). */
  readonly validationFraction?: number;
  /** Network sizes besides the vocabulary (default: context 64, width 128, 4 heads, 4 blocks). */
  readonly network?: Omit<GptModelConfig, 'vocabSize' | 'contextLength'>;
  /** Context length in characters (default 64). */
  readonly contextLength?: number;
  /** Optimiser steps (default 2000). */
  readonly steps?: number;
  /** Windows per step (default 32). */
  readonly batchSize?: number;
  /** Peak learning rate (default 2e-3). */
  readonly learningRate?: number;
  /** Warm-up steps (default min(100, steps / 10)). */
  readonly warmupSteps?: number;
  /** AdamW weight decay (default 0.01). */
  readonly weightDecay?: number;
  /** Steps between validation estimates (default 250; 0: only at the end). */
  readonly evalEvery?: number;
  /** Characters of the validation text the periodic estimates read (default 16,384; the final one reads it all). */
  readonly evalCharacters?: number;
  /** Seed of the initial weights and the windows (default 0). */
  readonly seed?: number;
  /** Called after every step. */
  readonly onStep?: (log: LanguageModelStepLog) => void;
  /** Called after every validation estimate. */
  readonly onEval?: (log: LanguageModelEvalLog) => void;
}

/** What {@link TrainCharLanguageModelOptions.onStep} receives. */
export interface LanguageModelStepLog {
  /** 1-based. */
  readonly step: number;
  readonly loss: number;
  readonly learningRate: number;
  /** Seconds since training started. */
  readonly seconds: number;
}

/** What {@link TrainCharLanguageModelOptions.onEval} receives. */
export interface LanguageModelEvalLog {
  readonly step: number;
  /** Nats per character on (a prefix of) the validation text. */
  readonly validationLoss: number;
  readonly seconds: number;
}

/** The trained model and what training measured. */
export interface TrainedCharLanguageModel {
  readonly model: CharLanguageModel;
  readonly steps: number;
  /** Mean training loss of the last 50 steps (nats per character). */
  readonly trainLoss: number;
  /** Nats per character on the whole validation text. */
  readonly validationLoss: number;
  /** Every validation estimate made during training. */
  readonly evaluations: readonly LanguageModelEvalLog[];
  /** Seconds of training (steps and periodic estimates; the final evaluation not included). */
  readonly seconds: number;
  /** Training characters read per second (windows × context / time). */
  readonly charactersPerSecond: number;
}

/**
 * Trains a character-level GPT.
 *
 * @throws ValueError for bad options or a text too short for one window.
 * @example
 * const { model, validationLoss } = await trainCharLanguageModel({ text: shakespeare, steps: 3000 });
 * await model.generate('ROMEO:', { tokens: 100, temperature: 0.8 });
 */
export async function trainCharLanguageModel(options: TrainCharLanguageModelOptions): Promise<TrainedCharLanguageModel> {
  const op = 'trainCharLanguageModel';
  if (typeof options.text !== 'string' || options.text.length === 0) throw new ValueError(`${op}: text is empty; give the text to learn`);
  const fraction = options.validationFraction ?? 0.1;
  if (!(fraction > 0 && fraction < 1)) throw new ValueError(`${op}: validationFraction must be in (0, 1), got ${fraction}`);
  const chars = [...options.text];
  const cut = options.validationText === undefined ? Math.floor(chars.length * (1 - fraction)) : chars.length;
  const trainText = chars.slice(0, cut).join('');
  const validationText = options.validationText ?? chars.slice(cut).join('');
  const vocabulary = CharVocabulary.fromText(options.validationText === undefined ? options.text : options.text + options.validationText);
  const context = positive(op, 'contextLength', options.contextLength ?? 64);
  const steps = positive(op, 'steps', options.steps ?? 2000);
  const batch = positive(op, 'batchSize', options.batchSize ?? 32);
  const peak = options.learningRate ?? 2e-3;
  if (!(peak > 0 && Number.isFinite(peak))) throw new ValueError(`${op}: learningRate must be a positive number, got ${peak}`);
  const warmup = options.warmupSteps ?? Math.min(100, Math.floor(steps / 10));
  const evalEvery = options.evalEvery ?? 250;
  const seed = options.seed ?? 0;
  const trainIds = vocabulary.encode(trainText);
  if (trainIds.length < context + 1) throw new ValueError(`${op}: the training text has ${trainIds.length} characters, fewer than contextLength + 1 = ${context + 1}`);
  if ([...validationText].length < 2) throw new ValueError(`${op}: the validation text has fewer than 2 characters; give a longer text or validationText`);

  const generator = new Generator(seed);
  const gpt = new GptModel({ ...(options.network ?? {}), vocabSize: vocabulary.size, contextLength: context }, generator);
  const model = new Model(gpt);
  const lm = new CharLanguageModel(model, vocabulary);
  const optimizer = new AdamW(gpt.parameters(), { lr: peak, betas: [0.9, 0.99], weightDecay: options.weightDecay ?? 0.01 });
  const v = vocabulary.size;
  const estimateText = [...validationText].slice(0, options.evalCharacters ?? 16_384).join('');
  const evaluations: LanguageModelEvalLog[] = [];
  const recent: number[] = [];
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const x = new Int32Array(batch * context);
  const y = new Int32Array(batch * context);
  for (let step = 1; step <= steps; step++) {
    const lr = step <= warmup ? (peak * step) / warmup : peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * (step - warmup)) / Math.max(1, steps - warmup))));
    optimizer.lr = lr;
    const offsets = randint(0, trainIds.length - context, [batch], { generator }).dataSync();
    for (let b = 0; b < batch; b++) {
      const s = offsets[b]!;
      x.set(trainIds.subarray(s, s + context), b * context);
      y.set(trainIds.subarray(s + 1, s + context + 1), b * context);
    }
    gpt.train();
    optimizer.zeroGrad();
    const logits = gpt.forward(tensor(x, { shape: [batch, context] }));
    const loss = crossEntropy(reshape(logits, [batch * context, v]), tensor(y, { shape: [batch * context] }));
    loss.backward();
    clipGradNorm(gpt.parameters(), 1);
    optimizer.step();
    const value = loss.item();
    recent.push(value);
    if (recent.length > 50) recent.shift();
    options.onStep?.({ step, loss: value, learningRate: lr, seconds: seconds() });
    await relieveMemoryPressure();
    if ((evalEvery > 0 && step % evalEvery === 0) || step === steps) {
      const log = { step, validationLoss: (await lm.evaluate(estimateText)).loss, seconds: seconds() };
      evaluations.push(log);
      options.onEval?.(log);
    }
  }
  const trainingSeconds = seconds();
  const validationLoss = (await lm.evaluate(validationText)).loss;
  return {
    model: lm,
    steps,
    trainLoss: recent.reduce((s, l) => s + l, 0) / recent.length,
    validationLoss,
    evaluations,
    seconds: trainingSeconds,
    charactersPerSecond: (steps * batch * context) / trainingSeconds,
  };
}

function positive(op: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ValueError(`${op}: ${name} must be a positive integer, got ${value}`);
  return value;
}

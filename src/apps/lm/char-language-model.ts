/**
 * CharLanguageModel: a trained character-level language model — the {@link GptModel} network and
 * its {@link CharVocabulary} — that generates text (streamed character by character, with a
 * key/value cache), scores text in nats per character, and saves as one Sprout model whose
 * metadata holds the vocabulary.
 */
import { crossEntropy } from '../../losses/index.js';
import { Generator, ModelFormatError, noGrad, rand, relieveMemoryPressure, reshape, select, tensor, ValueError } from '../../core/index.js';
import type { JsonValue } from '../../nn/index.js';
import type { Model } from '../../train/index.js';
import { CharVocabulary } from './char-vocabulary.js';
import { GptModel } from './gpt-model.js';
import { checkSamplingOptions, sampleToken, type SamplingOptions } from './sample-token.js';

/** The version of `metadata.lm`. */
export const LM_METADATA_VERSION = 1;

/** Options of {@link CharLanguageModel.stream}. */
export interface GenerateOptions extends SamplingOptions {
  /** Characters to generate (default 200). */
  readonly tokens?: number;
  /** Seed of the draws (default 0): the same seed and prompt give the same text. */
  readonly seed?: number;
}

/** What {@link CharLanguageModel.evaluate} measures. */
export interface LanguageModelEvaluation {
  /** Mean cross-entropy of the next character, in nats. */
  readonly loss: number;
  /** The same in bits (loss / ln 2). */
  readonly bitsPerCharacter: number;
  /** Characters predicted. */
  readonly characters: number;
}

const EVAL_BATCH = 32;

/**
 * @example
 * const lm = (await trainCharLanguageModel({ text, steps: 2000 })).model;
 * for await (const c of lm.stream('ROMEO:', { tokens: 100, temperature: 0.8, topK: 20 })) process.stdout.write(c);
 * (await lm.evaluate(validationText)).loss; // nats per character
 */
export class CharLanguageModel {
  /** @throws ValueError when the network's vocabulary size differs from the vocabulary's. */
  constructor(
    readonly model: Model,
    readonly vocabulary: CharVocabulary,
  ) {
    if (!(model.module instanceof GptModel)) throw new ValueError(`CharLanguageModel: the model must wrap a GptModel, got ${model.module.typeName}`);
    if (model.module.sizes.vocabSize !== vocabulary.size) throw new ValueError(`CharLanguageModel: the network has ${model.module.sizes.vocabSize} tokens, the vocabulary ${vocabulary.size}`);
  }

  /** The network. */
  get gpt(): GptModel {
    return this.model.module as GptModel;
  }

  /**
   * Generates text after `prompt`, one character at a time, as an iterable (print each as it comes).
   * Each step feeds only the new character through the network, reading the earlier positions'
   * keys and values from a cache; when the context window is full, the cache restarts from the
   * last half of the window (so a long text costs about two forward passes per window, not one per
   * character).
   *
   * @throws ValueError for an empty prompt, a prompt character outside the vocabulary, or bad options.
   * @example
   * let text = '';
   * for await (const c of lm.stream('ROMEO:', { tokens: 50, seed: 1 })) text += c;
   */
  async *stream(prompt: string, options: GenerateOptions = {}): AsyncGenerator<string, void, undefined> {
    const op = 'CharLanguageModel.stream';
    checkSamplingOptions(op, options);
    const count = options.tokens ?? 200;
    if (!Number.isInteger(count) || count < 0) throw new ValueError(`${op}: tokens must be a non-negative integer, got ${count}`);
    if (typeof prompt !== 'string' || prompt.length === 0) throw new ValueError(`${op}: prompt is empty; give at least one character (e.g. '\\n')`);
    const context = this.gpt.sizes.contextLength;
    let ids = Array.from(this.vocabulary.encode(prompt)).slice(-context);
    const uniforms = rand([Math.max(count, 1)], { generator: new Generator(options.seed ?? 0), dtype: 'float64' }).dataSync();
    const cache = this.gpt.newCache();
    this.model.module.eval();
    let next = ids;
    for (let i = 0; i < count; i++) {
      if (cache.length + next.length > context) {
        // The window is full: restart the cache from the last half of it.
        ids = ids.slice(-Math.max(1, Math.floor(context / 2)));
        cache.clear();
        next = ids;
      }
      const logits = noGrad(() => {
        const out = this.gpt.forwardCached(tensor(Int32Array.from(next), { shape: [1, next.length] }), cache);
        return select(select(out, 0, 0), 0, next.length - 1).dataSync();
      });
      const id = sampleToken(logits, uniforms[i]!, options);
      ids.push(id);
      next = [id];
      yield this.vocabulary.chars[id]!;
      if (i % 16 === 15) await relieveMemoryPressure();
    }
  }

  /**
   * The generated text after `prompt` (without the prompt).
   *
   * @throws ValueError as {@link stream}.
   */
  async generate(prompt: string, options: GenerateOptions = {}): Promise<string> {
    let text = '';
    for await (const c of this.stream(prompt, options)) text += c;
    return text;
  }

  /**
   * Mean next-character cross-entropy over `text`, read in windows of the context length that do
   * not overlap (each character predicted once, from the earlier characters of its window).
   *
   * @throws ValueError for a text under two characters or with characters outside the vocabulary.
   */
  async evaluate(text: string): Promise<LanguageModelEvaluation> {
    const ids = this.vocabulary.encode(text);
    if (ids.length < 2) throw new ValueError(`CharLanguageModel.evaluate: text must have at least 2 characters, got ${ids.length}`);
    const t = this.gpt.sizes.contextLength;
    const v = this.vocabulary.size;
    this.model.module.eval();
    let total = 0;
    let characters = 0;
    const windows = Math.ceil((ids.length - 1) / t);
    for (let first = 0; first < windows; first += EVAL_BATCH) {
      // Full windows go in batches; the last, shorter one alone.
      const starts: number[] = [];
      for (let w = first; w < Math.min(windows, first + EVAL_BATCH); w++) starts.push(w * t);
      const full = starts.filter((s) => s + t + 1 <= ids.length);
      const groups = full.length === starts.length ? [starts] : [full, starts.slice(full.length)].filter((g) => g.length > 0);
      for (const group of groups) {
        const len = Math.min(t, ids.length - 1 - group[0]!);
        const x = new Int32Array(group.length * len);
        const y = new Int32Array(group.length * len);
        group.forEach((s, b) => {
          x.set(ids.subarray(s, s + len), b * len);
          y.set(ids.subarray(s + 1, s + len + 1), b * len);
        });
        const sum = noGrad(() => crossEntropy(reshape(this.gpt.forward(tensor(x, { shape: [group.length, len] })), [group.length * len, v]), tensor(y, { shape: [group.length * len] }), { reduction: 'sum' }).item());
        total += sum;
        characters += x.length;
        await relieveMemoryPressure();
      }
    }
    const loss = total / characters;
    return { loss, bitsPerCharacter: loss / Math.LN2, characters };
  }

  /**
   * The JSON kept in the saved model's `metadata`: `extra` plus `lm` (format version and vocabulary).
   * `saveModel(lm.model, dir, { metadata: lm.metadata() })` writes a folder {@link fromModel} reads.
   */
  metadata(extra: { readonly [key: string]: JsonValue } = {}): { [key: string]: JsonValue } {
    return { ...extra, lm: { version: LM_METADATA_VERSION, vocabulary: this.vocabulary.toJSON() } };
  }

  /**
   * A language model from a loaded network and its config's metadata (`loadModel` from `sprout/node`).
   *
   * @throws ModelFormatError when the metadata has no `lm` entry or it is malformed.
   * @example
   * const { model, config } = await loadModel('models/shakespeare');
   * const lm = CharLanguageModel.fromModel(model, config.metadata);
   */
  static fromModel(model: Model, metadata: unknown): CharLanguageModel {
    const op = 'CharLanguageModel.fromModel';
    const lm = typeof metadata === 'object' && metadata !== null ? (metadata as { lm?: unknown }).lm : undefined;
    if (typeof lm !== 'object' || lm === null) throw new ModelFormatError(`${op}: metadata has no 'lm' entry; this is not a language model`);
    const { version, vocabulary } = lm as { version?: unknown; vocabulary?: unknown };
    if (version !== LM_METADATA_VERSION) throw new ModelFormatError(`${op}: metadata.lm.version is ${JSON.stringify(version)}; this Sprout reads ${LM_METADATA_VERSION}`);
    try {
      return new CharLanguageModel(model, CharVocabulary.fromJSON(vocabulary, 'metadata.lm.vocabulary'));
    } catch (error) {
      if (error instanceof ValueError) throw new ModelFormatError(`${op}: ${error.message}`);
      throw error;
    }
  }
}

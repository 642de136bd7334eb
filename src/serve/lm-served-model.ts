/**
 * lmServedModel: a character language model (src/apps/lm) served for text generation: a prompt in,
 * the sampled continuation out, all at once or piece by piece as it is sampled.
 *
 * Generation does not go through the micro-batcher. A batch there is one forward pass whose outputs
 * split back per item; generating is a loop of forward passes per request, each feeding one new
 * character through the request's own key/value cache, and requests differ in prompt and length.
 * Stacking them would need a cache with a position per row and rows that join and leave between
 * steps (continuous batching, as vLLM does), which the model's cache does not have. Each request
 * runs its own loop instead; the loop yields to the event loop as it goes, so requests interleave.
 */
import type { CharLanguageModel } from '../apps/lm/index.js';
import { InvalidRequestError } from './invalid-request-error.js';
import type { GenerationRequest, GenerativeServedModel } from './served-model.js';

/** Unknown prompt characters named in one error, at most. */
const NAMED = 20;

/**
 * Wraps a language model for the service.
 *
 * @param lm The model, e.g. `CharLanguageModel.fromModel(model, config.metadata)`.
 * @example
 * const served = lmServedModel(lm);
 * served.checkPrompt('ROMEO:');
 * for await (const piece of served.generate({ prompt: 'ROMEO:', tokens: 100, temperature: 0.8, seed: 1 })) process.stdout.write(piece);
 */
export function lmServedModel(lm: CharLanguageModel): GenerativeServedModel {
  const known = new Set(lm.vocabulary.chars);
  return {
    kind: 'text-generation',
    input: { kind: 'prompt', vocabulary: lm.vocabulary.chars, contextLength: lm.gpt.sizes.contextLength },
    labels: null,
    checkPrompt(prompt: string): void {
      const unknown = [...new Set([...prompt].filter((c) => !known.has(c)))];
      if (unknown.length === 0) return;
      const named = unknown.slice(0, NAMED).map((c) => JSON.stringify(c)).join(', ');
      const more = unknown.length > NAMED ? ` and ${unknown.length - NAMED} more` : '';
      throw new InvalidRequestError('/prompt', `holds characters the model was not trained on: ${named}${more}; it knows ${known.size} characters (GET /v1/models lists them)`);
    },
    generate(request: GenerationRequest): AsyncIterable<string> {
      const { prompt, tokens, temperature, topK, seed } = request;
      return yieldingEach(lm.stream(prompt, { tokens, temperature, seed, ...(topK === undefined ? {} : { topK }) }));
    },
  };
}

/**
 * The same pieces, with a macrotask turn after each. The model's generator only awaits promises that
 * are already settled, so on its own a whole generation runs as one stretch of microtasks: nothing
 * written to a socket leaves before the end, and no other request is served meanwhile.
 */
async function* yieldingEach(pieces: AsyncIterable<string>): AsyncGenerator<string, void, undefined> {
  for await (const piece of pieces) {
    yield piece;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * A character-level GPT on tiny Shakespeare (Karpathy's char-rnn text; nanoGPT's split, first 90 %
 * train): trains, reports the validation loss in nats per character, and streams a sample with
 * temperature and top-k sampling through the key/value cache.
 *
 *   node --expose-gc --import tsx examples/generate-text.ts [INPUT_TXT] [--steps N] [--width E] [--layers L] [--json]
 *
 * INPUT_TXT defaults to ../shared/datasets/tinyshakespeare/input.txt (or $SPROUT_DATASETS/…).
 * The defaults are a quick run (300 steps of a small model); docs/RESULTS.md gives the full run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { trainCharLanguageModel } from '../src/index.js';

const { values, positionals } = parseArgs({
  options: { steps: { type: 'string', default: '300' }, width: { type: 'string', default: '64' }, layers: { type: 'string', default: '2' }, json: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const file = resolve(positionals[0] ?? join(process.env['SPROUT_DATASETS'] ?? join(import.meta.dirname, '../../shared/datasets'), 'tinyshakespeare', 'input.txt'));
if (!existsSync(file)) {
  console.error(`generate-text: ${file} not found; pass a text file as the first argument`);
  process.exit(2);
}
const log = (line: string): void => {
  if (!values.json) console.log(line);
};
const steps = Number(values.steps);
const result = await trainCharLanguageModel({
  text: readFileSync(file, 'utf8'),
  steps,
  batchSize: 16,
  contextLength: 64,
  network: { dModel: Number(values.width), numLayers: Number(values.layers), nHead: 4 },
  learningRate: 3e-3,
  onStep: ({ step, loss, seconds }) => {
    if (step % 50 === 0) log(`step ${step}/${steps}: loss ${loss.toFixed(4)} (${seconds.toFixed(0)} s)`);
  },
  onEval: ({ step, validationLoss }) => log(`step ${step}: validation loss ${validationLoss.toFixed(4)} (estimate on the first 16k characters)`),
});
log(`\nvalidation loss ${result.validationLoss.toFixed(4)} nats/char (${(result.validationLoss / Math.LN2).toFixed(3)} bits) after ${steps} steps, ${result.seconds.toFixed(0)} s, ${result.charactersPerSecond.toFixed(0)} characters/s\n`);
if (!values.json) {
  process.stdout.write('ROMEO:');
  for await (const c of result.model.stream('ROMEO:', { tokens: 300, temperature: 0.8, topK: 20, seed: 0 })) process.stdout.write(c);
  process.stdout.write('\n');
} else {
  console.log(JSON.stringify({ validationLoss: result.validationLoss, trainLoss: result.trainLoss, steps, seconds: result.seconds }));
}

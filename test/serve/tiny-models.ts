/**
 * Test helper: tiny models for the service tests, trained in a temp folder — two `sprout train`
 * models (classification and regression) on one synthetic table, so both read the same columns,
 * and a TF-IDF text classifier saved as the folder layout `saveModel` writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainTextClassifier } from '../../src/apps/text/index.js';
import { trainCommand } from '../../src/cli/commands/train-command.js';
import { MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE } from '../../src/node/index.js';

/** The synthetic table's feature columns and their types. */
export const COLUMNS = { x: 'numeric', size: 'numeric', color: 'categorical', member: 'boolean' } as const;

/** One row as JSON, with the same rule as the table. */
export interface TinyRow {
  readonly x: number | null;
  readonly size: number | null;
  readonly color: string | null;
  readonly member: boolean | null;
}

/** Row `i` of the synthetic table; label 'hi' when x + (red ? 1 : 0) > 1, score = 2x + size / 7. */
export function tinyRow(i: number): TinyRow {
  return { x: ((i * 37) % 100) / 50, size: (i * 13) % 7, color: ['red', 'blue', 'green'][i % 3]!, member: i % 2 === 0 };
}

function tableCsv(rows: number): string {
  const lines = ['x,size,color,member,label,score'];
  for (let i = 0; i < rows; i++) {
    const r = tinyRow(i);
    const label = r.x! + (r.color === 'red' ? 1 : 0) > 1 ? 'hi' : 'lo';
    lines.push(`${r.x!.toFixed(2)},${r.size},${r.color},${r.member ? 'yes' : 'no'},${label},${(2 * r.x! + r.size! / 7).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `sprout train` in-process with its report and progress kept off the test output. Only
 * strings are dropped: the test runner's own messages to its parent are binary chunks on stdout
 * and must pass.
 */
async function quietTrain(data: string, target: string, out: string): Promise<void> {
  const [stdout, stderr] = [process.stdout.write, process.stderr.write];
  const quiet = (stream: NodeJS.WriteStream, original: typeof process.stdout.write): typeof process.stdout.write =>
    ((chunk: unknown, ...rest: unknown[]) => (typeof chunk === 'string' ? true : (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest))) as typeof process.stdout.write;
  process.stdout.write = quiet(process.stdout, stdout);
  process.stderr.write = quiet(process.stderr, stderr);
  try {
    await trainCommand({ data, target, task: 'auto', out, epochs: 8, seed: 0, json: false });
  } finally {
    [process.stdout.write, process.stderr.write] = [stdout, stderr];
  }
}

/**
 * Trains one tabular model into `dir`: the classifier of 'label' or the regressor of 'score'.
 *
 * @returns Its folder.
 */
export async function trainTinyTabularModel(dir: string, target: 'label' | 'score'): Promise<string> {
  // The file lacks the other target column, so it cannot leak into the features.
  const drop = target === 'label' ? 5 : 4;
  const data = join(dir, `${target}.csv`);
  writeFileSync(data, tableCsv(150).split('\n').map((line) => line.split(',').filter((_, j) => j !== drop).join(',')).join('\n'));
  const out = join(dir, target === 'label' ? 'classifier' : 'regressor');
  await quietTrain(data, target, out);
  return out;
}

/** Trains both tabular models into `dir` (they read the same columns). */
export async function trainTinyTabularModels(dir: string): Promise<{ classifier: string; regressor: string }> {
  return { classifier: await trainTinyTabularModel(dir, 'label'), regressor: await trainTinyTabularModel(dir, 'score') };
}

const INTENTS: Record<string, string[]> = {
  balance: ['what is my balance', 'how much money do i have', 'show my account balance', 'balance of my checking account'],
  transfer: ['send money to my friend', 'transfer funds to savings', 'move cash between accounts', 'wire money to mom'],
  weather: ['what is the weather today', 'will it rain tomorrow', 'weather forecast for paris', 'is it sunny outside'],
};

/** Trains a tiny TF-IDF (or Transformer) text classifier and writes it as a model folder (config.json + model.safetensors). */
export async function writeTinyTextModel(dir: string, family: 'tfidf-mlp' | 'transformer' = 'tfidf-mlp'): Promise<string> {
  const texts: string[] = [];
  const labels: string[] = [];
  for (const suffix of ['', ' please', ' now']) {
    for (const [label, list] of Object.entries(INTENTS)) {
      for (const t of list) {
        texts.push(t + suffix);
        labels.push(label);
      }
    }
  }
  const network = family === 'tfidf-mlp' ? { hiddenUnits: 16 } : { transformer: { dModel: 16, nHead: 2, numLayers: 1 }, learningRate: 0.01 };
  const { classifier } = await trainTextClassifier({ train: { texts, labels }, validation: { texts, labels }, model: family, seed: 0, epochs: 5, ...network, outOfScopeLabel: null });
  const artifacts = classifier.toArtifacts();
  const folder = join(dir, family === 'tfidf-mlp' ? 'text' : 'text-transformer');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, MODEL_CONFIG_FILE), JSON.stringify(artifacts.config));
  writeFileSync(join(folder, MODEL_WEIGHTS_FILE), artifacts.weights);
  return folder;
}

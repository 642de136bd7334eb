/**
 * A customer-service intent classifier on CLINC150 (Larson et al. 2019): 150 intents plus
 * out-of-scope queries. Trains the TF-IDF MLP family, picks the out-of-scope threshold on the
 * validation split, prints the test report and answers a few messages from a small reply table.
 *
 *   node --expose-gc --import tsx examples/intent-classifier.ts [CLINC150_DIR] [--epochs N]
 *
 * CLINC150_DIR defaults to ../shared/datasets/clinc150 (or $SPROUT_DATASETS/clinc150): the
 * train/validation/test TSV files with columns text, intent, domain. `--expose-gc` lets training
 * return memory promptly (see docs/pipelines/text.md); without it the run still works, with a larger
 * memory high-water mark.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type LabelledTexts, trainTextClassifier } from '../src/index.js';

const { values, positionals } = parseArgs({ options: { epochs: { type: 'string' } }, allowPositionals: true });
const dir = resolve(positionals[0] ?? join(process.env['SPROUT_DATASETS'] ?? join(import.meta.dirname, '../../shared/datasets'), 'clinc150'));
if (!existsSync(join(dir, 'train.tsv'))) {
  console.error(`intent-classifier: ${join(dir, 'train.tsv')} not found; pass the CLINC150 folder as the first argument`);
  process.exit(2);
}

function read(split: string): LabelledTexts {
  const rows = readFileSync(join(dir, `${split}.tsv`), 'utf8').split('\n').slice(1).filter((l) => l !== '').map((l) => l.split('\t'));
  return { texts: rows.map((r) => r[0]!), labels: rows.map((r) => r[1]!) };
}

const replies = {
  balance: 'You can see your balance in the app under Accounts.',
  transfer: 'To send money, open Payments and choose Transfer.',
  lost_luggage: "I'm sorry about your bag. Please file a report at the airline's baggage desk.",
  weather: 'Here is the forecast for your location.',
};

const result = await trainTextClassifier({
  train: read('train'),
  validation: read('validation'),
  test: read('test'),
  model: 'tfidf-mlp',
  seed: 0,
  ...(values.epochs === undefined ? {} : { epochs: Number(values.epochs) }),
  replies,
  fallback: "Sorry, I can't help with that yet. I'll pass you to a colleague.",
  onEpoch: (epoch, logs) => console.log(`epoch ${epoch + 1}: loss ${logs['loss']?.toFixed(4)}, val accuracy ${logs['val_accuracy']?.toFixed(4)}`),
});
const report = result.test!;
console.log(`\ntrained in ${result.seconds.toFixed(1)} s (${result.epochs} epochs, best ${result.bestEpoch + 1}); out-of-scope threshold ${result.classifier.threshold.toFixed(3)}`);
console.log(`test: in-scope accuracy ${report.inScopeAccuracy?.toFixed(4)}, out-of-scope recall ${report.outOfScopeRecall?.toFixed(4)}, accuracy ${report.accuracy.toFixed(4)}, macro F1 ${report.f1Macro.toFixed(4)}\n`);

for (const message of ['how much money is in my checking account', 'please send 20 dollars to my brother', 'the airline lost my suitcase', 'what is the best pizza topping']) {
  const { reply, prediction } = result.classifier.answer(message);
  console.log(`> ${message}\n  [${prediction.label}, ${prediction.confidence.toFixed(2)}] ${reply}`);
}

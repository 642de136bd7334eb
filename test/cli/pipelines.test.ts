/**
 * `sprout train --pipeline text|recommend`, `sprout predict` on a text model and `sprout recommend`,
 * end to end as child processes on small synthetic data: the --json line, the saved folder that
 * predict and recommend read back, and bad input (empty file, unknown column, missing flag, unknown
 * user, the wrong kind of model) as one `error:` line with exit status 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lastJson, runSprout } from './run-sprout.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-pipelines-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const PHRASES: Readonly<Record<string, readonly string[]>> = {
  balance: ['what is my balance', 'how much money do i have', 'show my account balance', 'money left in my account'],
  transfer: ['send money to john', 'transfer twenty dollars', 'move funds to savings', 'pay my friend back'],
  card: ['my card is lost', 'block my credit card', 'someone stole my card', 'replace my debit card'],
  oos: ['what is the weather like', 'tell me a joke', 'who won the game', 'best pizza in town'],
};
const FILLERS = ['', 'please', 'now', 'hey', 'quickly', 'today'];

/** Messages with a filler word: `rows` lines of `text<TAB>intent`, deterministic. */
function intents(rows: number, offset: number): string {
  const labels = Object.keys(PHRASES);
  const lines = ['text\tintent'];
  for (let i = 0; i < rows; i++) {
    const label = labels[i % labels.length]!;
    const phrases = PHRASES[label]!;
    const phrase = phrases[(i * 7 + offset) % phrases.length]!;
    lines.push(`${phrase} ${FILLERS[(i * 5 + offset) % FILLERS.length]}`.trim() + `\t${label}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Ratings of 40 users × 12 of 30 items; user u likes items with i % 3 === u % 3. */
function ratings(): string {
  const lines: string[] = [];
  for (let u = 0; u < 40; u++) {
    for (let k = 0; k < 12; k++) {
      const i = (u * 7 + k * 5) % 30;
      lines.push(`u${u}\tm${i}\t${i % 3 === u % 3 ? 5 : 2}\t${1000 + u * 100 + k}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function expectBadInput(args: readonly string[], pattern: RegExp): void {
  const run = runSprout(args);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, pattern);
  assert.equal(run.stderr.trim().split('\n').length, 1, 'one line on stderr');
}

describe('sprout train --pipeline text, sprout predict', () => {
  const train = file('train.tsv', intents(160, 0));
  const testFile = file('test.tsv', intents(48, 3));
  const replies = file('replies.json', JSON.stringify({ balance: 'Your balance is under Accounts.', card: 'Your card is blocked.' }));
  const model = join(dir, 'intents');
  let trained: ReturnType<typeof runSprout>;
  before(() => {
    trained = runSprout(['train', '--pipeline', 'text', '--train', train, '--test', testFile, '--text-column', 'text', '--label-column', 'intent', '--replies', replies, '--out', model, '--json']);
  });

  test('--json ends with {pipeline, metrics: {accuracy, f1Macro, …}, model}', () => {
    assert.equal(trained.status, 0, trained.stderr);
    const json = lastJson(trained);
    assert.equal(json['pipeline'], 'text');
    assert.equal(json['model'], model);
    const metrics = json['metrics'] as Record<string, number>;
    assert.ok(metrics['accuracy']! >= 0.9, `accuracy ${metrics['accuracy']}`);
    assert.ok(metrics['f1Macro']! >= 0.9, `f1Macro ${metrics['f1Macro']}`);
    assert.match(trained.stdout, /Confusion matrix/);
  });

  test('predict --text answers with the intent and its reply', () => {
    const run = runSprout(['predict', model, '--text', 'how much money do i have', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const answer = lastJson(run);
    assert.equal(answer['intent'], 'balance');
    // Out of scope (confidence under the threshold chosen on validation) answers with the fallback.
    const expected = answer['outOfScope'] === true ? "Sorry, I can't help with that. Let me connect you with a person." : 'Your balance is under Accounts.';
    assert.equal(answer['reply'], expected);
    assert.equal(typeof answer['confidence'], 'number');
  });

  test('predict --data writes one CSV row per message, in order', () => {
    const run = runSprout(['predict', model, '--data', testFile]);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[0], 'label,intent,confidence,out_of_scope,reply');
    assert.equal(lines.length, 49);
    const expected = intents(48, 3).trim().split('\n').slice(1).map((l) => l.split('\t')[1]);
    const right = lines.slice(1).filter((l, i) => l.split(',')[0] === expected[i]).length;
    assert.ok(right / 48 >= 0.9, `${right} of 48 right`);
  });

  test('bad input: empty file, unknown label column, missing flag', () => {
    const empty = file('empty.tsv', '');
    expectBadInput(['train', '--pipeline', 'text', '--train', empty, '--test', testFile, '--text-column', 'text', '--label-column', 'intent'], new RegExp(`^error: '${empty}' is empty$`, 'm'));
    expectBadInput(['train', '--pipeline', 'text', '--train', train, '--test', testFile, '--text-column', 'text', '--label-column', 'label'], /^error: no column 'label' \(--label-column\) in '.*train\.tsv'; the columns are: text, intent$/m);
    expectBadInput(['train', '--pipeline', 'text', '--train', train, '--text-column', 'text', '--label-column', 'intent'], /^error: --pipeline text needs --test <file>$/m);
    expectBadInput(['predict', model], /^error: '.*' is a text model: give a message with --text/m);
  });
});

describe('sprout train --pipeline recommend, sprout recommend', () => {
  const data = file('ratings.tsv', ratings());
  const model = join(dir, 'movies');
  let trained: ReturnType<typeof runSprout>;
  before(() => {
    trained = runSprout(['train', '--pipeline', 'recommend', '--train', data, '--out', model, '--epochs', '30', '--json']);
  });

  test('--json ends with {pipeline, metrics: {rmse, mae}, model}; RMSE beats predicting the mean', () => {
    assert.equal(trained.status, 0, trained.stderr);
    const json = lastJson(trained);
    assert.equal(json['pipeline'], 'recommend');
    const { rmse, mae } = json['metrics'] as Record<string, number>;
    // Ratings are 5 or 2 with about one in three 5s: predicting the mean has RMSE ≈ 1.41.
    assert.ok(rmse! < 1.2, `rmse ${rmse}`);
    assert.ok(mae! > 0);
  });

  test('recommend: k unseen items for a known user, best first', () => {
    const run = runSprout(['recommend', model, '--user', 'u4', '--k', '5', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const result = lastJson(run) as { coldStart: boolean; items: { item: string; score: number }[] };
    assert.equal(result.coldStart, false);
    assert.equal(result.items.length, 5);
    const seen = new Set(ratings().split('\n').filter((l) => l.startsWith('u4\t')).map((l) => l.split('\t')[1]));
    for (const { item } of result.items) assert.ok(!seen.has(item), `${item} was rated by u4`);
    for (let i = 1; i < 5; i++) assert.ok(result.items[i - 1]!.score >= result.items[i]!.score);
  });

  test('an unknown user is an error unless --cold-start, which says so and gives popular items', () => {
    expectBadInput(['recommend', model, '--user', 'nobody'], /^error: user 'nobody' is not in the training data of '.*'; add --cold-start/m);
    const run = runSprout(['recommend', model, '--user', 'nobody', '--k', '3', '--cold-start']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Cold start: user 'nobody' is not in the training data; the 3 most popular items:/);
  });

  test('bad input: empty ratings file, a line without a rating, the wrong kind of model', () => {
    const empty = file('empty-ratings.tsv', '');
    expectBadInput(['train', '--pipeline', 'recommend', '--train', empty], new RegExp(`^error: '${empty}' is empty$`, 'm'));
    const short = file('short.tsv', 'u1\tm1\t4\nu2\n');
    expectBadInput(['train', '--pipeline', 'recommend', '--train', short], /^error: .*short\.tsv: line 2 has 1 field\(s\)/m);
    expectBadInput(['recommend', join(dir, 'intents'), '--user', 'u1'], /^error: '.*intents' holds a text model .*; sprout recommend needs a recommender/m);
  });
});

describe('sprout train --pipeline lm, sprout generate', () => {
  const words = ['to be', 'or not', 'that is', 'the question', 'whether', 'tis nobler'];
  const text = file('verse.txt', Array.from({ length: 400 }, (_, i) => words[(i * 5) % words.length]).join(' ') + '\n');
  const model = join(dir, 'verse');
  let trained: ReturnType<typeof runSprout>;
  before(() => {
    trained = runSprout(['train', '--pipeline', 'lm', '--train', text, '--steps', '15', '--width', '16', '--layers', '1', '--heads', '2', '--context', '16', '--batch-size', '8', '--out', model, '--json']);
  });

  test('--json ends with {pipeline, metrics: {validationLoss, …}, model}', () => {
    assert.equal(trained.status, 0, trained.stderr);
    const json = lastJson(trained);
    assert.equal(json['pipeline'], 'lm');
    const metrics = json['metrics'] as Record<string, number>;
    assert.ok(metrics['validationLoss']! > 0 && metrics['validationLoss']! < Math.log(13) + 1, `validation loss ${metrics['validationLoss']}`);
  });

  test('generate prints the prompt and then --tokens characters, the same for the same seed', () => {
    const args = ['generate', model, '--prompt', 'to be', '--tokens', '30', '--top-k', '3', '--seed', '2'];
    const run = runSprout(args);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.startsWith('to be'));
    assert.equal(run.stdout.length, 'to be'.length + 30 + 1);
    assert.equal(runSprout(args).stdout, run.stdout);
  });

  test('bad input: a prompt character the model never saw, an empty file, predict on a language model', () => {
    expectBadInput(['generate', model, '--prompt', 'to be!'], /^error: character "!" at position 5 is not in the vocabulary/m);
    const empty = file('empty.txt', '');
    expectBadInput(['train', '--pipeline', 'lm', '--train', empty], new RegExp(`^error: '${empty}' is empty$`, 'm'));
    expectBadInput(['predict', model, '--data', text], /holds a language model .*; use 'sprout generate/m);
  });
});

test('sprout train without --pipeline still needs --data and --target', () => {
  expectBadInput(['train', '--target', 'y'], /^error: required option '--data <file>' not specified$/m);
});

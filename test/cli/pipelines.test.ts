/**
 * `sprout train --pipeline text|recommend|lm|speech`, `sprout predict` (text and speech models),
 * `sprout recommend` and `sprout generate`, end to end as child processes on small synthetic data:
 * the --json line, the saved folder that the other commands read back, and bad input (empty file,
 * unknown column, missing flag, unknown user, unsupported WAV, the wrong kind of model) as one
 * `error:` line with exit status 2.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    const phrase = phrases[(Math.floor(i / labels.length) + offset) % phrases.length]!;
    lines.push(`${phrase} ${FILLERS[(Math.floor(i / 16) + offset) % FILLERS.length]}`.trim() + `\t${label}`);
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

  test('generate prints the prompt and then --tokens characters', () => {
    const args = ['generate', model, '--prompt', 'to be', '--tokens', '30', '--top-k', '3', '--seed', '2'];
    const run = runSprout(args);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.startsWith('to be'));
    assert.equal(run.stdout.length, 'to be'.length + 30 + 1);
  });

  test('bad input: a prompt character the model never saw, an empty file, predict on a language model', () => {
    expectBadInput(['generate', model, '--prompt', 'to be!'], /^error: character "!" at position 5 is not in the vocabulary/m);
    const empty = file('empty.txt', '');
    expectBadInput(['train', '--pipeline', 'lm', '--train', empty], new RegExp(`^error: '${empty}' is empty$`, 'm'));
    expectBadInput(['predict', model, '--data', text], /holds a language model .*; use 'sprout generate/m);
  });
});

/** A 16-bit PCM mono WAV file of `samples` at `rate` Hz; `format` 1 is PCM (2 = ADPCM, unsupported). */
function wav(samples: Float32Array, rate: number, format = 1): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(format, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

describe('sprout train --pipeline speech, sprout predict on WAV files', () => {
  // Two "commands": a whistle rising from 500 to 2500 Hz ('up') and one falling ('down'), 0.3–0.5 s,
  // with deterministic variations of pitch and length and a little noise.
  const folder = join(dir, 'whistles');
  mkdirSync(folder);
  const sweep = (rising: boolean, i: number): Float32Array => {
    const n = 2400 + (i % 5) * 400;
    let phase = 0;
    return Float32Array.from({ length: n }, (_, t) => {
      const progress = rising ? t / n : 1 - t / n;
      phase += (2 * Math.PI * (500 + (i % 7) * 30 + 2000 * progress)) / 8000;
      return 0.4 * Math.sin(phase) + 0.03 * Math.sin(t * 12.9898 + i);
    });
  };
  for (let i = 0; i < 30; i++) {
    writeFileSync(join(folder, `up_${i}.wav`), wav(sweep(true, i), 8000));
    writeFileSync(join(folder, `down_${i}.wav`), wav(sweep(false, i), 8000));
  }
  const model = join(dir, 'whistles-model');
  let trained: ReturnType<typeof runSprout>;
  before(() => {
    trained = runSprout(['train', '--pipeline', 'speech', '--train', folder, '--test-match', '_[0-5]\\.wav$', '--epochs', '8', '--out', model, '--json']);
  });

  test('--json ends with {pipeline, metrics: {accuracy, f1Macro}, model}; the report has the confusion matrix', () => {
    assert.equal(trained.status, 0, trained.stderr);
    const json = lastJson(trained);
    assert.equal(json['pipeline'], 'speech');
    assert.ok((json['metrics'] as Record<string, number>)['accuracy']! >= 0.9, JSON.stringify(json));
    assert.match(trained.stdout, /training on 48, testing on 12 \(files matching/);
    assert.match(trained.stdout, /Confusion matrix/);
  });

  test('predict --data names the command of a WAV file; a bad WAV is one error line, exit 2', () => {
    const probe = join(dir, 'probe.wav');
    writeFileSync(probe, wav(sweep(true, 100), 8000));
    const run = runSprout(['predict', model, '--data', probe]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `file,label,confidence\n${probe},up,${run.stdout.trim().split(',').pop()}\n`);
    const adpcm = join(dir, 'adpcm.wav');
    writeFileSync(adpcm, wav(sweep(true, 3), 8000, 2));
    expectBadInput(['predict', model, '--data', adpcm], /^error: '.*adpcm\.wav': unsupported encoding: format code 2 with 16 bits/m);
    const bad = join(dir, 'bad-train');
    mkdirSync(bad);
    writeFileSync(join(bad, 'up_1.wav'), 'not a wav file at all');
    expectBadInput(['train', '--pipeline', 'speech', '--train', bad], /^error: '.*up_1\.wav': not a WAV file/m);
  });
});

test('sprout train without --pipeline still needs --data and --target', () => {
  expectBadInput(['train', '--target', 'y'], /^error: required option '--data <file>' not specified$/m);
});

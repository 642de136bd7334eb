/**
 * The text pipeline on small synthetic data: validation errors, predictions, replies, the
 * out-of-scope threshold, the report, and the save → load round trip.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseThreshold, TextClassifier, textClassificationReport, trainTextClassifier } from '../../../src/apps/text/index.js';
import { DataError, ValueError } from '../../../src/core/index.js';

const TEMPLATES: Record<string, string[]> = {
  balance: ['what is my balance', 'how much money do i have', 'show my account balance', 'balance in my checking account', 'tell me my balance please'],
  transfer: ['send money to my friend', 'transfer funds to savings', 'move cash between accounts', 'wire money to mom', 'transfer 100 dollars'],
  weather: ['what is the weather today', 'will it rain tomorrow', 'weather forecast for paris', 'is it sunny outside', 'how hot is it today'],
  oos: ['who won the game last night', 'tell me a story about dragons', 'what is the meaning of life', 'how do i bake a pie', 'sing me a song'],
};

function synthetic(copies: number): { texts: string[]; labels: string[] } {
  const texts: string[] = [];
  const labels: string[] = [];
  for (let c = 0; c < copies; c++) {
    for (const [label, list] of Object.entries(TEMPLATES)) {
      for (const t of list) {
        texts.push(c === 0 ? t : `${t} ${['please', 'now', 'thanks', 'ok'][c % 4]}`);
        labels.push(label);
      }
    }
  }
  return { texts, labels };
}

describe('trainTextClassifier input checks', () => {
  const ok = synthetic(2);
  test('an empty texts array is a ValueError naming train.texts', async () => {
    await assert.rejects(trainTextClassifier({ train: { texts: [], labels: [] }, model: 'tfidf-mlp', seed: 0 }), (e: unknown) => e instanceof ValueError && /train\.texts is empty/.test(e.message));
  });
  test('texts and labels of different lengths are a ValueError giving both counts', async () => {
    await assert.rejects(trainTextClassifier({ train: { texts: ok.texts, labels: ok.labels.slice(1) }, model: 'tfidf-mlp', seed: 0 }), (e: unknown) => e instanceof ValueError && /40 texts but 39 labels/.test(e.message));
  });
  test('a single class is a DataError naming it', async () => {
    await assert.rejects(trainTextClassifier({ train: { texts: ok.texts, labels: ok.labels.map(() => 'balance') }, model: 'tfidf-mlp', seed: 0 }), (e: unknown) => e instanceof DataError && /single class \('balance'\)/.test(e.message));
  });
  test('a non-string text is a ValueError naming its index', async () => {
    const texts: unknown[] = [...ok.texts];
    texts[3] = 42;
    await assert.rejects(trainTextClassifier({ train: { texts: texts as string[], labels: ok.labels }, model: 'tfidf-mlp', seed: 0 }), (e: unknown) => e instanceof ValueError && /texts\[3\] must be a string, got number/.test(e.message));
  });
  test('an unknown model family is a ValueError', async () => {
    await assert.rejects(trainTextClassifier({ train: ok, model: 'svm' as 'tfidf-mlp', seed: 0 }), (e: unknown) => e instanceof ValueError && /model must be 'tfidf-mlp' or 'transformer'/.test(e.message));
  });
  test('texts with no word at all are a DataError', async () => {
    await assert.rejects(trainTextClassifier({ train: { texts: ['!', '?', '.', ','], labels: ['a', 'b', 'a', 'b'] }, validation: { texts: ['!'], labels: ['a'] }, model: 'tfidf-mlp', seed: 0 }), DataError);
  });
});

describe('TextClassifier (tfidf-mlp, synthetic intents)', async () => {
  const train = synthetic(8);
  const validation = synthetic(1);
  const trained = await trainTextClassifier({ train, validation, model: 'tfidf-mlp', seed: 1, epochs: 40, patience: 10, hiddenUnits: 32, dropout: 0.1, learningRate: 0.01 });
  const clf = trained.classifier.withReplies({ balance: 'Your balance is under Accounts.', transfer: 'Open Payments to send money.' }, 'Sorry, I cannot help with that.');

  test('predicts the intents it was trained on, with confidences and all scores', () => {
    const [p] = clf.predict(['what is my balance']);
    assert.equal(p!.label, 'balance');
    assert.ok(p!.confidence > 0.25 && p!.confidence <= 1, String(p!.confidence)); // above uniform (4 classes)
    assert.deepEqual(Object.keys(p!.scores).sort(), ['balance', 'oos', 'transfer', 'weather']);
    assert.ok(Math.abs(Object.values(p!.scores).reduce((a, b) => a + b, 0) - 1) < 1e-5);
  });

  test('answer gives the reply of the intent, and the fallback for out-of-scope or reply-less intents', () => {
    assert.equal(clf.answer('transfer funds to savings now').reply, 'Open Payments to send money.');
    assert.equal(clf.answer('tell me a story about dragons').reply, 'Sorry, I cannot help with that.');
    assert.equal(clf.answer('will it rain tomorrow').reply, 'Sorry, I cannot help with that.'); // weather has no reply
  });

  test('a threshold of 1 makes every prediction out-of-scope', () => {
    const strict = clf.withThreshold(1);
    const p = strict.predict(['what is my balance', 'send money to my friend']);
    assert.deepEqual(p.map((x) => [x.label, x.outOfScope]), [['oos', true], ['oos', true]]);
  });

  test('evaluate reports accuracy, macro F1, in-scope accuracy, out-of-scope recall and the confusion matrix', () => {
    const report = clf.evaluate(validation.texts, validation.labels);
    assert.equal(report.samples, 20);
    assert.ok(report.accuracy >= 0.9, `accuracy ${report.accuracy}`);
    assert.ok(report.inScopeAccuracy !== null && report.outOfScopeRecall !== null);
    assert.equal(report.confusionMatrix.flat().reduce((a, b) => a + b, 0), 20);
    assert.deepEqual(report.labels, ['balance', 'oos', 'transfer', 'weather']);
    assert.throws(() => clf.evaluate(['a'], []), /1 texts but 0 labels/);
  });

  test('save → load (through JSON) gives identical predictions, threshold and replies', () => {
    const { config, weights } = clf.toArtifacts({ dataset: 'synthetic' });
    const again = TextClassifier.fromArtifacts({ config: JSON.parse(JSON.stringify(config)), weights: weights.slice() });
    const texts = [...validation.texts, 'something never seen', ''];
    assert.deepEqual(again.predict(texts), clf.predict(texts));
    assert.equal(again.threshold, clf.threshold);
    assert.deepEqual(again.replies, clf.replies);
    assert.equal(again.fallback, clf.fallback);
    assert.equal(again.family, 'tfidf-mlp');
  });

  test('loading a config without text metadata is a ModelFormatError', () => {
    const { config, weights } = clf.toArtifacts();
    const bare = { ...config, metadata: {} };
    assert.throws(() => TextClassifier.fromArtifacts({ config: bare, weights }), /no 'text' entry/);
  });
});

describe('chooseThreshold and the report', () => {
  test('picks the lowest threshold that best separates out-of-scope within the accuracy budget', () => {
    const choice = chooseThreshold({
      confidence: [0.9, 0.8, 0.95, 0.3, 0.4],
      correct: [true, true, true, false, false],
      outOfScope: [false, false, false, true, true],
      predictedOutOfScope: [false, false, false, false, false],
    });
    assert.ok(choice.threshold > 0.4 && choice.threshold <= 0.8 + 1e-6, String(choice.threshold));
    assert.equal(choice.inScopeAccuracy, 1);
    assert.equal(choice.outOfScopeRecall, 1);
  });
  test('without out-of-scope examples the threshold is 0', () => {
    assert.equal(chooseThreshold({ confidence: [0.2], correct: [true], outOfScope: [false], predictedOutOfScope: [false] }).threshold, 0);
  });
  test('macro F1 and per-label scores match a hand count', () => {
    const r = textClassificationReport(['a', 'a', 'b', 'oos'], ['a', 'b', 'b', 'a'], ['a', 'b', 'oos'], 'oos');
    assert.equal(r.accuracy, 0.5);
    // a: p 1/2 r 1/2 f1 1/2; b: p 1/2 r 1 f1 2/3; oos: 0 → mean 7/18
    assert.ok(Math.abs(r.f1Macro - 7 / 18) < 1e-12);
    assert.equal(r.inScopeAccuracy, 2 / 3);
    assert.equal(r.outOfScopeRecall, 0);
  });
});

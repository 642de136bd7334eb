import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError, parseJsonLines } from '../../src/index.js';

describe('JSON Lines', () => {
  test('keys become columns in order of first appearance; missing keys are null', () => {
    const t = parseJsonLines('{"text": "where is my card", "label": "card", "score": 0.9}\n\n{"text": "hello there how are you", "urgent": true}\r\n{"label": "greet", "score": null, "urgent": false}\n');
    assert.deepEqual(t.names, ['text', 'label', 'score', 'urgent']);
    assert.equal(t.rowCount, 3);
    assert.deepEqual(t.types, { text: 'text', label: 'categorical', score: 'numeric', urgent: 'boolean' });
    assert.deepEqual(t.row(1), { text: 'hello there how are you', label: null, score: null, urgent: true });
    assert.deepEqual(t.row(2), { text: null, label: 'greet', score: null, urgent: false });
  });

  test('string cells follow the CSV rules; types override', () => {
    const t = parseJsonLines('{"a": "1", "b": 3, "c": "NA"}\n{"a": " 2 ", "b": 4, "c": "x"}\n', { types: { b: 'categorical' } });
    assert.deepEqual(t.types, { a: 'numeric', b: 'categorical', c: 'categorical' });
    assert.equal(t.cell(0, 'c'), null);
    assert.equal(t.cell(1, 'b'), '4');
  });

  test('a bad line is a DataError with its line number', () => {
    assert.throws(() => parseJsonLines('{"a": 1}\n{"a": 2,}\n'), (e: unknown) => e instanceof DataError && /line 2 is not valid JSON/.test(e.message));
    assert.throws(() => parseJsonLines('{"a": 1}\n\n[1, 2]\n'), /line 3 holds an array, expected an object/);
    assert.throws(() => parseJsonLines('{"a": {"b": 1}}\n'), /line 1, key 'a' holds an object/);
    assert.throws(() => parseJsonLines('{"a": 1}\n', { types: { b: 'text' } }), /types names key 'b'/);
  });
});

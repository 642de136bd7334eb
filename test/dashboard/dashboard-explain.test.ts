/**
 * The dashboard's explanation endpoints without a browser, on a table classifier that `sprout
 * train` recorded (its label depends on x and color; size and member are noise), a run of the same
 * model whose data file has gone, a text classifier, and a model of no explainable kind: what each
 * offers, permutation importance on the run's data, one row and one message explained, and every
 * bad request answered with the field and the reason.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startDashboard, type RunningDashboard } from '../../src/dashboard/dashboard-server.js';
import { explainableModel } from '../../src/dashboard/explainable-model.js';
import type { TextClassifier } from '../../src/apps/text/index.js';
import { RunStore } from '../../src/node/index.js';
import { type ExplainableRuns, recordExplainableRuns, recordTableRun, recordTransformerTextRun } from './explainable-runs.js';

const root = mkdtempSync(join(tmpdir(), 'sprout-dashboard-explain-'));
const runsDir = join(root, 'runs');
let dashboard: RunningDashboard;
let runs: ExplainableRuns;

before(async () => {
  runs = await recordExplainableRuns(root, runsDir);
  dashboard = await startDashboard({ runsDir, port: 0 });
});
after(async () => {
  await dashboard.close();
  rmSync(root, { recursive: true, force: true });
});

type Json = Record<string, unknown>;

async function getJson(path: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(new URL(path, dashboard.url));
  return { status: response.status, body: (await response.json()) as Json };
}

async function post(id: string, body: unknown, type = 'application/json'): Promise<{ status: number; body: Json }> {
  const response = await fetch(new URL(`/api/runs/${id}/explain`, dashboard.url), { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Json };
}

/** The row the form starts from for the table run. */
async function exampleRow(): Promise<Record<string, string | null>> {
  return (await getJson(`/api/runs/${runs.table}/explain`)).body['example'] as Record<string, string | null>;
}

test('a table run offers its methods, a typed form and a starting row from its data file', async () => {
  const { status, body } = await getJson(`/api/runs/${runs.table}/explain`);
  assert.equal(status, 200);
  assert.equal(body['kind'], 'tabular');
  assert.deepEqual(body['classes'], ['hi', 'lo']);
  assert.deepEqual(body['methods'], ['integrated-gradients', 'saliency', 'gradient-x-input', 'smoothgrad']);
  const fields = body['fields'] as { name: string; type: string; typical: string; choices?: string[] }[];
  assert.deepEqual(fields.map((f) => [f.name, f.type]).sort(), [['color', 'categorical'], ['member', 'boolean'], ['size', 'numeric'], ['x', 'numeric']]);
  assert.deepEqual(fields.find((f) => f.name === 'color')!.choices, ['blue', 'green', 'red']);
  // The training median of size: the cells are (i·13) mod 7 over 150 rows (the split's median is one of 0 … 6).
  assert.match(fields.find((f) => f.name === 'size')!.typical, /^[0-6]$/);
  // The file's rows are all kept (150 ≤ 500); the first is tinyRow(0): x 0, size 0, red, member.
  assert.deepEqual(body['example'], { x: '0', size: '0', member: 'true', color: 'red' });
  assert.deepEqual(body['data'], { path: runs.dataFile, rows: 150, fileRows: 150 });
});

test('global importance ranks the columns the label depends on above the noise columns', async () => {
  const { status, body } = await getJson(`/api/runs/${runs.table}/explain/global`);
  assert.equal(status, 200);
  assert.equal(body['available'], true);
  assert.equal(body['metric'], 'accuracy');
  assert.ok((body['baselineScore'] as number) > 0.75, `accuracy on the file ${String(body['baselineScore'])}`);
  const columns = (body['columns'] as { column: string; importance: number }[]).map((c) => c.column);
  assert.deepEqual(new Set(columns.slice(0, 2)), new Set(['x', 'color']));
  assert.deepEqual(new Set(columns.slice(2)), new Set(['size', 'member']));
  assert.deepEqual((await getJson(`/api/runs/${runs.table}/explain/global`)).body, body, 'a second request gives the cached answer');
});

test('a row is explained per column by every table method; integrated gradients add up', async () => {
  const row = await exampleRow();
  for (const method of ['integrated-gradients', 'saliency', 'gradient-x-input', 'smoothgrad']) {
    const { status, body } = await post(runs.table, { method, row });
    assert.equal(status, 200, method);
    assert.equal(body['method'], method);
    const columns = body['columns'] as { column: string; value: string; attribution: number }[];
    assert.deepEqual(columns.map((c) => c.column).sort(), ['color', 'member', 'size', 'x']);
    assert.equal(columns.find((c) => c.column === 'color')!.value, 'red');
    assert.ok(columns.every((c) => Number.isFinite(c.attribution)));
    if (method === 'integrated-gradients') {
      const sum = columns.reduce((s, c) => s + c.attribution, 0);
      assert.ok(Math.abs(sum - ((body['output'] as number) - (body['baselineOutput'] as number))) < 0.01, 'completeness');
      assert.match(body['baseline'] as string, /^the mean of 150 rows of /);
    }
  }
  const other = await post(runs.table, { row, target: 'lo' });
  assert.equal(other.body['label'], 'lo');
  const hi = await post(runs.table, { row, target: 'hi' });
  assert.ok(Math.abs((other.body['output'] as number) + (hi.body['output'] as number) - 1) < 1e-5, 'two class probabilities sum to 1');
  const missing = await post(runs.table, { row: { ...row, x: null, color: '' } });
  assert.equal(missing.status, 200, 'missing cells are imputed as in training');
});

test("a regression run explains in the target's units and ranks the columns its target depends on", async () => {
  // score = 2x + size / 7: x, then size; color and member are noise.
  const { id } = await recordTableRun(root, runsDir, 'score');
  const setup = await getJson(`/api/runs/${id}/explain`);
  assert.deepEqual([setup.body['task'], setup.body['classes']], ['regression', null]);
  const global = await getJson(`/api/runs/${id}/explain/global`);
  assert.equal(global.body['metric'], 'r2');
  assert.deepEqual((global.body['columns'] as { column: string }[]).slice(0, 2).map((c) => c.column), ['x', 'size']);
  const row = setup.body['example'] as Record<string, string | null>;
  const { status, body } = await post(id, { row: { ...row, x: '1.5' } });
  assert.equal(status, 200);
  assert.equal(body['label'], null);
  // The prediction is in the target's units: near 2 · 1.5 + 0 / 7 = 3 for a model that learned it.
  assert.ok(Math.abs((body['output'] as number) - 3) < 1, `prediction ${String(body['output'])}`);
  const picked = await post(id, { row, target: 'hi' });
  assert.deepEqual([picked.status, picked.body['field']], [400, 'target']);
});

test('bad requests are 400s naming the field and the reason', async () => {
  const row = await exampleRow();
  const cases: [unknown, string, RegExp][] = [
    ['{"row": ', 'body', /does not parse/],
    [[1, 2], 'body', /expected a JSON object, got \[1,2\]/],
    [{ method: 'lime', row }, 'method', /expected one of integrated-gradients, saliency, gradient-x-input, smoothgrad, got "lime"/],
    [{ row: 'x=1' }, 'row', /expected an object/],
    [{ row: { ...row, height: '3' } }, 'row.height', /not a column of the model/],
    [{ row: { x: '1', size: '2', member: 'yes' } }, 'row.color', /missing/],
    [{ row: { ...row, x: 'tall' } }, 'row.x', /expected a numeric value, got "tall"/],
    [{ row: { ...row, member: 'maybe' } }, 'row.member', /expected a boolean value/],
    [{ row: { ...row, size: 3 } }, 'row.size', /expected a string or null, got 3/],
    [{ row: { ...row, color: 'r'.repeat(10_001) } }, 'row.color', /at most 10000 characters/],
    [{ row, target: 'medium' }, 'target', /expected one of the classes hi, lo, got "medium"/],
  ];
  for (const [body, field, reason] of cases) {
    const answer = await post(runs.table, body);
    assert.equal(answer.status, 400, field);
    assert.equal(answer.body['field'], field);
    assert.match(answer.body['reason'] as string, reason);
    assert.equal(answer.body['error'], `${field}: ${answer.body['reason'] as string}`);
  }
  const text = await post(runs.text, { text: '   ' });
  assert.deepEqual([text.status, text.body['field']], [400, 'text']);
  const long = await post(runs.text, { text: 'money '.repeat(301) });
  assert.deepEqual([long.status, long.body['reason']], [400, 'occlusion takes at most 300 words, got 301']);
  assert.equal((await post(runs.table, JSON.stringify({ row }), 'text/plain')).status, 415);
  assert.equal((await post(runs.table, { row, padding: 'x'.repeat(70_000) })).status, 413);
  const put = await fetch(new URL(`/api/runs/${runs.table}/explain`, dashboard.url), { method: 'PUT' });
  assert.deepEqual([put.status, put.headers.get('allow')], [405, 'GET, HEAD, POST']);
});

test('unknown runs are 404s on every explanation endpoint', async () => {
  for (const path of ['/api/runs/nope/explain', '/api/runs/nope/explain/global']) {
    const { status, body } = await getJson(path);
    assert.deepEqual([status, body], [404, { error: `no run 'nope' in ${runsDir}` }]);
  }
  assert.equal((await getJson('/api/runs/%E0%A4%A/explain')).status, 404, 'a malformed escape names no run');
  const answer = await post('nope', { row: {} });
  assert.deepEqual([answer.status, answer.body], [404, { error: `no run 'nope' in ${runsDir}` }]);
});

test('a run whose data file has gone says so, and still explains rows from all-zero features', async () => {
  const setup = await getJson(`/api/runs/${runs.dataGone}/explain`);
  assert.equal(setup.body['kind'], 'tabular');
  assert.equal(setup.body['example'], null);
  assert.match((setup.body['data'] as Json)['unavailable'] as string, /moved-away\.csv' is no longer there$/);
  const global = await getJson(`/api/runs/${runs.dataGone}/explain/global`);
  assert.deepEqual([global.status, global.body['available']], [200, false]);
  assert.match(global.body['reason'] as string, /is no longer there/);
  const answer = await post(runs.dataGone, { row: await exampleRow() });
  assert.equal(answer.status, 200);
  assert.equal(answer.body['baseline'], 'all-zero features (the training mean of each scaled column, no category of one-hot ones)');
});

test('a text run explains a message word by word: occlusion is the drop in probability without the word', async () => {
  const setup = await getJson(`/api/runs/${runs.text}/explain`);
  assert.deepEqual([setup.body['kind'], setup.body['methods']], ['text', ['occlusion']]);
  const message = 'what is the weather today';
  const { status, body } = await post(runs.text, { method: 'occlusion', text: message });
  assert.equal(status, 200);
  const tokens = body['tokens'] as { token: string; attribution: number }[];
  assert.deepEqual(tokens.map((t) => t.token), message.split(' '));
  // Recompute one word's score from the classifier itself.
  const store = RunStore.open(runsDir);
  const found = await explainableModel(store.getRun(runs.text)!.modelDir!);
  store.close();
  const classifier = (found as { classifier: TextClassifier }).classifier;
  const k = classifier.labels.indexOf(body['label'] as string);
  const [whole, without] = [classifier.probabilities([message]), classifier.probabilities(['what is the today'])];
  assert.ok(Math.abs(whole[k]! - (body['output'] as number)) < 1e-6);
  assert.ok(Math.abs(whole[k]! - without[k]! - tokens[3]!.attribution) < 1e-6);
  assert.equal((await post(runs.text, { method: 'integrated-gradients', text: message })).status, 400, 'a TF-IDF model has no token embeddings');
});

test('a Transformer text run also offers integrated gradients through its token embeddings, which add up', async () => {
  const id = await recordTransformerTextRun(root, runsDir);
  const setup = await getJson(`/api/runs/${id}/explain`);
  assert.deepEqual([setup.body['kind'], setup.body['family'], setup.body['methods']], ['text', 'transformer', ['occlusion', 'integrated-gradients']]);
  const { status, body } = await post(id, { method: 'integrated-gradients', text: 'Send MONEY to my friend!', target: 'transfer' });
  assert.equal(status, 200);
  assert.equal(body['label'], 'transfer');
  const tokens = body['tokens'] as { token: string; attribution: number }[];
  // The tokens the encoder read: normalised words of two or more characters.
  assert.deepEqual(tokens.map((t) => t.token), ['send', 'money', 'to', 'my', 'friend']);
  const sum = tokens.reduce((s, t) => s + t.attribution, 0);
  assert.ok(Math.abs(sum - ((body['output'] as number) - (body['baselineOutput'] as number))) < 0.01, 'completeness');
});

test('a model of another kind is described, not an error; explaining it is a 422 that lists the kinds', async () => {
  const setup = await getJson(`/api/runs/${runs.plain}/explain`);
  assert.equal(setup.status, 200);
  assert.equal(setup.body['kind'], 'none');
  assert.match(setup.body['reason'] as string, /neither metadata.producer 'sprout-cli\/1'.*nor metadata.text/);
  assert.equal((setup.body['explainable'] as string[]).length, 2);
  const answer = await post(runs.plain, { row: {} });
  assert.equal(answer.status, 422);
  assert.match(answer.body['error'] as string, /cannot be explained/);
  assert.deepEqual((await getJson(`/api/runs/${runs.plain}/explain/global`)).body['available'], false);
});

/**
 * The dashboard's HTTP server without a browser: the page and its two files, the JSON API (runs,
 * one run, its model folder, a comparison), errors as JSON with the right status, nothing served
 * outside the fixed asset list, and the event stream announcing a run and its epochs as another
 * connection writes them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ValueError } from '../../src/core/index.js';
import { startDashboard, type RunningDashboard } from '../../src/dashboard/dashboard-server.js';
import { Generator, Linear, Model, ReLU, Sequential } from '../../src/index.js';
import { RunStore, saveModel } from '../../src/node/index.js';

const root = mkdtempSync(join(tmpdir(), 'sprout-dashboard-'));
const runsDir = join(root, 'runs');
let dashboard: RunningDashboard;
let writer: RunStore;
let done = '';

before(async () => {
  writer = RunStore.open(runsDir);
  const g = new Generator(0);
  const model = new Model(new Sequential(new Linear(3, 4, { generator: g }), new ReLU(), new Linear(4, 2, { generator: g })));
  await saveModel(model, join(root, 'model'));
  done = writer.createRun({ name: 'done', config: { lr: 0.1 }, seed: 0, modelDir: join(root, 'model') });
  writer.recordEpoch(done, 0, { loss: 1 });
  writer.finishRun(done, { status: 'completed', finalMetrics: { accuracy: 0.5 }, artifacts: { confusionMatrix: { labels: ['a', 'b'], matrix: [[1, 0], [1, 2]], split: 'test' } } });
  dashboard = await startDashboard({ runsDir, port: 0, pollMs: 20 });
});
after(async () => {
  await dashboard.close();
  writer.close();
  rmSync(root, { recursive: true, force: true });
});

async function get(path: string, init?: RequestInit): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(new URL(path, dashboard.url), init);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

test('the page, its script and its style sheet are served; other paths are not', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(page.type, /^text\/html/);
  assert.match(page.body, /<script type="module" src="\/app.js"><\/script>/);
  assert.doesNotMatch(page.body, /https?:\/\//, 'nothing loads from another host');
  assert.match((await get('/app.js')).type, /^text\/javascript/);
  assert.match((await get('/style.css')).type, /^text\/css/);
  for (const path of ['/index.html', '/../package.json', '/%2e%2e/package.json', '/public/app.js']) {
    const r = await get(path);
    assert.equal(r.status, 404, path);
    assert.deepEqual(Object.keys(JSON.parse(r.body) as object), ['error']);
  }
});

test('the API returns runs, one run, its model folder and a comparison', async () => {
  const runs = JSON.parse((await get('/api/runs')).body) as { runsDir: string; runs: { id: string }[] };
  assert.equal(runs.runsDir, runsDir);
  assert.ok(runs.runs.some((r) => r.id === done));
  const run = JSON.parse((await get(`/api/runs/${done}`)).body) as { epochs: unknown[]; artifacts: Record<string, unknown> };
  assert.equal(run.epochs.length, 1);
  assert.deepEqual(run.artifacts['confusionMatrix'], { labels: ['a', 'b'], matrix: [[1, 0], [1, 2]], split: 'test' });
  const model = JSON.parse((await get(`/api/runs/${done}/model`)).body) as { parameters: number; summary: string };
  assert.equal(model.parameters, 3 * 4 + 4 + 4 * 2 + 2);
  assert.match(model.summary, /Linear/);
  const comparison = JSON.parse((await get(`/api/compare?a=${done}&b=${done}`)).body) as { config: { differs: boolean }[] };
  assert.ok(comparison.config.every((row) => !row.differs));
});

test('errors are JSON with 404 and 405', async () => {
  const missing = await get('/api/runs/nope');
  assert.equal(missing.status, 404);
  assert.deepEqual(JSON.parse(missing.body), { error: `no run 'nope' in ${runsDir}` });
  const post = await get('/api/runs', { method: 'POST' });
  assert.equal(post.status, 405);
  const noModel = writer.createRun({ name: 'no-model', config: {} });
  assert.deepEqual(JSON.parse((await get(`/api/runs/${noModel}/model`)).body), { error: `run '${noModel}' saved no model` });
  writer.finishRun(noModel, { status: 'failed', error: 'test' });
});

test('the event stream announces a new run, each epoch as it is written, and the run ending', async () => {
  const controller = new AbortController();
  const response = await fetch(new URL('/api/events', dashboard.url), { signal: controller.signal });
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  /** The next `event:`/`data:` message, skipping comments and the retry line. */
  const next = async (): Promise<{ event: string; data: Record<string, unknown> }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) return { event, data: JSON.parse(data) as Record<string, unknown> };
        continue;
      }
      const { value, done: finished } = await reader.read();
      if (finished) throw new Error('the stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  // The first bytes arrive once the server has subscribed this stream to the store.
  buffer += decoder.decode((await reader.read()).value, { stream: true });
  const id = writer.createRun({ name: 'live', config: {} });
  const created = await next();
  assert.equal(created.event, 'run');
  assert.deepEqual([created.data['id'], created.data['status']], [id, 'running']);
  for (let epoch = 0; epoch < 3; epoch++) {
    writer.recordEpoch(id, epoch, { loss: 1 / (epoch + 1) });
    const message = await next();
    assert.equal(message.event, 'epoch');
    assert.deepEqual([message.data['runId'], message.data['epoch'], message.data['metrics']], [id, epoch, { loss: 1 / (epoch + 1) }]);
  }
  writer.finishRun(id, { status: 'completed', finalMetrics: { loss: 1 / 3 } });
  const ended = await next();
  assert.deepEqual([ended.event, ended.data['id'], ended.data['status']], ['run', id, 'completed']);
  controller.abort();
  await reader.cancel().catch(() => undefined);
});

test('a taken port is a ValueError that says so', async () => {
  const port = Number(new URL(dashboard.url).port);
  await assert.rejects(startDashboard({ runsDir, port }), (e: unknown) => e instanceof ValueError && e.message === `dashboard: port ${port} on 127.0.0.1 is in use; choose another with --port`);
});

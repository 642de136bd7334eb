/**
 * The HTTP service (src/serve) on tiny trained models: every endpoint's answer, every error status
 * (400/401/404/413/415), micro-batching (one forward pass for concurrent requests, same results as
 * single ones), reload without dropped requests, graceful shutdown with a request in flight, and a
 * short load test with autocannon on loopback.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, mock, test } from 'node:test';
import autocannon from 'autocannon';
import { TextClassifier } from '../../src/apps/text/index.js';
import { parseCsv } from '../../src/data/index.js';
import { loadTabularModel, tabularModelOutputs } from '../../src/node/index.js';
import { createServer, loadServedModel, type CreateServerOptions, type SproutServer } from '../../src/serve/index.js';
import { Model } from '../../src/train/index.js';
import { COLUMNS, tinyRow, trainTinyTabularModels, writeTinyTextModel, type TinyRow } from './tiny-models.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-serve-'));
const servers: SproutServer[] = [];
let paths: { classifier: string; regressor: string; text: string };

before(async () => {
  const tabular = await trainTinyTabularModels(dir);
  paths = { ...tabular, text: await writeTinyTextModel(dir) };
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** A server over the three tiny models (tiny, score, intent), closed after the tests. */
function serve(options: Partial<CreateServerOptions> = {}): SproutServer {
  const models = [
    { name: 'tiny', dir: paths.classifier },
    { name: 'score', dir: paths.regressor },
    { name: 'intent', dir: paths.text },
  ];
  const app = createServer({ models, processMetrics: false, ...options });
  servers.push(app);
  return app;
}

async function ready(options: Partial<CreateServerOptions> = {}): Promise<SproutServer> {
  const app = serve(options);
  await app.modelsLoaded;
  return app;
}

type Json = Record<string, unknown>;
const post = async (app: SproutServer, url: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Json }> => {
  const r = await app.inject({ method: 'POST', url, payload: payload as Json, headers });
  return { status: r.statusCode, json: r.json() as Json };
};
const rows = (ids: readonly number[]): TinyRow[] => ids.map(tinyRow);

/** What `sprout predict` computes for the rows: the library path, without the service. */
async function reference(modelDir: string, input: readonly TinyRow[]): Promise<Float32Array> {
  const { model, pipeline, metadata } = await loadTabularModel(modelDir);
  const cell = (v: unknown): string => (v === null ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
  const csv = ['x,size,color,member', ...input.map((r) => [r.x, r.size, r.color, r.member].map(cell).join(','))].join('\n');
  const table = parseCsv(csv).cast({ ...COLUMNS });
  return tabularModelOutputs(model, pipeline.transform(table).x, metadata.task, metadata.targetScaling).dataSync() as Float32Array;
}

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

describe('endpoints', () => {
  test('GET /healthz answers at once; /readyz is 503 while a model loads and 200 once all are in', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const app = serve({ load: async (d) => (await gate, loadServedModel(d)) });
    assert.equal((await app.inject('/healthz')).statusCode, 200);
    const loading = await app.inject('/readyz');
    assert.equal(loading.statusCode, 503);
    assert.deepEqual(loading.json(), { status: 'loading', models: { tiny: 'loading', score: 'loading', intent: 'loading' } });
    assert.equal((await post(app, '/v1/models/tiny/predict', { rows: rows([0]) })).status, 503);
    release();
    await app.modelsLoaded;
    const readyNow = await app.inject('/readyz');
    assert.equal(readyNow.statusCode, 200);
    assert.equal(readyNow.json().status, 'ready');
  });

  test('/readyz says failed and modelsLoaded rejects when a folder does not hold a model', async () => {
    const app = createServer({ models: [{ name: 'gone', dir: join(dir, 'no-such-model') }], processMetrics: false });
    servers.push(app);
    await assert.rejects(app.modelsLoaded, /cannot load the model folder/);
    const r = await app.inject('/readyz');
    assert.equal(r.statusCode, 503);
    assert.equal(r.json().models.gone, 'failed');
  });

  test('GET /v1/models lists each model with its kind, labels and input columns', async () => {
    const app = await ready();
    const { models } = (await app.inject('/v1/models')).json() as { models: Json[] };
    const byName = Object.fromEntries(models.map((m) => [m['name'], m]));
    assert.equal(byName['tiny']!['kind'], 'tabular-classification');
    assert.deepEqual(byName['tiny']!['labels'], ['hi', 'lo']);
    assert.equal(byName['score']!['kind'], 'tabular-regression');
    assert.equal(byName['intent']!['kind'], 'text-classification');
    assert.deepEqual(byName['intent']!['input'], { kind: 'texts' });
    const columns = (byName['tiny']!['input'] as { columns: { name: string; type: string }[] }).columns;
    assert.deepEqual(Object.fromEntries(columns.map((c) => [c.name, c.type])), COLUMNS);
  });

  test('predict (classification) returns the label and probabilities that sprout predict computes', async () => {
    const app = await ready();
    const input = [...rows([0, 1, 2, 5]), { x: 0.3, size: null, color: 'purple', member: null }];
    const { status, json } = await post(app, '/v1/models/tiny/predict', { rows: input });
    assert.equal(status, 200);
    assert.equal(json['model'], 'tiny');
    assert.equal(json['version'], 1);
    const predictions = json['predictions'] as { label: string; probabilities: Record<string, number> }[];
    const expected = await reference(paths.classifier, input);
    assert.equal(predictions.length, input.length);
    predictions.forEach((p, i) => {
      assertClose(p.probabilities['hi']!, expected[2 * i]!, `row ${i} hi`);
      assertClose(p.probabilities['lo']!, expected[2 * i + 1]!, `row ${i} lo`);
      assert.equal(p.label, expected[2 * i]! > expected[2 * i + 1]! ? 'hi' : 'lo');
    });
  });

  test('predict (regression) returns the values in the target units', async () => {
    const app = await ready();
    const input = rows([3, 4, 7]);
    const { status, json } = await post(app, '/v1/models/score/predict', { rows: input });
    assert.equal(status, 200);
    const expected = await reference(paths.regressor, input);
    (json['predictions'] as { value: number }[]).forEach((p, i) => assertClose(p.value, expected[i]!, `row ${i}`));
  });

  test('predict (text) returns what TextClassifier.predict says', async () => {
    const app = await ready();
    const texts = ['what is my balance', 'will it rain in rome', 'send cash to my brother'];
    const { status, json } = await post(app, '/v1/models/intent/predict', { texts });
    assert.equal(status, 200);
    const config = JSON.parse(readFileSync(join(paths.text, 'config.json'), 'utf8')) as unknown;
    const expected = TextClassifier.fromArtifacts({ config, weights: new Uint8Array(readFileSync(join(paths.text, 'model.safetensors'))) }).predict(texts);
    const got = json['predictions'] as { label: string; confidence: number }[];
    got.forEach((p, i) => {
      assert.equal(p.label, expected[i]!.label);
      assertClose(p.confidence, expected[i]!.confidence, `text ${i}`);
    });
  });

  test('explain returns per-row column attributions that add up to the output change, and refuses what it cannot explain', async () => {
    const app = await ready();
    const input = rows([0, 1]);
    const { status, json } = await post(app, '/v1/models/tiny/explain', { rows: input });
    assert.equal(status, 200);
    const explanations = json['explanations'] as { method: string; label: string; output: number; baselineOutput: number; completenessGap: number; columns: { column: string; attribution: number }[] }[];
    assert.equal(explanations.length, 2);
    for (const e of explanations) {
      assert.equal(e.method, 'integrated-gradients');
      assert.ok(['hi', 'lo'].includes(e.label));
      const total = e.columns.reduce((sum, c) => sum + c.attribution, 0);
      assert.ok(Math.abs(total - (e.output - e.baselineOutput)) <= 0.01 * Math.max(1e-3, Math.abs(e.output - e.baselineOutput)) + Math.abs(e.completenessGap) + 1e-6);
      assert.deepEqual(new Set(e.columns.map((c) => c.column)), new Set(Object.keys(COLUMNS)));
    }
    const saliency = await post(app, '/v1/models/tiny/explain?method=saliency', { rows: input });
    assert.equal(saliency.status, 200);
    assert.equal((saliency.json['explanations'] as { method: string }[])[0]!.method, 'saliency');
    const unknown = await post(app, '/v1/models/tiny/explain?method=astrology', { rows: input });
    assert.equal(unknown.status, 400);
    assert.match(String(unknown.json['error']), /astrology/);
    const text = await post(app, '/v1/models/intent/explain', { texts: ['what is my balance'] });
    assert.equal(text.status, 200);
    assert.ok((text.json['explanations'] as { tokens: { token: string }[] }[])[0]!.tokens.some((t) => t.token === 'balance'));
    assert.equal((await post(app, '/v1/models/nope/explain', { rows: input })).status, 404);
    assert.equal((await post(app, '/v1/models/tiny/explain', { rows: [{ x: 'not a number' }] })).status, 400);
  });

  test('GET /metrics speaks Prometheus: requests by route pattern and status, latency, batch sizes', async () => {
    const app = await ready();
    await post(app, '/v1/models/tiny/predict', { rows: rows([0, 1, 2]) });
    await post(app, '/v1/models/tiny/predict', { rows: [{ x: 'oops' }] });
    await app.inject('/no/such/path');
    const r = await app.inject('/metrics');
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/plain/);
    assert.match(r.body, /^sprout_http_requests_total\{route="\/v1\/models\/:name\/predict",method="POST",status="200"\} 1$/m);
    assert.match(r.body, /^sprout_http_requests_total\{route="\/v1\/models\/:name\/predict",method="POST",status="400"\} 1$/m);
    assert.match(r.body, /^sprout_http_requests_total\{route="unmatched",method="GET",status="404"\} 1$/m);
    assert.match(r.body, /^sprout_http_request_duration_seconds_count\{route="\/v1\/models\/:name\/predict",method="POST"\} 2$/m);
    assert.match(r.body, /^sprout_batch_size_sum\{model="tiny"\} 3$/m);
    assert.match(r.body, /^sprout_batch_size_count\{model="tiny"\} 1$/m);
  });

  test('GET /openapi.json is OpenAPI 3.1 with each model\'s request schema', async () => {
    const app = await ready();
    const doc = (await app.inject('/openapi.json')).json() as { openapi: string; paths: Record<string, Json>; components: Json };
    assert.equal(doc.openapi, '3.1.0');
    for (const name of ['tiny', 'score', 'intent']) assert.ok(doc.paths[`/v1/models/${name}/predict`], name);
    for (const name of ['tiny', 'score', 'intent']) assert.ok(doc.paths[`/v1/models/${name}/explain`], `${name} explains`);
    const post_ = doc.paths['/v1/models/tiny/predict']!['post'] as { requestBody: { content: { 'application/json': { schema: Json } } } };
    const schema = post_.requestBody.content['application/json'].schema as { properties: { rows: { items: { properties: Record<string, { type: string[] }>; required: string[] } } } };
    const item = schema.properties.rows.items;
    assert.deepEqual(item.required.sort(), Object.keys(COLUMNS).sort());
    assert.deepEqual(item.properties['x']!.type, ['number', 'null']);
    assert.deepEqual(item.properties['member']!.type, ['boolean', 'null']);
    assert.equal(doc.components['securitySchemes'], undefined);
  });
});

describe('errors', () => {
  const good = tinyRow(0);
  const cases: [string, unknown, string, RegExp][] = [
    ['a string where a number goes', { rows: [{ ...good, x: '1.5' }] }, '/rows/0/x', /must be number or null/],
    ['a missing column', { rows: [{ x: 1, size: 2, color: 'red' }] }, '/rows/0/member', /is required \(use null/],
    ['an unknown column', { rows: [good, { ...good, zip: '02139' }] }, '/rows/1/zip', /not an input of this model/],
    ['no rows', { rows: [] }, '/rows', /at least 1/],
    ['no rows key', { row: good }, '/rows', /is required/],
    ['rows not an array', { rows: 'all of them' }, '/rows', /must be array/],
    ['a boolean as a string', { rows: [{ ...good, member: 'yes' }] }, '/rows/0/member', /must be boolean or null/],
  ];
  for (const [what, body, field, reason] of cases) {
    test(`400 names the field for ${what}`, async () => {
      const app = await ready();
      const { status, json } = await post(app, '/v1/models/tiny/predict', body);
      assert.equal(status, 400);
      assert.equal(json['field'], field);
      assert.match(String(json['reason']), reason);
      assert.match(String(json['error']), new RegExp(`^invalid request body: ${field.replace(/\//g, '\\/')}: `));
    });
  }

  test('400 for a non-string text, too many rows, malformed JSON and prototype poisoning', async () => {
    const app = await ready({ maxItemsPerRequest: 3 });
    const text = await post(app, '/v1/models/intent/predict', { texts: ['hi', 7] });
    assert.deepEqual([text.status, text.json['field']], [400, '/texts/1']);
    const many = await post(app, '/v1/models/tiny/predict', { rows: rows([0, 1, 2, 3]) });
    assert.deepEqual([many.status, many.json['field']], [400, '/rows']);
    assert.match(String(many.json['reason']), /at most 3/);
    const broken = await app.inject({ method: 'POST', url: '/v1/models/tiny/predict', headers: { 'content-type': 'application/json' }, payload: '{"rows": [' });
    assert.equal(broken.statusCode, 400);
    const poisoned = await app.inject({ method: 'POST', url: '/v1/models/tiny/predict', headers: { 'content-type': 'application/json' }, payload: '{"rows": [], "__proto__": {"x": 1}}' });
    assert.equal(poisoned.statusCode, 400);
  });

  test('401 without or with a wrong bearer token; /healthz and /readyz stay open', async () => {
    const app = await ready({ apiKey: 'correct horse' });
    const body = { rows: rows([0]) };
    const none = await post(app, '/v1/models/tiny/predict', body);
    assert.equal(none.status, 401);
    assert.match(String(none.json['error']), /bearer token/);
    assert.equal((await post(app, '/v1/models/tiny/predict', body, { authorization: 'Bearer correct hors' })).status, 401);
    assert.equal((await post(app, '/v1/models/tiny/predict', body, { authorization: 'Basic correct horse' })).status, 401);
    assert.equal((await post(app, '/v1/models/tiny/reload', undefined)).status, 401);
    for (const url of ['/metrics', '/v1/models', '/openapi.json']) assert.equal((await app.inject(url)).statusCode, 401, url);
    for (const url of ['/healthz', '/readyz']) assert.equal((await app.inject(url)).statusCode, 200, url);
    const ok = await post(app, '/v1/models/tiny/predict', body, { authorization: 'Bearer correct horse' });
    assert.equal(ok.status, 200);
    const doc = (await app.inject({ url: '/openapi.json', headers: { authorization: 'Bearer correct horse' } })).json() as Json;
    assert.ok((doc['components'] as Json)['securitySchemes'], 'the document declares the bearer scheme');
  });

  test('404 for an unknown model (predict and reload) and an unknown path', async () => {
    const app = await ready();
    const model = await post(app, '/v1/models/tinyy/predict', { rows: rows([0]) });
    assert.equal(model.status, 404);
    assert.equal(model.json['error'], "no model named 'tinyy'; the models are: tiny, score, intent");
    assert.equal((await post(app, '/v1/models/tinyy/reload', undefined)).status, 404);
    assert.equal((await app.inject('/v2/anything')).statusCode, 404);
  });

  test('413 for a body over the limit; 415 for a body that is not JSON', async () => {
    const app = await ready({ bodyLimit: 1024 });
    const big = { rows: rows(Array.from({ length: 40 }, (_, i) => i)) };
    assert.ok(JSON.stringify(big).length > 1024);
    const r = await post(app, '/v1/models/tiny/predict', big);
    assert.equal(r.status, 413);
    assert.equal((await post(app, '/v1/models/tiny/predict', { rows: rows([0, 1]) })).status, 200, 'a small body still passes');
    const xml = await app.inject({ method: 'POST', url: '/v1/models/tiny/predict', headers: { 'content-type': 'application/xml' }, payload: '<rows/>' });
    assert.equal(xml.statusCode, 415);
  });
});

describe('micro-batching', () => {
  test('concurrent requests run as one forward pass and get the same answers as single requests', async () => {
    const ids = [0, 1, 2, 3, 4, 5, 6, 7];
    // The batch is closed by its size (8), never by the (long) window, so the test does not depend on timing.
    const batched = await ready({ maxBatchSize: 8, maxWaitMs: 60_000 });
    const single = await ready({ maxBatchSize: 1 });
    const spy = mock.method(Model.prototype, 'predict');
    try {
      const together = await Promise.all(ids.map((i) => post(batched, '/v1/models/tiny/predict', { rows: rows([i]) })));
      assert.equal(spy.mock.callCount(), 1, 'one forward pass for 8 requests');
      assert.deepEqual(spy.mock.calls[0]!.arguments[0].shape, [8, spy.mock.calls[0]!.arguments[0].shape[1]]);
      spy.mock.resetCalls();
      const alone: { status: number; json: Json }[] = [];
      for (const i of ids) alone.push(await post(single, '/v1/models/tiny/predict', { rows: rows([i]) }));
      assert.equal(spy.mock.callCount(), 8, 'one forward pass per request without batching');
      together.forEach((t, i) => {
        assert.equal(t.status, 200);
        const [a, b] = [t.json['predictions'], alone[i]!.json['predictions']] as { label: string; probabilities: Record<string, number> }[][];
        assert.equal(a![0]!.label, b![0]!.label);
        assertClose(a![0]!.probabilities['hi']!, b![0]!.probabilities['hi']!, `request ${i}`);
      });
    } finally {
      spy.mock.restore();
    }
    const metrics = (await batched.inject('/metrics')).body;
    assert.match(metrics, /^sprout_batch_requests_sum\{model="tiny"\} 8$/m);
    assert.match(metrics, /^sprout_batch_requests_count\{model="tiny"\} 1$/m);
  });

  test('a batch closes at maxBatchSize items; the rest wait for the next', async () => {
    const app = await ready({ maxBatchSize: 4, maxWaitMs: 60_000 });
    const spy = mock.method(Model.prototype, 'predict');
    try {
      // 2 + 2 rows close the first batch; 3 + 1 the second.
      const answers = await Promise.all([[0, 1], [2, 3], [4, 5, 6], [7]].map((ids) => post(app, '/v1/models/tiny/predict', { rows: rows(ids) })));
      assert.deepEqual(answers.map((a) => (a.json['predictions'] as unknown[]).length), [2, 2, 3, 1]);
      assert.equal(spy.mock.callCount(), 2);
    } finally {
      spy.mock.restore();
    }
  });
});

describe('reload', () => {
  test('swaps in the new version once loaded; requests in flight finish on the old one; none is dropped', async () => {
    const live = join(dir, 'live');
    cpSync(paths.classifier, live, { recursive: true });
    const app = createServer({ models: [{ name: 'live', dir: live }], maxBatchSize: 4, maxWaitMs: 60_000, processMetrics: false });
    servers.push(app);
    await app.modelsLoaded;
    // Three requests wait in version 1's batch (it needs 4 items to close).
    const early = [0, 1, 2].map((i) => post(app, '/v1/models/live/predict', { rows: rows([i]) }));
    await new Promise((resolve) => setImmediate(resolve));
    // A new version on disk: the regression model, which reads the same columns.
    for (const file of readdirSync(paths.regressor)) cpSync(join(paths.regressor, file), join(live, file));
    const reload = await post(app, '/v1/models/live/reload', undefined);
    assert.equal(reload.status, 200);
    assert.equal(reload.json['version'], 2);
    for (const r of await Promise.all(early)) {
      assert.equal(r.status, 200);
      assert.equal(r.json['version'], 1);
      assert.ok('label' in (r.json['predictions'] as Json[])[0]!, 'answered by the old (classification) version');
    }
    const late = await Promise.all([3, 4, 5, 6].map((i) => post(app, '/v1/models/live/predict', { rows: rows([i]) })));
    for (const r of late) {
      assert.equal(r.status, 200);
      assert.equal(r.json['version'], 2);
      assert.equal(typeof (r.json['predictions'] as { value: number }[])[0]!.value, 'number');
    }
    const listed = (await app.inject('/v1/models')).json() as { models: Json[] };
    assert.deepEqual([listed.models[0]!['kind'], listed.models[0]!['version']], ['tabular-regression', 2]);
  });

  test('a failed reload answers 409 and keeps serving the old version', async () => {
    const live = join(dir, 'live-broken');
    cpSync(paths.classifier, live, { recursive: true });
    const app = createServer({ models: [{ name: 'live', dir: live }], processMetrics: false });
    servers.push(app);
    await app.modelsLoaded;
    writeFileSync(join(live, 'config.json'), '{ not json');
    const r = await post(app, '/v1/models/live/reload', undefined);
    assert.equal(r.status, 409);
    assert.match(String(r.json['error']), /version 1 is still served/);
    const p = await post(app, '/v1/models/live/predict', { rows: rows([0]) });
    assert.deepEqual([p.status, p.json['version']], [200, 1]);
  });
});

describe('shutdown and load', () => {
  test('close() finishes a request in flight before it resolves, then refuses connections', async () => {
    const app = await ready({ maxBatchSize: 2, maxWaitMs: 60_000 });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const inFlight = fetch(`${url}/v1/models/tiny/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: rows([0]) }) });
    // Wait until the request sits in the micro-batch (it needs a second item to close).
    for (;;) {
      const m = await (await fetch(`${url}/metrics`)).text();
      if (/^sprout_batch_queued_requests\{model="tiny"\} 1$/m.test(m)) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    let answered = false;
    const response = inFlight.then(async (r) => ((answered = true), { status: r.status, json: (await r.json()) as Json }));
    await app.close();
    const { status, json } = await response;
    assert.equal(status, 200);
    assert.equal((json['predictions'] as unknown[]).length, 1);
    assert.ok(answered);
    await assert.rejects(fetch(`${url}/healthz`));
  });

  test('autocannon, 20 connections for 2 s on loopback: no errors, every answer 2xx, requests stacked', async () => {
    const app = await ready();
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const result = await autocannon({
      url: `${url}/v1/models/tiny/predict`,
      connections: 20,
      duration: 2,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows: rows([0, 1]) }),
    });
    assert.ok(result.requests.total > 0);
    assert.equal(result.errors, 0);
    assert.equal(result.timeouts, 0);
    assert.equal(result.non2xx, 0);
    const metrics = (await app.inject('/metrics')).body;
    const sum = Number(/^sprout_batch_requests_sum\{model="tiny"\} (\d+)$/m.exec(metrics)?.[1]);
    const count = Number(/^sprout_batch_requests_count\{model="tiny"\} (\d+)$/m.exec(metrics)?.[1]);
    assert.ok(sum >= result.requests.total && count > 0, `${sum} requests in ${count} batches`);
    assert.ok(count < sum, `concurrent requests were stacked: ${sum} requests in ${count} forward passes`);
  });
});

/**
 * The dashboard in a real browser: Debian's Chromium, headless, driven by playwright-core (no
 * browser download). The page loads with the recorded runs; a training in this process adds a run
 * whose loss curve gains a point per epoch while it trains (server-sent events fed by the tail of
 * the run store; the training waits for the page at each epoch, so no timing is assumed); a click
 * opens a finished run with its confusion matrix and model summary; two ticked runs compare side
 * by side. The explanation views of a table run show column importance, and a row edited in the form
 * is explained as bars; a text run's message comes back as highlighted words; other models are
 * described. Screenshots are saved to test-artifacts/ (dashboard.png, dashboard-compare.png, and the
 * explanation section in dashboard-explain.png, dashboard-explain-text.png). Skips with a message where /usr/bin/chromium is missing
 * (`apt-get install -y chromium`; .ci/run installs it).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startDashboard, type RunningDashboard } from '../../src/dashboard/dashboard-server.js';
import { Generator, Linear, Model, randn, ReLU, Sequential, tensor, type Callback } from '../../src/index.js';
import { RunRecorder, RunStore, saveModel } from '../../src/node/index.js';
import { ROOT } from '../cli/run-sprout.js';
import { recordExplainableRuns } from './explainable-runs.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install -y chromium)`;
const root = mkdtempSync(join(tmpdir(), 'sprout-dashboard-browser-'));
const runsDir = join(root, 'runs');
let dashboard: RunningDashboard | undefined;
let context: BrowserContext | undefined;
let store: RunStore | undefined;

before(async () => {
  if (skip !== false) return;
  store = RunStore.open(runsDir);
  dashboard = await startDashboard({ runsDir, port: 0, pollMs: 50 });
  context = await chromium.launchPersistentContext(join(root, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
  });
});
after(async () => {
  await context?.close();
  await dashboard?.close();
  store?.close();
  rmSync(root, { recursive: true, force: true });
});

const g = new Generator(0);
const x = randn([64, 2], { generator: g });
const y = tensor(Array.from({ length: 64 }, (_, i) => i % 2), { dtype: 'int32' });

function classifier(): Model {
  const model = new Model(new Sequential(new Linear(2, 8, { generator: g }), new ReLU(), new Linear(8, 2, { generator: g })));
  model.compile({ optimizer: 'adam', loss: 'crossEntropy', metrics: ['accuracy'] });
  return model;
}

/** Trains a small classifier as a tracked run (the way `sprout train` records one), with extra callbacks. */
async function trackedTraining(name: string, epochs: number, extra: Callback[] = []): Promise<string> {
  const model = classifier();
  const id = store!.createRun({ name, config: { epochs }, seed: 0, modelDir: join(root, name) });
  await model.fit(x, y, { epochs, validationSplit: 0.25, verbose: 0, callbacks: [new RunRecorder(store!, id), ...extra] });
  await saveModel(model, join(root, name));
  store!.finishRun(id, {
    status: 'completed',
    finalMetrics: { accuracy: 0.75 },
    artifacts: { confusionMatrix: { labels: ['even', 'odd'], matrix: [[5, 3], [1, 7]], split: 'test split (16 rows)' }, modelSummary: model.summary() },
  });
  return id;
}

/** The number of points of the training curve of `metric` on the page (-1 when there is no chart). */
function points(page: Page, metric: string): Promise<number> {
  return page.evaluate((m) => Number(document.querySelector(`svg[data-metric="${m}"]`)?.getAttribute('data-points') ?? -1), metric);
}

test('the dashboard shows runs, draws live curves over server-sent events, opens a run and compares two', { skip }, async () => {
  const finished = await trackedTraining('finished', 3);
  const page = await context!.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('response', (r) => void (r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`)));
  await page.goto(dashboard!.url);

  // Loads: the run is listed and, following the latest run, opened with its three epochs.
  await page.waitForSelector(`#runs tr[data-run-id="${finished}"]`);
  await page.waitForSelector('#live.on');
  await page.waitForFunction(() => document.querySelector('svg[data-metric="loss"]')?.getAttribute('data-points') === '3');

  // Live: a new training; at each epoch it waits until the page has drawn that epoch.
  const seen: number[] = [];
  const waitForPage: Callback = {
    onEpochEnd: async (epoch) => {
      await page.waitForFunction((n) => document.querySelector('svg[data-metric="loss"]')?.getAttribute('data-points') === String(n), epoch + 1);
      seen.push(await points(page, 'loss'));
      assert.equal(await page.textContent('#run-title'), 'live — running', 'the curve grows while the run is running');
    },
  };
  const live = await trackedTraining('live', 4, [waitForPage]);
  assert.deepEqual(seen, [1, 2, 3, 4]);
  assert.ok(Number(await page.getAttribute('body', 'data-sse-events')) >= 5, 'a run event and four epoch events came over the stream');
  await page.waitForFunction(() => document.querySelector('#run-title')?.textContent === 'live — completed');
  assert.equal(await points(page, 'accuracy'), 4);
  assert.equal(await page.locator('svg[data-metric="loss"] path[data-series="val_loss"]').count(), 1, 'validation curve drawn');
  assert.equal(await page.locator(`#runs tr[data-run-id="${live}"] td.num`).textContent(), '4');

  // A run opens on click: metrics, config, confusion matrix, model summary (loaded from its folder).
  await page.click(`#runs tr[data-run-id="${finished}"]`);
  await page.waitForFunction(() => document.querySelector('#run-title')?.textContent === 'finished — completed');
  await page.waitForFunction(() => /Linear/.test(document.querySelector('#model-summary')?.textContent ?? '') && /parameters/.test(document.querySelector('#model-meta')?.textContent ?? ''));
  assert.deepEqual(await page.locator('#confusion td').allTextContents(), ['5', '3', '1', '7']);
  assert.equal(await page.locator('#final-metrics td.num').first().textContent(), '0.7500');
  // 2·8 + 8 weights and biases, then 8·2 + 2.
  assert.match((await page.textContent('#model-meta')) ?? '', /^Folder: .* · 42 parameters · Sprout /);

  // Two ticked runs compare side by side: the differing setting is marked, metrics subtracted.
  await page.check(`#runs tr[data-run-id="${finished}"] input`);
  await page.check(`#runs tr[data-run-id="${live}"] input`);
  await page.click('#compare-button');
  await page.waitForSelector('#comparison:not([hidden])');
  assert.deepEqual(await page.locator('#comparison-config tr.differs td').allTextContents(), ['* epochs', '3', '4']);
  assert.deepEqual(await page.locator('#comparison-metrics td').allTextContents(), ['accuracy', '0.7500', '0.7500', '+0.0000']);

  const artifacts = join(ROOT, 'test-artifacts');
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'dashboard-compare.png'), fullPage: true });
  await page.click(`#runs tr[data-run-id="${finished}"]`);
  await page.waitForSelector('#run:not([hidden])');
  await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no script errors in the page');
});

test('the explanation views: column importance, a row explained from the form, words of a message, other models described', { skip }, async () => {
  const runs = await recordExplainableRuns(root, runsDir);
  const page = await context!.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => void (r.status() >= 400 && problems.push(`${r.status()} ${new URL(r.url()).pathname}`)));
  await page.goto(dashboard!.url);
  const barLabels = (chart: string): Promise<string[]> => page.locator(`svg[data-chart="${chart}"] rect.bar`).evaluateAll((rects) => rects.map((r) => r.getAttribute('data-label') ?? ''));

  // A table run: permutation importance puts the label's columns (x, color) above the noise ones.
  await page.waitForSelector(`#runs tr[data-run-id="${runs.table}"]`);
  await page.click(`#runs tr[data-run-id="${runs.table}"]`);
  await page.waitForFunction(() => document.querySelectorAll('svg[data-chart="global"] rect.bar').length === 4);
  assert.deepEqual(new Set((await barLabels('global')).slice(0, 2)), new Set(['x', 'color']));
  assert.match((await page.textContent('#global-meta')) ?? '', /^accuracy on 150 rows of .*label\.csv/);

  // The form starts from the data file's first row; an edited row is explained as one bar per column.
  assert.deepEqual([await page.inputValue('[data-field="x"]'), await page.inputValue('[data-field="color"]'), await page.inputValue('[data-field="member"]')], ['0', 'red', 'true']);
  await page.fill('[data-field="x"]', '1.5');
  await page.selectOption('#explain-method', 'gradient-x-input');
  await page.click('#explain-button');
  await page.waitForFunction(() => document.querySelectorAll('svg[data-chart="local"] rect.bar').length === 4);
  assert.deepEqual((await barLabels('local')).sort(), ['color = red', 'member = true', 'size = 0', 'x = 1.5']);
  assert.match((await page.textContent('#local-meta')) ?? '', /^gradient-x-input · probability of label '(hi|lo)': \d/);
  const values = await page.locator('svg[data-chart="local"] rect.bar').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-value'))));
  assert.ok(values.every(Number.isFinite) && values.some((v) => v !== 0), `attributions ${values.join(', ')}`);
  const artifacts = join(ROOT, 'test-artifacts');
  mkdirSync(artifacts, { recursive: true });
  await page.locator('#explain-block').screenshot({ path: join(artifacts, 'dashboard-explain.png') });

  // A cell that does not fit its column: the field is marked and the server's reason shown.
  await page.fill('[data-field="x"]', 'tall');
  await page.click('#explain-button');
  await page.waitForSelector('#local-meta.error');
  assert.equal(await page.textContent('#local-meta'), 'row.x: expected a numeric value, got "tall"');
  assert.equal(await page.getAttribute('[data-field="x"]', 'aria-invalid'), 'true');

  // A text run: each word of the message highlighted by its score; markup in it stays text.
  await page.click(`#runs tr[data-run-id="${runs.text}"]`);
  await page.waitForSelector('#explain-form:not([hidden]) textarea[data-field="text"]');
  const message = 'what is the <b>weather</b> today';
  await page.fill('textarea[data-field="text"]', message);
  await page.click('#explain-button');
  await page.waitForSelector('#local-chart .token');
  assert.deepEqual(await page.locator('#local-chart .token').allTextContents(), message.split(' '));
  assert.equal(await page.locator('#local-chart b').count(), 0, 'no element made from the message');
  await page.locator('#explain-block').screenshot({ path: join(artifacts, 'dashboard-explain-text.png') });

  // A model of no explainable kind is described; a run whose data file moved says so.
  await page.click(`#runs tr[data-run-id="${runs.plain}"]`);
  await page.waitForFunction(() => /^Nothing to explain here: .*The dashboard explains table models/.test(document.querySelector('#explain-note')?.textContent ?? ''));
  assert.equal(await page.isHidden('#explain-form'), true);
  await page.click(`#runs tr[data-run-id="${runs.dataGone}"]`);
  await page.waitForFunction(() => /no longer there/.test(document.querySelector('#global-meta')?.textContent ?? ''));
  assert.match((await page.textContent('#explain-note')) ?? '', /training medians/);
  assert.deepEqual(problems, [`400 /api/runs/${runs.table}/explain`], 'no script errors; the one failed request is the bad cell');
});

/**
 * The run store: what goes in comes out (through a fresh connection), schema migrations from every
 * older version, refusal of a newer one, two processes writing at once, a dead writer's run read as
 * interrupted, the RunRecorder callback inside a real fit, and compareRuns.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { DataError, Generator, Linear, Model, randn, ReLU, Sequential, tensor, ValueError } from '../../src/index.js';
import {
  compareRuns,
  migrateRunStore,
  RUN_STORE_FILE,
  RUN_STORE_SCHEMA_VERSION,
  type RunEnvironment,
  RunRecorder,
  RunStore,
} from '../../src/node/index.js';

const root = mkdtempSync(join(tmpdir(), 'sprout-run-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let cases = 0;
const freshDir = (): string => join(root, `case-${cases++}`);

const ENV: RunEnvironment = { node: 'v20.0.0', backend: 'js', platform: 'linux-x64', sprout: '0.1.0', host: 'test-host', cpus: 2 };

describe('RunStore', () => {
  test('a run, its epochs, artifacts and end read back the same through a new connection', () => {
    const dir = freshDir();
    const store = RunStore.open(dir);
    const startedAt = new Date('2026-01-02T03:04:05.678Z');
    const id = store.createRun({ name: 'digits', config: { lr: 0.001, model: { hidden: [128, 64] } }, seed: 7, environment: ENV, modelDir: '/models/digits', startedAt });
    assert.match(id, /^20260102-030405-[0-9a-f]{6}$/);
    store.recordEpoch(id, 0, { loss: 2.5, accuracy: 0.25 });
    store.recordEpoch(id, 1, { loss: 1.5, accuracy: Number.NaN });
    store.finishRun(id, { status: 'completed', finalMetrics: { accuracy: 0.9, rocAuc: null }, durationMs: 1234, artifacts: { confusionMatrix: { labels: ['a', 'b'], matrix: [[3, 1], [0, 4]], split: 'test' } } });
    store.close();

    const again = RunStore.open(dir);
    const run = again.getRun(id)!;
    assert.deepEqual(
      { ...run, epochs: run.epochs.map(({ epoch, metrics }) => ({ epoch, metrics })) },
      {
        id,
        name: 'digits',
        status: 'completed',
        startedAt: startedAt.toISOString(),
        durationMs: 1234,
        seed: 7,
        config: { lr: 0.001, model: { hidden: [128, 64] } },
        environment: ENV,
        finalMetrics: { accuracy: 0.9, rocAuc: null },
        modelDir: '/models/digits',
        error: null,
        epochCount: 2,
        // NaN cannot travel in JSON: it comes back as null.
        epochs: [
          { epoch: 0, metrics: { loss: 2.5, accuracy: 0.25 } },
          { epoch: 1, metrics: { loss: 1.5, accuracy: null } },
        ],
        artifacts: { confusionMatrix: { labels: ['a', 'b'], matrix: [[3, 1], [0, 4]], split: 'test' } },
      },
    );
    again.close();
  });

  test('runs list newest first; ids resolve by unique prefix; unknown ids are undefined; ambiguous prefixes throw', () => {
    const store = RunStore.open(freshDir());
    const older = store.createRun({ name: 'a', config: {}, startedAt: new Date('2026-03-01T10:00:00Z') });
    const newer = store.createRun({ name: 'b', config: {}, startedAt: new Date('2026-03-02T10:00:00Z') });
    const sameDay = store.createRun({ name: 'c', config: {}, startedAt: new Date('2026-03-02T11:00:00Z') });
    assert.deepEqual(store.listRuns().map((r) => r.name), ['c', 'b', 'a']);
    assert.equal(store.getRun('20260301')!.id, older);
    assert.equal(store.getRun(newer)!.name, 'b');
    assert.equal(store.getRun('nope'), undefined);
    assert.equal(store.getRun('2026030_'), undefined, 'LIKE wildcards in a prefix are literal');
    assert.throws(() => store.getRun('20260302'), (e: unknown) => e instanceof ValueError && e.message.includes(newer) && e.message.includes(sameDay));
    assert.throws(() => store.recordEpoch('nope', 0, { loss: 1 }), /recordEpoch: no run 'nope' in /);
    assert.throws(() => store.recordEpoch(older, -1, { loss: 1 }), /epoch must be an integer >= 0, got -1/);
    store.close();
  });

  test('a rewritten epoch replaces the old one and is seen again by a reader tailing by seq', () => {
    const store = RunStore.open(freshDir());
    const id = store.createRun({ name: 'resume', config: {} });
    store.recordEpoch(id, 0, { loss: 3 });
    store.recordEpoch(id, 1, { loss: 2 });
    const mark = store.lastEpochSeq();
    store.recordEpoch(id, 1, { loss: 1.75 });
    assert.deepEqual(store.epochs(id).map((e) => e.metrics['loss']), [3, 1.75]);
    assert.deepEqual(store.epochsSince(mark).map((e) => [e.runId, e.epoch, e.metrics['loss']]), [[id, 1, 1.75]]);
    store.close();
  });

  test('dataVersion moves when another connection commits, not when this one only reads', () => {
    const dir = freshDir();
    const reader = RunStore.open(dir);
    const writer = RunStore.open(dir);
    const v0 = reader.dataVersion();
    reader.listRuns();
    assert.equal(reader.dataVersion(), v0);
    writer.createRun({ name: 'x', config: {} });
    assert.notEqual(reader.dataVersion(), v0);
    reader.close();
    writer.close();
  });
});

describe('run store migrations', () => {
  test('a fresh store is created at the latest version; opening it again changes nothing', () => {
    const dir = freshDir();
    RunStore.open(dir).close();
    const db = new Database(join(dir, RUN_STORE_FILE));
    assert.equal(db.pragma('user_version', { simple: true }), RUN_STORE_SCHEMA_VERSION);
    assert.equal(migrateRunStore(db), RUN_STORE_SCHEMA_VERSION, 'migrating an up-to-date store reports its version and does nothing');
    db.close();
  });

  test('a version-1 store with a run upgrades and keeps the run', () => {
    const dir = freshDir();
    RunStore.open(dir).close();
    rmSync(join(dir, RUN_STORE_FILE));
    const db = new Database(join(dir, RUN_STORE_FILE));
    migrateRunStore(db, 1);
    assert.equal(db.pragma('user_version', { simple: true }), 1);
    assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'artifacts'").all(), [], 'version 1 has no artifacts table');
    db.prepare(
      `INSERT INTO runs (id, name, status, started_at, duration_ms, seed, config, environment, final_metrics, model_dir, error, pid, host)
       VALUES ('20250101-000000-abcdef', 'old', 'completed', '2025-01-01T00:00:00.000Z', 10, 1, '{"lr":0.1}', ?, '{"accuracy":0.5}', NULL, NULL, 1, 'h')`,
    ).run(JSON.stringify(ENV));
    db.prepare(`INSERT INTO epochs (run_id, epoch, metrics, recorded_at) VALUES ('20250101-000000-abcdef', 0, '{"loss":1}', '2025-01-01T00:00:01.000Z')`).run();
    db.close();

    const store = RunStore.open(dir);
    const run = store.getRun('20250101-000000-abcdef')!;
    assert.equal(run.name, 'old');
    assert.deepEqual(run.finalMetrics, { accuracy: 0.5 });
    assert.deepEqual(run.epochs.map((e) => e.metrics), [{ loss: 1 }]);
    assert.deepEqual(run.artifacts, {});
    store.setArtifact(run.id, 'note', 'added after the upgrade');
    assert.deepEqual(store.getRun(run.id)!.artifacts, { note: 'added after the upgrade' });
    store.close();
    const check = new Database(join(dir, RUN_STORE_FILE));
    assert.equal(check.pragma('user_version', { simple: true }), RUN_STORE_SCHEMA_VERSION);
    check.close();
  });

  test('a store from a newer Sprout is refused with both versions named', () => {
    const dir = freshDir();
    RunStore.open(dir).close();
    const db = new Database(join(dir, RUN_STORE_FILE));
    db.pragma(`user_version = ${RUN_STORE_SCHEMA_VERSION + 5}`);
    db.close();
    assert.throws(
      () => RunStore.open(dir),
      (e: unknown) => e instanceof DataError && e.message === `run store '${join(dir, RUN_STORE_FILE)}' has schema version ${RUN_STORE_SCHEMA_VERSION + 5}; this Sprout reads versions up to ${RUN_STORE_SCHEMA_VERSION} (upgrade Sprout)`,
    );
  });
});

test('a file that is not a database is a DataError naming it', () => {
  const dir = freshDir();
  mkdirSync(dir);
  writeFileSync(join(dir, RUN_STORE_FILE), 'these are not the bytes of a SQLite database, only text long enough to be read as a header\n'.repeat(4));
  assert.throws(() => RunStore.open(dir), (e: unknown) => e instanceof DataError && e.message.startsWith(`run store '${join(dir, RUN_STORE_FILE)}' is not a readable SQLite database (`));
});

/**
 * Starts run-store-writer.ts in a child process. `ready` resolves once it has loaded and waits for
 * a line on stdin; `done` resolves with its exit code and output.
 */
function writer(dir: string, tag: string, runs: number, epochs: number): { child: ChildProcess; ready: Promise<void>; done: Promise<{ code: number | null; output: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'run-store-writer.ts'), dir, tag, String(runs), String(epochs)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let signalReady = (): void => undefined;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
    if (output.includes('ready\n')) signalReady();
  });
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      signalReady();
      resolve({ code, output });
    });
  });
  return { child, ready, done };
}

test('two processes creating and writing one fresh store at once lose nothing; their unfinished runs read as interrupted', async (t) => {
  const dir = freshDir();
  const [runs, epochs] = [10, 100];
  const writers = [writer(dir, 'p', runs, epochs), writer(dir, 'q', runs, epochs)];
  // Both have paid their start-up cost; release them together so they race from opening the store on.
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.child.stdin!.end('go\n');
  const results = await Promise.all(writers.map((w) => w.done));
  for (const r of results) assert.equal(r.code, 0, r.output);
  const store = RunStore.open(dir);
  const all = store.listRuns();
  assert.equal(all.length, 2 * runs);
  for (const tag of ['p', 'q']) {
    for (let r = 0; r < runs; r++) {
      const run = all.find((x) => x.name === `${tag}-${r}`)!;
      assert.equal(run.epochCount, epochs, `${run.name} has all its epochs`);
      assert.deepEqual(run.config, { tag, r });
      // The writer exited without finishing its last run: the process is gone, so it is interrupted.
      assert.equal(run.status, r === runs - 1 ? 'interrupted' : 'completed', run.name);
    }
  }
  const order = store.epochsSince(0).map((e) => all.find((r) => r.id === e.runId)!.name[0]);
  assert.equal(order.length, 2 * runs * epochs);
  t.diagnostic(`writer switches in the epoch order: ${order.filter((tag, i) => i > 0 && tag !== order[i - 1]).length} (0 would mean the writers never overlapped)`);
  store.close();
});

test('RunRecorder writes each epoch of a real fit, equal to the History', async () => {
  const store = RunStore.open(freshDir());
  const id = store.createRun({ name: 'fit', config: { epochs: 3 } });
  const g = new Generator(0);
  const model = new Model(new Sequential(new Linear(2, 8, { generator: g }), new ReLU(), new Linear(8, 2, { generator: g })));
  model.compile({ optimizer: 'adam', loss: 'crossEntropy', metrics: ['accuracy'] });
  const x = randn([40, 2], { generator: g });
  const y = tensor(Array.from({ length: 40 }, (_, i) => i % 2), { dtype: 'int32' });
  const seenDuringFit: number[] = [];
  const probe = { onEpochEnd: () => void seenDuringFit.push(store.epochs(id).length) };
  const history = await model.fit(x, y, { epochs: 3, validationSplit: 0.25, verbose: 0, callbacks: [new RunRecorder(store, id), probe] });
  assert.deepEqual(seenDuringFit, [1, 2, 3], 'each epoch is in the store when the epoch ends');
  const epochs = store.epochs(id);
  assert.deepEqual(epochs.map((e) => e.epoch), history.epochs);
  for (const name of ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr']) {
    assert.deepEqual(epochs.map((e) => e.metrics[name]), history.history[name], name);
  }
  store.close();
});

test('compareRuns marks differing settings, flattens nested config and subtracts metrics', () => {
  const store = RunStore.open(freshDir());
  const a = store.createRun({ name: 'a', config: { lr: 0.1, model: { hidden: [64] }, data: 'x.csv' }, seed: 0, environment: ENV });
  const b = store.createRun({ name: 'b', config: { lr: 0.01, model: { hidden: [64] }, extra: true }, seed: 0, environment: { ...ENV, backend: 'wasm' } });
  store.finishRun(a, { status: 'completed', finalMetrics: { accuracy: 0.8, auc: null } });
  store.finishRun(b, { status: 'completed', finalMetrics: { accuracy: 0.85, f1: 0.7 } });
  const c = compareRuns(store.getRun(a)!, store.getRun(b)!);
  assert.deepEqual(c.config, [
    { key: 'data', a: 'x.csv', b: undefined, differs: true },
    { key: 'extra', a: undefined, b: true, differs: true },
    { key: 'lr', a: 0.1, b: 0.01, differs: true },
    { key: 'model.hidden', a: [64], b: [64], differs: false },
    { key: 'seed', a: 0, b: 0, differs: false },
  ]);
  assert.deepEqual(c.metrics.map((m) => [m.name, m.a, m.b, m.delta === null ? null : Number(m.delta.toFixed(10))]), [
    ['accuracy', 0.8, 0.85, 0.05],
    ['auc', null, null, null],
    ['f1', null, 0.7, null],
  ]);
  assert.deepEqual(c.environment.filter((e) => e.differs).map((e) => e.key), ['backend']);
  store.close();
});

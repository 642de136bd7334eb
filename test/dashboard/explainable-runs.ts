/**
 * Test helper: a run store holding one run of each kind the dashboard's explanation views meet —
 * a table classifier recorded by `sprout train` itself (so its config names the data file), the
 * same model under a run whose data file has gone, a text classifier, and a model of no kind the
 * dashboard explains.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainTextClassifier } from '../../src/apps/text/index.js';
import { Generator, Linear, Model, ReLU, Sequential } from '../../src/index.js';
import { MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE, RunStore, saveModel } from '../../src/node/index.js';
import { trainTinyTabularModel, writeTinyTextModel } from '../serve/tiny-models.js';

/** The ids of the runs, and where the table model's data lives. */
export interface ExplainableRuns {
  readonly table: string;
  readonly dataGone: string;
  readonly text: string;
  readonly plain: string;
  readonly dataFile: string;
}

/**
 * Trains and records the runs into the store in `runsDir`, with models under `root`.
 *
 * @example
 * const runs = await recordExplainableRuns(root, join(root, 'runs'));
 */
export async function recordExplainableRuns(root: string, runsDir: string): Promise<ExplainableRuns> {
  const { id: table, dir: tableDir } = await recordTableRun(root, runsDir, 'label');
  const store = RunStore.open(runsDir);
  try {
    const dataFile = store.getRun(table)!.config['data'] as string;
    const gone = join(root, 'moved-away.csv');
    writeFileSync(gone, 'x\n1\n');
    rmSync(gone);
    const record = (name: string, modelDir: string, config: Record<string, string> = {}): string => {
      const id = store.createRun({ name, config, seed: 0, modelDir });
      store.finishRun(id, { status: 'completed', finalMetrics: {} });
      return id;
    };
    const dataGone = record('data-gone', tableDir, { data: gone });
    const text = record('text', await writeTinyTextModel(root));
    const g = new Generator(0);
    const plainDir = join(root, 'plain');
    await saveModel(new Model(new Sequential(new Linear(3, 4, { generator: g }), new ReLU(), new Linear(4, 2, { generator: g }))), plainDir);
    const plain = record('plain', plainDir);
    return { table, dataGone, text, plain, dataFile };
  } finally {
    store.close();
  }
}

/**
 * Runs `sprout train` on the synthetic table of test/serve/tiny-models.ts — the classifier of
 * 'label' or the regressor of 'score' — recording the run, as it would for a user, in the store
 * in `runsDir` (through $SPROUT_RUNS_DIR).
 *
 * @returns The run's id and the model folder.
 */
export async function recordTableRun(root: string, runsDir: string, target: 'label' | 'score'): Promise<{ id: string; dir: string }> {
  const previous = process.env['SPROUT_RUNS_DIR'];
  process.env['SPROUT_RUNS_DIR'] = runsDir;
  let dir: string;
  try {
    dir = await trainTinyTabularModel(root, target);
  } finally {
    if (previous === undefined) delete process.env['SPROUT_RUNS_DIR'];
    else process.env['SPROUT_RUNS_DIR'] = previous;
  }
  const store = RunStore.open(runsDir);
  try {
    return { id: store.listRuns().find((run) => run.modelDir === dir)!.id, dir };
  } finally {
    store.close();
  }
}

/**
 * Trains a tiny Transformer text classifier (two intents, a few epochs: about a second) into
 * `root/transformer` and records a run of it in the store in `runsDir`.
 *
 * @returns The run's id.
 */
export async function recordTransformerTextRun(root: string, runsDir: string): Promise<string> {
  const texts = ['what is my balance', 'show my account balance', 'how much money do i have', 'send money to my friend', 'transfer funds to savings', 'wire money to mom'];
  const labels = ['balance', 'balance', 'balance', 'transfer', 'transfer', 'transfer'];
  const { classifier } = await trainTextClassifier({
    train: { texts, labels },
    model: 'transformer',
    seed: 0,
    epochs: 3,
    outOfScopeLabel: null,
    transformer: { dModel: 16, nHead: 2, numLayers: 1, dimFeedforward: 32 },
  });
  const folder = join(root, 'transformer');
  mkdirSync(folder, { recursive: true });
  const artifacts = classifier.toArtifacts();
  writeFileSync(join(folder, MODEL_CONFIG_FILE), JSON.stringify(artifacts.config));
  writeFileSync(join(folder, MODEL_WEIGHTS_FILE), artifacts.weights);
  const store = RunStore.open(runsDir);
  try {
    const id = store.createRun({ name: 'transformer', config: {}, seed: 0, modelDir: folder });
    store.finishRun(id, { status: 'completed', finalMetrics: {} });
    return id;
  } finally {
    store.close();
  }
}

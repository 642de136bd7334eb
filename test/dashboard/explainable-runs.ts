/**
 * Test helper: a run store holding one run of each kind the dashboard's explanation views meet —
 * a table classifier recorded by `sprout train` itself (so its config names the data file), the
 * same model under a run whose data file has gone, a text classifier, and a model of no kind the
 * dashboard explains.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Generator, Linear, Model, ReLU, Sequential } from '../../src/index.js';
import { RunStore, saveModel } from '../../src/node/index.js';
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
  // `sprout train` records into $SPROUT_RUNS_DIR, as it would for a user.
  const previous = process.env['SPROUT_RUNS_DIR'];
  process.env['SPROUT_RUNS_DIR'] = runsDir;
  let tableDir: string;
  try {
    tableDir = await trainTinyTabularModel(root, 'label');
  } finally {
    if (previous === undefined) delete process.env['SPROUT_RUNS_DIR'];
    else process.env['SPROUT_RUNS_DIR'] = previous;
  }
  const store = RunStore.open(runsDir);
  try {
    const [trained] = store.listRuns();
    const dataFile = trained!.config['data'] as string;
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
    return { table: trained!.id, dataGone, text, plain, dataFile };
  } finally {
    store.close();
  }
}

/**
 * Test helper, run as a child process by run-store.test.ts: writes runs and epochs into the store
 * given on the command line, as fast as it can, so two of these at once contend for the database.
 * Usage: tsx run-store-writer.ts <dir> <tag> <runs> <epochs>, then a line on stdin to start. The last run is left running
 * (never finished), as a killed training would leave it.
 */
import { RunStore } from '../../src/node/index.js';

const [dir, tag, runs, epochs] = process.argv.slice(2) as [string, string, string, string];
// Say we are loaded, then wait for the test's go (a line on stdin), so two writers start together.
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.destroy();
const store = RunStore.open(dir);
for (let r = 0; r < Number(runs); r++) {
  const id = store.createRun({ name: `${tag}-${r}`, config: { tag, r }, seed: r });
  for (let e = 0; e < Number(epochs); e++) store.recordEpoch(id, e, { loss: 1 / (e + 1), r });
  if (r < Number(runs) - 1) store.finishRun(id, { status: 'completed', finalMetrics: { r } });
}
store.close();
process.stdout.write('done\n');

/**
 * writeOutput: where a command's CSV goes — standard output, or a file written atomically (temp
 * file + rename, so a failure leaves no partial file) with a note on stderr.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../node/index.js';

/**
 * Writes `text` to `out`, or to standard output when `out` is undefined.
 *
 * @param what What was written, for the note (`'270 predictions'`).
 * @example
 * await writeOutput(csv, 'predictions.csv', '270 predictions');
 */
export async function writeOutput(text: string, out: string | undefined, what: string): Promise<void> {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFileAtomic(out, text);
  process.stderr.write(`Wrote ${what} to ${out}\n`);
}

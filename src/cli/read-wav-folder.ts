/**
 * readWavFolder: a folder of WAV recordings → mono recordings with labels for the speech pipeline.
 * A folder with one sub-folder per class takes the sub-folder names as labels (as image folders
 * do); a flat folder takes each file name's part before the first '_' (FSDD's
 * `{digit}_{speaker}_{index}.wav`). A file that is not a WAV Sprout reads is named in a CliError.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { monoSamples, type Recording } from '../apps/speech/index.js';
import { DataError } from '../core/index.js';
import { readWavFile } from '../node/index.js';
import { CliError } from './cli-error.js';

/** Recordings with their labels and file paths. */
export interface WavFolder {
  readonly recordings: Recording[];
  readonly labels: string[];
  readonly files: string[];
}

/**
 * Reads every `.wav` file of `dir` (one level of sub-folders).
 *
 * @throws CliError for a missing or empty folder, a file without a label, or an unreadable WAV.
 * @example
 * const { recordings, labels } = await readWavFolder('fsdd/recordings');
 */
export async function readWavFolder(dir: string): Promise<WavFolder> {
  let entries: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new CliError(`'${dir}' is not a folder; --pipeline speech reads a folder of WAV files`);
    entries = (await readdir(dir)).sort();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`folder not found: '${dir}'`);
  }
  const files: { path: string; label: string }[] = [];
  for (const entry of entries) {
    const path = join(dir, entry);
    if ((await stat(path)).isDirectory()) {
      for (const name of (await readdir(path)).sort()) if (name.toLowerCase().endsWith('.wav')) files.push({ path: join(path, name), label: entry });
    } else if (entry.toLowerCase().endsWith('.wav')) {
      const label = entry.includes('_') ? entry.slice(0, entry.indexOf('_')) : '';
      if (label === '') throw new CliError(`cannot tell the label of '${path}': put the files in one sub-folder per label, or name them LABEL_anything.wav`);
      files.push({ path, label });
    }
  }
  if (files.length === 0) throw new CliError(`'${dir}' holds no .wav file`);
  return { ...(await readWavFiles(files.map((f) => f.path))), labels: files.map((f) => f.label) };
}

/**
 * Reads WAV files as mono recordings.
 *
 * @throws CliError naming the file for a missing file or an unsupported or malformed WAV.
 */
export async function readWavFiles(paths: readonly string[]): Promise<{ recordings: Recording[]; files: string[] }> {
  const recordings: Recording[] = [];
  for (const path of paths) {
    try {
      const { samples, sampleRate } = await readWavFile(path);
      recordings.push({ samples: monoSamples(samples), sampleRate });
    } catch (error) {
      if (error instanceof DataError) throw new CliError(error.message.replace(/^readWavFile: /, '').replace(/: decodeWav: /, ': '));
      throw error;
    }
  }
  return { recordings, files: [...paths] };
}

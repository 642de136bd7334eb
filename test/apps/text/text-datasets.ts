/**
 * Readers of the text pipeline's datasets in ../shared/datasets (override with SPROUT_DATASETS).
 * Each returns null when the files are absent, so tests can skip with a message.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LabelledTexts } from '../../../src/apps/text/index.js';

/** The datasets folder. */
export const DATASETS = resolve(process.env['SPROUT_DATASETS'] ?? join(import.meta.dirname, '../../../../shared/datasets'));

/** Why a test skips when `path` is absent, or false. */
export function skipUnless(path: string): string | false {
  return existsSync(path) ? false : `${path} is absent (set SPROUT_DATASETS to the datasets folder)`;
}

/** One CLINC150 split (`train`, `validation`, `test`): columns text, intent, domain. */
export function readClinc150(split: 'train' | 'validation' | 'test', root = join(DATASETS, 'clinc150')): LabelledTexts {
  const lines = readFileSync(join(root, `${split}.tsv`), 'utf8').split('\n').slice(1).filter((l) => l !== '');
  const rows = lines.map((l) => l.split('\t'));
  return { texts: rows.map((r) => r[0]!), labels: rows.map((r) => r[1]!) };
}

/** The SMS Spam Collection: `label<TAB>text` lines, no header. */
export function readSmsSpam(path = join(DATASETS, 'sms-spam', 'SMSSpamCollection')): LabelledTexts {
  const rows = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').map((l) => {
    const tab = l.indexOf('\t');
    return [l.slice(0, tab), l.slice(tab + 1)] as const;
  });
  return { texts: rows.map((r) => r[1]), labels: rows.map((r) => r[0]) };
}

/** The examples whose label is in `keep`. */
export function only(set: LabelledTexts, keep: ReadonlySet<string>): LabelledTexts {
  const idx = set.labels.flatMap((l, i) => (keep.has(l) ? [i] : []));
  return { texts: idx.map((i) => set.texts[i]!), labels: idx.map((i) => set.labels[i]!) };
}

/**
 * Names of the temporary entries that `saveModel` and `writeFileAtomic` create next to their
 * target, and how `loadModel` finds a complete copy after a crash. Internal to `src/node/`.
 *
 * A temporary is `.<target>.sprout-<stage>-<id>` in the target's parent directory, so it is on the
 * same file system (renames stay atomic), hidden, and clearly tied to its target. The id starts
 * with the time in base 36, fixed width, so sorting ids sorts saves by age.
 */
import { randomBytes } from 'node:crypto';

/** `partial`: being written; `new`: complete, not yet in place; `old`: the replaced model; `file`: a writeFileAtomic temp. */
export type TemporaryStage = 'partial' | 'new' | 'old' | 'file';

const STAGES: readonly TemporaryStage[] = ['partial', 'new', 'old', 'file'];

/** A fresh id: time (sortable), process id and random bits (unique across processes). */
export function newTemporaryId(): string {
  return `${Date.now().toString(36).padStart(10, '0')}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The name of a temporary entry for `target` (a base name, not a path). */
export function temporaryName(target: string, stage: TemporaryStage, id: string): string {
  return `.${target}.sprout-${stage}-${id}`;
}

/** The stage and id of a temporary entry of `target`, or null for any other name. */
export function parseTemporaryName(target: string, entry: string): { readonly stage: TemporaryStage; readonly id: string } | null {
  const prefix = `.${target}.sprout-`;
  if (!entry.startsWith(prefix)) return null;
  const rest = entry.slice(prefix.length);
  const dash = rest.indexOf('-');
  const stage = rest.slice(0, dash) as TemporaryStage;
  if (dash < 1 || !STAGES.includes(stage)) return null;
  return { stage, id: rest.slice(dash + 1) };
}

/**
 * The complete copies a crashed `saveModel` may have left when `target` itself is missing, best
 * first: the newest `new` folder (written and flushed before the old model was moved aside), then
 * the newest `old` folder (the previous model, moved aside whole).
 */
export function recoveryCandidates(target: string, entries: readonly string[]): string[] {
  const found = entries.map((entry) => ({ entry, parsed: parseTemporaryName(target, entry) }));
  const of = (stage: TemporaryStage): string[] =>
    found
      .filter((f) => f.parsed?.stage === stage)
      .sort((a, b) => (a.parsed!.id < b.parsed!.id ? 1 : a.parsed!.id > b.parsed!.id ? -1 : 0))
      .map((f) => f.entry);
  return [...of('new'), ...of('old')];
}

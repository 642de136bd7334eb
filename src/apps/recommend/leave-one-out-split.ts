/**
 * The leave-one-out split of implicit-feedback evaluation.
 */
import { DataError } from '../../core/index.js';
import type { Interaction } from './interaction.js';

/** Training interactions and one held-out interaction per user. */
export interface LeaveOneOutSplit {
  readonly train: Interaction[];
  readonly test: Interaction[];
}

/**
 * Holds out each user's latest interaction (largest `timestamp`; among equal timestamps the one
 * listed last), as in He et al. 2017 ("Neural Collaborative Filtering", WWW) and Rendle et al. 2009.
 * Users with a single interaction stay in training and have no test item.
 *
 * @throws DataError for no interactions or an interaction without a finite timestamp.
 * @example
 * const { train, test } = leaveOneOutSplit(parseInteractions(uData));
 */
export function leaveOneOutSplit(interactions: readonly Interaction[]): LeaveOneOutSplit {
  const op = 'leaveOneOutSplit';
  if (!Array.isArray(interactions) || interactions.length === 0) throw new DataError(`${op}: interactions is empty`);
  const latest = new Map<string, number>();
  const counts = new Map<string, number>();
  interactions.forEach((e, k) => {
    if (typeof e.timestamp !== 'number' || !Number.isFinite(e.timestamp)) {
      throw new DataError(`${op}: interaction ${k} (user '${e.user}', item '${e.item}') has no timestamp; leave-one-out holds out each user's latest interaction`);
    }
    counts.set(e.user, (counts.get(e.user) ?? 0) + 1);
    const best = latest.get(e.user);
    if (best === undefined || e.timestamp >= interactions[best]!.timestamp!) latest.set(e.user, k);
  });
  const held = new Set<number>();
  for (const [user, k] of latest) if (counts.get(user)! > 1) held.add(k);
  const train: Interaction[] = [];
  const test: Interaction[] = [];
  interactions.forEach((e, k) => (held.has(k) ? test : train).push(e));
  return { train, test };
}

/**
 * Which backend the conformance suites run on, and what that backend is excused from.
 *
 * The suites take the backend from `SPROUT_BACKEND` (default `js`), select it with `setBackend`, and
 * name it in every describe() title, so a second backend runs them unchanged:
 *
 *     SPROUT_BACKEND=wasm node --import tsx --test test/conformance/*.test.ts
 *
 * Known gaps live in `exclusions/<backend>.json`, an object from op name (a registry entry) to the
 * reason it is skipped. The registry suite fails when an exclusion names an op the registry lacks.
 */
import { readFileSync } from 'node:fs';

import { setBackend } from '../../src/index.js';

/** Name of the backend under test. */
export const BACKEND: string = process.env['SPROUT_BACKEND'] ?? 'js';

setBackend(BACKEND);

/** A describe() title naming the backend: `[js] forward values`. */
export function title(text: string): string {
  return `[${BACKEND}] ${text}`;
}

function loadExclusions(): Readonly<Record<string, string>> {
  const url = new URL(`./exclusions/${BACKEND}.json`, import.meta.url);
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch {
    return {};
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`exclusions/${BACKEND}.json must hold an object from op name to reason`);
  }
  const out: Record<string, string> = {};
  for (const [op, reason] of Object.entries(parsed)) {
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`exclusions/${BACKEND}.json: the exclusion of '${op}' needs a non-empty reason`);
    }
    out[op] = reason;
  }
  return out;
}

/** Op name → reason it is skipped on this backend. */
export const EXCLUSIONS: Readonly<Record<string, string>> = loadExclusions();

/** Options for it(): a skip carrying the exclusion's reason when the op is excluded here. */
export function skipIfExcluded(op: string): { skip?: string } {
  const reason = EXCLUSIONS[op];
  return reason === undefined ? {} : { skip: `excluded on ${BACKEND}: ${reason}` };
}

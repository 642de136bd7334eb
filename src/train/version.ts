/**
 * The Sprout version written into saved models, so a file says which release wrote it.
 *
 * A constant rather than a read of package.json at run time: the portable layers cannot read
 * files, and bundlers would otherwise have to inline the whole package.json.
 * `test/train/version.test.ts` checks that it equals package.json's `version`, so a release that
 * bumps one without the other fails the tests.
 */

/**
 * This release's version (semver), as in package.json.
 *
 * @example
 * console.log(`saved by Sprout ${SPROUT_VERSION}`);
 */
export const SPROUT_VERSION = '0.1.0';

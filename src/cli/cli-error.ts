/**
 * CliError: a problem with what the user gave the command line (a file, a column, an option), as
 * opposed to a bug. The CLI prints its message as one line on stderr and exits with code 2, the
 * conventional status for bad usage, without a stack trace.
 */
import { SproutError } from '../core/index.js';

/**
 * A user-facing error of the `sprout` command.
 *
 * @example
 * throw new CliError(`no column 'label' in 'data.csv'; the columns are: a, b, c`);
 */
export class CliError extends SproutError {
  override readonly name = 'CliError';
}

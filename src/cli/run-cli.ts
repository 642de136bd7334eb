/**
 * runCli: the `sprout` command line — commander parses the arguments, one function per command
 * does the work, and this file turns every failure into an exit status:
 *
 * - 0: done (notes such as unseen categories go to stderr and do not fail the run);
 * - 2: bad usage or bad input — an unknown option, a missing file, an unknown column, a malformed
 *   row, a damaged model folder — as one line on stderr, `error: …`, without a stack trace;
 * - 1: a bug (an error Sprout did not expect), also one line unless `--verbose` asks for the stack.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DataError, ModelFormatError, ValueError } from '../core/index.js';
import { CliError } from './cli-error.js';
import { compressCommand } from './commands/compress-command.js';
import { evaluateCommand } from './commands/evaluate-command.js';
import { infoCommand } from './commands/info-command.js';
import { predictCommand } from './commands/predict-command.js';
import { trainCommand } from './commands/train-command.js';
import { tuneCommand } from './commands/tune-command.js';

function integer(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return n;
  };
}

function buildProgram(): Command {
  const program = new Command('sprout')
    .description('Train, evaluate and run neural networks on tabular data (CSV/TSV).')
    .option('--verbose', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });

  program
    .command('train')
    .description('train a model on a labelled CSV/TSV file, report test metrics and save it')
    .requiredOption('--data <file>', 'training data (CSV or TSV, with a header)')
    .requiredOption('--target <column>', 'the column to predict')
    .addOption(new Option('--task <task>', 'what to predict').choices(['auto', 'classification', 'regression']).default('auto'))
    .option('--test <file>', 'a separate test file (default: 15 % of --data)')
    .option('--out <dir>', 'model folder to write (default: models/<data file name>)')
    .option('--epochs <n>', 'most training epochs (early stopping may end sooner)', integer(1), 50)
    .option('--seed <n>', 'seed of the split, the initial weights and the shuffling', integer(0), 0)
    .option('--json', 'end the output with one JSON line of metrics', false)
    .action((o: { data: string; target: string; task: 'auto' | 'classification' | 'regression'; test?: string; out?: string; epochs: number; seed: number; json: boolean }) =>
      trainCommand({ data: o.data, target: o.target, task: o.task, epochs: o.epochs, seed: o.seed, json: o.json, ...(o.test === undefined ? {} : { test: o.test }), ...(o.out === undefined ? {} : { out: o.out }) }),
    );

  program
    .command('evaluate')
    .description('score a saved model on a labelled file')
    .argument('<dir>', 'model folder written by sprout train')
    .requiredOption('--data <file>', 'labelled data with the target column')
    .option('--json', 'end the output with one JSON line of metrics', false)
    .action((dir: string, o: { data: string; json: boolean }) => evaluateCommand({ dir, data: o.data, json: o.json }));

  program
    .command('predict')
    .description('predict every row of a file; writes CSV with the prediction (and class probabilities)')
    .argument('<dir>', 'model folder written by sprout train')
    .requiredOption('--data <file>', 'rows to predict (a target column, if present, is ignored)')
    .option('--out <file>', 'CSV file to write (default: standard output)')
    .action((dir: string, o: { data: string; out?: string }) => predictCommand({ dir, data: o.data, ...(o.out === undefined ? {} : { out: o.out }) }));

  program
    .command('tune')
    .description('random search over MLP settings (learning rate, layers, units, dropout)')
    .requiredOption('--data <file>', 'training data (CSV or TSV, with a header)')
    .requiredOption('--target <column>', 'the column to predict')
    .addOption(new Option('--task <task>', 'what to predict').choices(['auto', 'classification', 'regression']).default('auto'))
    .option('--trials <n>', 'configurations to try', integer(1), 10)
    .option('--epochs <n>', 'most epochs per trial', integer(1), 20)
    .option('--seed <n>', 'seed of the split and the search', integer(0), 0)
    .option('--json', 'end the output with one JSON line of results', false)
    .action((o: { data: string; target: string; task: 'auto' | 'classification' | 'regression'; trials: number; epochs: number; seed: number; json: boolean }) => tuneCommand(o));

  program
    .command('info')
    .description('describe a saved model: architecture, preprocessing, metrics, sizes')
    .argument('<dir>', 'model folder written by sprout train')
    .action((dir: string) => infoCommand({ dir }));

  program
    .command('compress')
    .description('make a saved model smaller: int8 quantisation, magnitude pruning or distillation (docs/compression.md)')
    .argument('<dir>', 'model folder (from sprout train, or any saved Sequential model)')
    .requiredOption('--out <dir>', 'model folder to write')
    .requiredOption('--data <file>', 'calibration / fine-tuning data: CSV/TSV for sprout train models, else .safetensors with x and y')
    .addOption(new Option('--quantize <type>', 'post-training quantisation').choices(['int8']))
    .option('--prune <sparsity>', 'magnitude pruning to this fraction of zero weights, e.g. 0.8', fraction)
    .option('--structured', 'prune whole neurons / channels (by L1 norm) instead of single weights', false)
    .addOption(new Option('--scope <scope>', 'unstructured ranking over all layers or within each').choices(['global', 'layer']).default('global'))
    .option('--distill <student.json>', 'train a smaller student: {"hidden": [64]} or a layer config')
    .option('--epochs <n>', 'fine-tuning epochs after pruning (default 2) or distillation epochs (default 20)', integer(0))
    .option('--learning-rate <lr>', 'Adam learning rate for fine-tuning and distillation', positiveNumber, 1e-3)
    .option('--temperature <t>', 'distillation temperature', positiveNumber, 4)
    .option('--alpha <a>', 'weight of the teacher term in the distillation loss, in [0, 1]', fraction, 0.9)
    .addOption(new Option('--calibration <method>', 'activation range calibration').choices(['minmax', 'percentile']).default('minmax'))
    .option('--calibration-rows <n>', 'rows of --data used to calibrate int8 activations', integer(1), 1000)
    .option('--seed <n>', 'seed of the student weights and the shuffling', integer(0), 0)
    .option('--json', 'end the output with one JSON line of results', false)
    .action((dir: string, o: Omit<CompressCommandFlags, 'dir'>) => compressCommand({ dir, ...o }));

  return program;
}

type CompressCommandFlags = Parameters<typeof compressCommand>[0];

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number in [0, 1]');
  return n;
}

/**
 * Runs the command line and returns the exit status (it never calls `process.exit`, so output
 * streams flush and tests can call it in-process).
 *
 * @param argv The arguments after `node script`, e.g. `['train', '--data', 'x.csv', '--target', 'y']`.
 * @returns 0 on success, 2 for bad usage or input, 1 for an unexpected error.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message; help and version are not failures.
      return error.exitCode === 0 ? 0 : 2;
    }
    const expected = error instanceof CliError || error instanceof DataError || error instanceof ModelFormatError || error instanceof ValueError;
    const message = error instanceof Error ? error.message : String(error);
    const line = expected ? `error: ${message}` : `error: unexpected ${error instanceof Error ? error.name : 'failure'}: ${message}${verbose ? '' : ' (run with --verbose for the stack trace)'}`;
    process.stderr.write(`${line.replace(/\s*\n\s*/g, ' ')}\n`);
    if (verbose && error instanceof Error && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
    return expected ? 2 : 1;
  }
}

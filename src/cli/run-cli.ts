/**
 * runCli: the `sprout` command line — commander parses the arguments, one function per command
 * does the work, and this file turns every failure into an exit status:
 *
 * - 0: done (notes such as unseen categories go to stderr and do not fail the run);
 * - 2: bad usage or bad input — an unknown option, a missing file, an unknown column, a malformed
 *   row, a damaged model folder — as one line on stderr, `error: …`, without a stack trace;
 * - 1: a bug (an error Sprout did not expect), also one line unless `--verbose` asks for the stack.
 */
import { Command, CommanderError, Option } from 'commander';
import { DataError, ModelFormatError, ValueError } from '../core/index.js';
import { CliError } from './cli-error.js';
import { evaluateCommand } from './commands/evaluate-command.js';
import { infoCommand } from './commands/info-command.js';
import { predictCommand } from './commands/predict-command.js';
import { trainCommand } from './commands/train-command.js';
import { tuneCommand } from './commands/tune-command.js';
import { generateCommand } from './commands/generate-command.js';
import { recommendCommand } from './commands/recommend-command.js';
import { trainPipelineCommand } from './commands/train-pipeline-command.js';
import { integerOption, nonNegativeNumberOption } from './integer-option.js';
import { addPipelineTrainFlags, type PipelineTrainOptions } from './pipeline-train-options.js';

function buildProgram(): Command {
  const program = new Command('sprout')
    .description('Train, evaluate and run neural networks on tabular data (CSV/TSV).')
    .option('--verbose', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });

  addPipelineTrainFlags(
    program
      .command('train')
      .description('train a model on a labelled CSV/TSV file (or a pipeline with --pipeline), report test metrics and save it')
      .option('--data <file>', 'training data (CSV or TSV, with a header)')
      .option('--target <column>', 'the column to predict'),
  )
    .addOption(new Option('--task <task>', 'what to predict').choices(['auto', 'classification', 'regression']).default('auto'))
    .option('--test <path>', 'a separate test file (default: 15 % of --data); pipelines: the test file (text, recommend) or folder (speech)')
    .option('--out <dir>', 'model folder to write (default: models/<data file name>)')
    .option('--epochs <n>', 'most training epochs (early stopping may end sooner)', integerOption(1), 50)
    .option('--seed <n>', 'seed of the split, the initial weights and the shuffling', integerOption(0), 0)
    .option('--json', 'end the output with one JSON line of metrics', false)
    .action((o: { data?: string; target?: string; task: 'auto' | 'classification' | 'regression'; test?: string; out?: string; epochs: number; seed: number; json: boolean } & Partial<PipelineTrainOptions>, command: Command) => {
      if (o.pipeline !== undefined) {
        if (o.data !== undefined || o.target !== undefined) throw new CliError(`--data and --target are for tabular training; --pipeline ${o.pipeline} reads --train`);
        const { epochs, ...rest } = o;
        return trainPipelineCommand({ ...rest, pipeline: o.pipeline, ...(command.getOptionValueSource('epochs') === 'default' ? {} : { epochs }) });
      }
      if (o.data === undefined) throw new CliError("required option '--data <file>' not specified");
      if (o.target === undefined) throw new CliError("required option '--target <column>' not specified");
      return trainCommand({ data: o.data, target: o.target, task: o.task, epochs: o.epochs, seed: o.seed, json: o.json, ...(o.test === undefined ? {} : { test: o.test }), ...(o.out === undefined ? {} : { out: o.out }) });
    });

  program
    .command('evaluate')
    .description('score a saved model on a labelled file')
    .argument('<dir>', 'model folder written by sprout train')
    .requiredOption('--data <file>', 'labelled data with the target column')
    .option('--json', 'end the output with one JSON line of metrics', false)
    .action((dir: string, o: { data: string; json: boolean }) => evaluateCommand({ dir, data: o.data, json: o.json }));

  program
    .command('predict')
    .description('predict every row of a file (CSV with the prediction and class probabilities); answer a message (text models)')
    .argument('<dir>', 'model folder written by sprout train')
    .option('--data <file>', 'rows to predict (a target column, if present, is ignored)')
    .option('--text <message>', 'one message to answer (text models)')
    .option('--out <file>', 'CSV file to write (default: standard output)')
    .option('--json', 'print the answer to --text as one JSON line', false)
    .action((dir: string, o: { data?: string; text?: string; out?: string; json: boolean }) =>
      predictCommand({ dir, json: o.json, ...(o.data === undefined ? {} : { data: o.data }), ...(o.text === undefined ? {} : { text: o.text }), ...(o.out === undefined ? {} : { out: o.out }) }),
    );

  program
    .command('recommend')
    .description('the top items for a user from a model trained with --pipeline recommend')
    .argument('<dir>', 'model folder written by sprout train --pipeline recommend')
    .requiredOption('--user <id>', 'the user id')
    .option('--k <n>', 'how many items', integerOption(1), 10)
    .option('--cold-start', 'answer a user the training data never held with the most popular items', false)
    .option('--json', 'print the answer as one JSON line', false)
    .action((dir: string, o: { user: string; k: number; coldStart: boolean; json: boolean }) => recommendCommand({ dir, ...o }));

  program
    .command('generate')
    .description('stream text from a model trained with --pipeline lm')
    .argument('<dir>', 'model folder written by sprout train --pipeline lm')
    .option('--prompt <text>', 'the text to continue', '\n')
    .option('--tokens <n>', 'characters to generate', integerOption(0), 200)
    .option('--temperature <t>', 'sampling temperature (0: always the most likely character)', nonNegativeNumberOption, 1)
    .option('--top-k <k>', 'sample among the k most likely characters only', integerOption(1))
    .option('--seed <n>', 'seed of the sampling', integerOption(0), 0)
    .action((dir: string, o: { prompt: string; tokens: number; temperature: number; topK?: number; seed: number }) => generateCommand({ dir, ...o }));

  program
    .command('tune')
    .description('random search over MLP settings (learning rate, layers, units, dropout)')
    .requiredOption('--data <file>', 'training data (CSV or TSV, with a header)')
    .requiredOption('--target <column>', 'the column to predict')
    .addOption(new Option('--task <task>', 'what to predict').choices(['auto', 'classification', 'regression']).default('auto'))
    .option('--trials <n>', 'configurations to try', integerOption(1), 10)
    .option('--epochs <n>', 'most epochs per trial', integerOption(1), 20)
    .option('--seed <n>', 'seed of the split and the search', integerOption(0), 0)
    .option('--json', 'end the output with one JSON line of results', false)
    .action((o: { data: string; target: string; task: 'auto' | 'classification' | 'regression'; trials: number; epochs: number; seed: number; json: boolean }) => tuneCommand(o));

  program
    .command('info')
    .description('describe a saved model: architecture, preprocessing, metrics, sizes')
    .argument('<dir>', 'model folder written by sprout train')
    .action((dir: string) => infoCommand({ dir }));

  return program;
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

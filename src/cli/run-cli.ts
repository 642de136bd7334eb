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
import { registerDashboardCommand } from '../dashboard/register-dashboard-command.js';
import { CliError } from './cli-error.js';
import { compressCommand } from './commands/compress-command.js';
import { evaluateCommand } from './commands/evaluate-command.js';
import { exportCommand } from './commands/export-command.js';
import { importCommand } from './commands/import-command.js';
import { CLI_EXPLAIN_METHODS, explainCommand } from './commands/explain-command.js';
import { infoCommand } from './commands/info-command.js';
import { predictCommand } from './commands/predict-command.js';
import { serveCommand } from './commands/serve-command.js';
import { runsCommand } from './commands/runs-command.js';
import { runsCompareCommand } from './commands/runs-compare-command.js';
import { runsShowCommand } from './commands/runs-show-command.js';
import { privacyEpsilonCommand } from './commands/privacy-command.js';
import { trainCommand } from './commands/train-command.js';
import { tuneCommand } from './commands/tune-command.js';
import { generateCommand } from './commands/generate-command.js';
import { recommendCommand } from './commands/recommend-command.js';
import { trainPipelineCommand } from './commands/train-pipeline-command.js';
import { integerOption, nonNegativeNumberOption } from './integer-option.js';
import { installKernelThreads } from '../node/kernel-threads.js';
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
    .option('--name <name>', 'name of the recorded run (default: the data file name)')
    .option('--runs-dir <dir>', RUNS_DIR_HELP)
    .option('--no-track', 'do not record the run')
    .option('--target-epsilon <e>', 'train with differential privacy (DP-SGD) spending at most this ε (tabular)', positiveNumber)
    .option('--delta <d>', 'δ of the privacy guarantee (default 1e-5)', positiveNumber)
    .option('--max-grad-norm <c>', "clip each example's gradient to this L2 norm (default 1)", positiveNumber)
    .action((o: { data?: string; target?: string; task: 'auto' | 'classification' | 'regression'; test?: string; out?: string; epochs: number; seed: number; json: boolean; name?: string; runsDir?: string; track: boolean; targetEpsilon?: number; delta?: number; maxGradNorm?: number } & Partial<PipelineTrainOptions>, command: Command) => {
      if (o.pipeline !== undefined) {
        if (o.data !== undefined || o.target !== undefined) throw new CliError(`--data and --target are for tabular training; --pipeline ${o.pipeline} reads --train`);
        if (o.targetEpsilon !== undefined) throw new CliError('--target-epsilon trains tabular models only; the pipelines have no private training yet');
        const { epochs, targetEpsilon: _e, delta: _d, maxGradNorm: _c, ...rest } = o;
        return trainPipelineCommand({ ...rest, pipeline: o.pipeline, ...(command.getOptionValueSource('epochs') === 'default' ? {} : { epochs }) });
      }
      if (o.data === undefined) throw new CliError("required option '--data <file>' not specified");
      if (o.target === undefined) throw new CliError("required option '--target <column>' not specified");
      if (o.targetEpsilon === undefined && (o.delta !== undefined || o.maxGradNorm !== undefined)) throw new CliError('--delta and --max-grad-norm need --target-epsilon');
      const privacy = o.targetEpsilon === undefined ? {} : { privacy: { targetEpsilon: o.targetEpsilon, delta: o.delta ?? 1e-5, maxGradNorm: o.maxGradNorm ?? 1 } };
      return trainCommand({ data: o.data, target: o.target, task: o.task, epochs: o.epochs, seed: o.seed, json: o.json, track: o.track, ...(o.test === undefined ? {} : { test: o.test }), ...(o.out === undefined ? {} : { out: o.out }), ...optional(o, 'name', 'runsDir'), ...privacy });
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
    .option('--labels <file>', 'the IDX label file of an IDX --data file (image models: adds the report)')
    .option('--out <file>', 'CSV file to write (default: standard output)')
    .option('--json', 'print the answer to --text as one JSON line (image models: end with a JSON line of metrics)', false)
    .action((dir: string, o: { data?: string; text?: string; labels?: string; out?: string; json: boolean }) =>
      predictCommand({ dir, json: o.json, ...optional(o, 'data', 'text', 'labels', 'out') }),
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

  program
    .command('export')
    .description('write a saved model as an ONNX file (opset 17, dynamic batch) for ONNX Runtime and others')
    .argument('<dir>', 'model folder (written by sprout train or saveModel)')
    .requiredOption('--onnx <file>', 'the .onnx file to write')
    .option('--input-shape <dims>', "the input's dimensions after the batch, e.g. 1,28,28 (default: from the first layer)")
    .action((dir: string, o: { onnx: string; inputShape?: string }) => exportCommand({ dir, onnx: o.onnx, ...(o.inputShape === undefined ? {} : { inputShape: o.inputShape }) }));

  program
    .command('import')
    .description('read an ONNX file into a Sprout model folder')
    .argument('<file>', 'the .onnx file')
    .requiredOption('--out <dir>', 'model folder to write')
    .action((file: string, o: { out: string }) => importCommand({ file, out: o.out }));

  program
    .command('explain')
    .description(`why a saved model predicts what it does: one row's column attributions, or the whole file's permutation importance / surrogate tree`)
    .argument('<dir>', 'model folder written by sprout train')
    .requiredOption('--data <file>', 'rows in the training columns (CSV or TSV)')
    .option('--row <n>', 'row to explain, 0 = the first data row (local methods)', integerOption(0))
    .option('--method <name>', `one of: ${CLI_EXPLAIN_METHODS.join(', ')}`, 'integrated-gradients')
    .option('--out <file>', 'write a picture (.svg bar chart, .png strip) or, for surrogate, the rules (.txt)')
    .option('--target <class>', 'classification: the class to explain (default: the predicted one)')
    .option('--top <n>', 'columns to show', integerOption(1), 10)
    .option('--steps <n>', 'integrated gradients: steps along the path', integerOption(1), 50)
    .option('--repeats <n>', 'permutation: shuffles per column', integerOption(1), 5)
    .option('--depth <n>', 'surrogate: deepest level of the tree', integerOption(1), 3)
    .option('--seed <n>', 'seed of SmoothGrad noise, shuffles and the surrogate split', integerOption(0), 0)
    .option('--json', 'end the output with one JSON line of the explanation', false)
    .action((dir: string, o: { data: string; row?: number; method: string; out?: string; target?: string; top: number; steps: number; repeats: number; depth: number; seed: number; json: boolean }) => explainCommand({ dir, ...o }));

  program
    .command('serve')
    .description('serve model folders over HTTP: predict, metrics, OpenAPI (docs/serve.md)')
    .argument('<dir...>', 'model folders: sprout train (tabular, or --pipeline text, speech, lm) or saved image classifiers, each DIR or NAME=DIR')
    .option('--port <n>', 'TCP port (0: any free port)', integerOption(0), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--body-limit <bytes>', 'largest request body (larger: 413); base64 images and WAVs count 4/3 of their size', integerOption(1), 1024 * 1024)
    .option('--max-batch <n>', 'items at which a micro-batch runs at once', integerOption(1), 64)
    .option('--batch-wait-ms <n>', 'longest wait of a micro-batch in milliseconds', integerOption(0), 2)
    .option('--max-tokens <n>', 'most characters a language model generates for one request', integerOption(1), 1000)
    .action((models: string[], o: { port: number; host: string; bodyLimit: number; maxBatch: number; batchWaitMs: number; maxTokens: number }) => serveCommand({ models, ...o }));

  const runs = program.command('runs').description('list, show and compare the training runs sprout train recorded');
  runs
    .command('list', { isDefault: true })
    .description('the recorded runs, newest first (the default)')
    .option('--runs-dir <dir>', RUNS_DIR_HELP)
    .option('--json', 'one JSON line with every run', false)
    .action((o: { runsDir?: string; json: boolean }) => runsCommand({ json: o.json, ...optional(o, 'runsDir') }));
  runs
    .command('show')
    .description('everything recorded about one run')
    .argument('<id>', 'run id (or a unique prefix)')
    .option('--runs-dir <dir>', RUNS_DIR_HELP)
    .option('--json', 'the record as one JSON line', false)
    .action((id: string, o: { runsDir?: string; json: boolean }) => runsShowCommand({ id, json: o.json, ...optional(o, 'runsDir') }));
  runs
    .command('compare')
    .description('two runs side by side: config and metric differences')
    .argument('<a>', 'first run id (or a unique prefix)')
    .argument('<b>', 'second run id (or a unique prefix)')
    .option('--runs-dir <dir>', RUNS_DIR_HELP)
    .option('--json', 'the comparison as one JSON line', false)
    .action((a: string, b: string, o: { runsDir?: string; json: boolean }) => runsCompareCommand({ a, b, json: o.json, ...optional(o, 'runsDir') }));

  program
    .command('privacy')
    .description('differential privacy tools')
    .command('epsilon')
    .description('the epsilon a DP-SGD run spends (Renyi-DP accountant of the sampled Gaussian mechanism)')
    .requiredOption('--noise <sigma>', 'noise multiplier', Number)
    .requiredOption('--batch <b>', 'expected batch size (Poisson sampling)', integerOption(1))
    .requiredOption('--n <n>', 'training examples', integerOption(1))
    .requiredOption('--epochs <e>', 'passes over the data', Number)
    .requiredOption('--delta <d>', 'delta of the (epsilon, delta) guarantee', Number)
    .addOption(new Option('--conversion <kind>', 'RDP to (epsilon, delta) bound').choices(['improved', 'classic']).default('improved'))
    .option('--json', 'end the output with one JSON line {"epsilon": ...}', false)
    .action((o: { noise: number; batch: number; n: number; epochs: number; delta: number; conversion: 'improved' | 'classic'; json: boolean }) => privacyEpsilonCommand(o));

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
    .option('--epochs <n>', 'fine-tuning epochs after pruning (default 2) or distillation epochs (default 20)', integerOption(0))
    .option('--learning-rate <lr>', 'Adam learning rate for fine-tuning and distillation', positiveNumber, 1e-3)
    .option('--temperature <t>', 'distillation temperature', positiveNumber, 4)
    .option('--alpha <a>', 'weight of the teacher term in the distillation loss, in [0, 1]', fraction, 0.9)
    .addOption(new Option('--calibration <method>', 'activation range calibration').choices(['minmax', 'percentile']).default('minmax'))
    .option('--calibration-rows <n>', 'rows of --data used to calibrate int8 activations', integerOption(1), 1000)
    .option('--seed <n>', 'seed of the student weights and the shuffling', integerOption(0), 0)
    .option('--json', 'end the output with one JSON line of results', false)
    .action((dir: string, o: Omit<CompressCommandFlags, 'dir'>) => compressCommand({ dir, ...o }));

  registerDashboardCommand(program);
  return program;
}

const RUNS_DIR_HELP = 'where runs are recorded (default: $SPROUT_RUNS_DIR, else .sprout in the current directory)';

/** The named options that were given (exactOptionalPropertyTypes forbids passing undefined). */
function optional<T extends object, K extends keyof T>(o: T, ...keys: K[]): { [P in K]?: Exclude<T[P], undefined> } {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as { [P in K]?: Exclude<T[P], undefined> };
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
  installKernelThreads();
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

/**
 * `sprout serve DIR...`: serves model folders over HTTP (see docs/serve.md) until SIGTERM or
 * SIGINT, then stops taking connections, finishes the requests in flight and exits 0. It prints
 * `listening on <url>` as soon as the port is open (`/healthz` answers, `/readyz` says 503) and
 * `ready: …` once every model is loaded; a model that fails to load stops the server with exit 2.
 * When the environment holds SPROUT_API_KEY, every route but /healthz and /readyz needs
 * `Authorization: Bearer <key>`.
 */
import { basename, resolve } from 'node:path';
import { createServer } from '../../serve/index.js';
import { CliError } from '../cli-error.js';

/** Options of {@link serveCommand}. */
export interface ServeCommandOptions {
  /** Model folders, each `DIR` (named after the folder) or `NAME=DIR`. */
  readonly models: readonly string[];
  readonly port: number;
  readonly host: string;
  /** Largest request body in bytes. */
  readonly bodyLimit: number;
  /** Items at which a micro-batch runs at once. */
  readonly maxBatch: number;
  /** Longest wait of a micro-batch, in ms. */
  readonly batchWaitMs: number;
  /** Most characters a language model generates for one request (default 1,000). */
  readonly maxTokens?: number;
}

/**
 * Runs `sprout serve`; resolves after a signal has closed the server.
 *
 * @throws CliError for a port that cannot be opened or a repeated model name; ModelFormatError for a model that does not load.
 * @example
 * await serveCommand({ models: ['models/digits'], port: 8080, host: '127.0.0.1', bodyLimit: 1048576, maxBatch: 64, batchWaitMs: 2 });
 */
export async function serveCommand(options: ServeCommandOptions): Promise<void> {
  const models = options.models.map((arg) => {
    const eq = arg.indexOf('=');
    const dir = eq > 0 ? arg.slice(eq + 1) : arg;
    return { name: eq > 0 ? arg.slice(0, eq) : basename(resolve(dir)), dir };
  });
  const names = models.map((m) => m.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new CliError(`two models are named '${twice}'; name them with NAME=DIR`);
  const apiKey = process.env['SPROUT_API_KEY'];
  let server: ReturnType<typeof createServer>;
  try {
    server = createServer({
      models,
      bodyLimit: options.bodyLimit,
      maxBatchSize: options.maxBatch,
      maxWaitMs: options.batchWaitMs,
      ...(options.maxTokens === undefined ? {} : { maxGeneratedTokens: options.maxTokens }),
      logger: { level: 'warn' },
      ...(apiKey === undefined || apiKey === '' ? {} : { apiKey }),
    });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message.replace(/^createServer: /, '') : String(error));
  }
  let url: string;
  try {
    url = await server.listen({ port: options.port, host: options.host });
  } catch (error) {
    throw new CliError(`cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.stdout.write(`listening on ${url}\n`);
  // Listen for the signals from the start, so one that arrives while models load still shuts down cleanly.
  let stop = (_name: string): void => undefined;
  const signal = new Promise<string>((done) => (stop = done));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    let early: string | null;
    try {
      early = await Promise.race([server.modelsLoaded.then(() => null), signal]);
    } catch (error) {
      await server.close();
      throw error;
    }
    if (early === null) process.stdout.write(`ready: ${names.join(', ')}${apiKey ? ' (bearer token required)' : ''}\n`);
    const received = early ?? (await signal);
    process.stdout.write(`${received}: finishing requests in flight\n`);
    await server.close();
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
  process.stdout.write('closed\n');
}

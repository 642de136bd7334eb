/**
 * The dashboard's HTTP server (node:http; it reads the run store and model folders and writes nothing):
 *
 * - `/`, `/app.js`, `/style.css`: the page;
 * - `/api/runs`: every run (summaries), newest first;
 * - `/api/runs/<id>`: one run with epochs and artifacts (confusion matrix, recorded model summary);
 * - `/api/runs/<id>/model`: the run's model folder, loaded now (summary, parameters, files);
 * - `/api/runs/<id>/explain`: GET what the run's model can explain (kind, methods, the input form);
 *   POST `{ method, row | text, target? }` explains one row or message (see RunExplanations);
 * - `/api/runs/<id>/explain/global`: permutation importance of a table model's columns on the
 *   run's data file;
 * - `/api/compare?a=<id>&b=<id>`: two runs side by side (compareRuns);
 * - `/api/events`: server-sent events — `run` (a run appeared or changed) and `epoch` (an epoch
 *   was recorded) — from a RunStoreTail over the store.
 *
 * Binds to 127.0.0.1 by default: run records name files and hosts, so exposing them is a choice.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValueError } from '../core/index.js';
import { compareRuns, resolveRunsDir, RunStore } from '../node/index.js';
import { dashboardAsset } from './dashboard-assets.js';
import { modelFolderInfo } from './model-folder-info.js';
import { RunExplanations } from './run-explanations.js';
import { type RunStoreChange, RunStoreTail } from './run-store-tail.js';

/** Options of {@link startDashboard}. */
export interface DashboardOptions {
  /** The runs folder (default: resolveRunsDir — $SPROUT_RUNS_DIR or .sprout). */
  readonly runsDir?: string;
  /** TCP port; 0 picks a free one (default 8081). */
  readonly port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Milliseconds between looks at the store for live updates (default 250). */
  readonly pollMs?: number;
}

/** A dashboard that is listening. */
export interface RunningDashboard {
  /** `http://host:port/`. */
  readonly url: string;
  readonly runsDir: string;
  /** Ends the event streams, stops listening and closes the store. */
  close(): Promise<void>;
}

/** A comment line every so often keeps proxies from closing an idle event stream. */
const HEARTBEAT_MS = 15_000;

/** The largest request body accepted (an explanation request: one row or one message). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Starts the dashboard.
 *
 * @throws ValueError for a bad port or poll interval, or when the port is taken; the store's errors
 *   (DataError for a store from a newer Sprout).
 * @example
 * const dashboard = await startDashboard({ port: 8081 });
 * console.log(`open ${dashboard.url}`);
 */
export async function startDashboard(options: DashboardOptions = {}): Promise<RunningDashboard> {
  const port = options.port ?? 8081;
  const host = options.host ?? '127.0.0.1';
  const pollMs = options.pollMs ?? 250;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ValueError(`dashboard: port must be an integer in [0, 65535], got ${port}`);
  if (!(pollMs > 0)) throw new ValueError(`dashboard: pollMs must be positive, got ${pollMs}`);
  const runsDir = resolveRunsDir(options.runsDir);
  const store = RunStore.open(runsDir);
  const tail = new RunStoreTail(store, pollMs);
  const streams = new Set<ServerResponse>();
  const explanations = new RunExplanations();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://dashboard');
    const path = url.pathname;
    const explain = /^\/api\/runs\/([^/]+)\/explain$/.exec(path);
    if (request.method === 'POST' && explain !== null) return explainRequest(request, response, pathSegment(explain[1]!));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const allow = explain === null ? 'GET, HEAD' : 'GET, HEAD, POST';
      sendJson(response, 405, { error: `${request.method ?? '?'} is not allowed at ${path}; it takes ${allow}` }, { allow });
      return;
    }
    const asset = await dashboardAsset(path);
    if (asset !== undefined) {
      response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
      response.end(asset.body);
      return;
    }
    if (path === '/api/runs') return sendJson(response, 200, { runsDir, runs: store.listRuns() });
    if (path === '/api/events') {
      if (request.method === 'HEAD') return void response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' }).end();
      return openStream(response);
    }
    if (path === '/api/compare') {
      const [a, b] = [url.searchParams.get('a') ?? '', url.searchParams.get('b') ?? ''];
      const [runA, runB] = [findRun(a), findRun(b)];
      if (runA === undefined || runB === undefined) return sendJson(response, 404, { error: `no run '${runA === undefined ? a : b}' in ${runsDir}` });
      return sendJson(response, 200, compareRuns(runA, runB));
    }
    const match = /^\/api\/runs\/([^/]+)(\/model|\/explain|\/explain\/global)?$/.exec(path);
    if (match !== null) {
      const id = pathSegment(match[1]!);
      const run = findRun(id);
      if (run === undefined) return sendJson(response, 404, { error: `no run '${id}' in ${runsDir}` });
      if (match[2] === undefined) return sendJson(response, 200, run);
      if (match[2] !== '/model') {
        const answer = match[2] === '/explain' ? await explanations.setup(run) : await explanations.global(run);
        return sendJson(response, answer.status, answer.body);
      }
      if (run.modelDir === null) return sendJson(response, 404, { error: `run '${run.id}' saved no model` });
      try {
        return sendJson(response, 200, await modelFolderInfo(run.modelDir));
      } catch (error) {
        return sendJson(response, 404, { error: error instanceof Error ? error.message : String(error) });
      }
    }
    sendJson(response, 404, { error: `nothing at ${path}` });
  }

  /** POST /api/runs/<id>/explain: a JSON body of at most MAX_BODY_BYTES, explained. */
  async function explainRequest(request: IncomingMessage, response: ServerResponse, id: string): Promise<void> {
    const run = findRun(id);
    if (run === undefined) return sendJson(response, 404, { error: `no run '${id}' in ${runsDir}` });
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) return sendJson(response, 415, { error: `expected a JSON body (content-type application/json), got '${type}'` });
    const body = await readBody(request, MAX_BODY_BYTES);
    if (body === null) return sendJson(response, 413, { error: `the request body is larger than ${MAX_BODY_BYTES} bytes` }, { connection: 'close' });
    const answer = await explanations.local(run, body);
    sendJson(response, answer.status, answer.body);
  }

  /** A run by id or unique prefix; undefined when none or several match. */
  function findRun(id: string): ReturnType<RunStore['getRun']> {
    try {
      return store.getRun(id);
    } catch (error) {
      if (error instanceof ValueError) return undefined;
      throw error;
    }
  }

  function openStream(response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    // `retry` tells EventSource how soon to reconnect after the server restarts.
    response.write('retry: 2000\n\n');
    streams.add(response);
    const send = (change: RunStoreChange): void => {
      const data = change.type === 'epoch' ? { runId: change.runId, ...change.epoch } : change.run;
      response.write(`event: ${change.type}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const unsubscribe = tail.subscribe(send);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    response.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(response);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      store.close();
      reject(error.code === 'EADDRINUSE' ? new ValueError(`dashboard: port ${port} on ${host} is in use; choose another with --port`) : error);
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    runsDir,
    close: async () => {
      tail.stop();
      for (const stream of streams) stream.end();
      await closeServer(server);
      store.close();
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache', ...headers });
  response.end(JSON.stringify(body));
}

/** A path segment decoded; a malformed escape (`%E0`) stays as written, so it names no run (404, not 500). */
function pathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The request's body as UTF-8 text, or null when it is longer than `limit` bytes (the rest is not read). */
async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}

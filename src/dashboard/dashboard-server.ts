/**
 * The dashboard's HTTP server (node:http, read-only, GET only):
 *
 * - `/`, `/app.js`, `/style.css`: the page;
 * - `/api/runs`: every run (summaries), newest first;
 * - `/api/runs/<id>`: one run with epochs and artifacts (confusion matrix, recorded model summary);
 * - `/api/runs/<id>/model`: the run's model folder, loaded now (summary, parameters, files);
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

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: `${request.method ?? '?'} is not allowed; the dashboard is read-only` }, { allow: 'GET, HEAD' });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://dashboard');
    const path = url.pathname;
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
    const match = /^\/api\/runs\/([^/]+)(\/model)?$/.exec(path);
    if (match !== null) {
      const id = decodeURIComponent(match[1]!);
      const run = findRun(id);
      if (run === undefined) return sendJson(response, 404, { error: `no run '${id}' in ${runsDir}` });
      if (match[2] === undefined) return sendJson(response, 200, run);
      if (run.modelDir === null) return sendJson(response, 404, { error: `run '${run.id}' saved no model` });
      try {
        return sendJson(response, 200, await modelFolderInfo(run.modelDir));
      } catch (error) {
        return sendJson(response, 404, { error: error instanceof Error ? error.message : String(error) });
      }
    }
    sendJson(response, 404, { error: `nothing at ${path}` });
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

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}

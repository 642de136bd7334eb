/**
 * createServer: Sprout's HTTP inference service, a Fastify application over model folders.
 *
 * | route                             | what                                                         |
 * |-----------------------------------|--------------------------------------------------------------|
 * | `POST /v1/models/:name/predict`   | predictions for JSON rows (tabular) or texts (text models)   |
 * | `POST /v1/models/:name/explain`   | per-row column attributions (tabular; `?method=` of explain) |
 * | `POST /v1/models/:name/reload`    | load the folder again, swap in when loaded                   |
 * | `GET /v1/models`                  | names, kinds, status, versions, input descriptions           |
 * | `GET /healthz`, `GET /readyz`     | liveness; readiness (every model loaded, not shutting down)  |
 * | `GET /metrics`                    | Prometheus text                                              |
 * | `GET /openapi.json`               | OpenAPI 3.1, generated from the models' inputs               |
 *
 * Models load in the background from the moment the server is created, so a process can listen at
 * once and report `/readyz` 503 until they are in (await `server.modelsLoaded` to know when).
 * Request bodies are checked by Fastify's ajv against a schema generated from each model's input
 * (strict: no type coercion, no silently dropped fields), concurrent predictions to one model are
 * micro-batched into one forward pass, and `close()` finishes the requests in flight before it resolves.
 *
 * Every failure a client can cause is a 4xx with `{ error }` (400 adds `field` and `reason`): 400 a
 * body that does not fit, 401 a missing or wrong bearer token when an API key is set, 404 an unknown
 * model or path, 413 a body over the limit, 415 a body that is not JSON. A 5xx means a bug.
 */
import { fastify, type FastifyError, type FastifyInstance } from 'fastify';
import { DataError, ValueError } from '../core/index.js';
import { bearerTokenMatches } from './bearer-token.js';
import { loadServedModel } from './load-served-model.js';
import { ModelSlot } from './model-slot.js';
import { openApiDocument } from './openapi-document.js';
import type { ServedModel } from './served-model.js';
import { ServeMetrics } from './serve-metrics.js';
import { validationFailure, type SchemaError } from './validation-failure.js';

/** A model to serve: its name in URLs and its folder. */
export interface ServeModelSource {
  /** Letters, digits, '.', '_' and '-', starting with a letter or digit. */
  readonly name: string;
  readonly dir: string;
}

/** Options of {@link createServer}. */
export interface CreateServerOptions {
  readonly models: readonly ServeModelSource[];
  /** When set, every route but /healthz and /readyz needs `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  /** Largest request body in bytes (default 1 MiB); larger ones get 413. */
  readonly bodyLimit?: number;
  /** Items at which a micro-batch runs at once (default 64). */
  readonly maxBatchSize?: number;
  /** Longest wait of a micro-batch's first request, in ms (default 2). */
  readonly maxWaitMs?: number;
  /** Most rows or texts in one request (default 1024). */
  readonly maxItemsPerRequest?: number;
  /** Longest string cell or text, in characters (default 10,000). */
  readonly maxStringLength?: number;
  /** Include prom-client's process metrics in /metrics (default true). */
  readonly processMetrics?: boolean;
  /** Reads a model folder (default {@link loadServedModel}); pass your own to serve another kind of model. */
  readonly load?: (dir: string) => Promise<ServedModel>;
  /** Fastify's logger setting (default false: silent). */
  readonly logger?: boolean | { readonly level: string };
}

/** The Fastify instance, plus the promise of the models' first load. */
export type SproutServer = FastifyInstance & {
  /** Resolves when every model is loaded; rejects with the first load error. */
  readonly modelsLoaded: Promise<void>;
};

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const PUBLIC_ROUTES = new Set(['/healthz', '/readyz']);

/**
 * Builds the service (it does not listen: call `listen`, or `inject` in tests).
 *
 * @param options The models and the limits.
 * @throws ValueError for no models, a bad or repeated name, or a limit that is not a positive integer.
 * @example
 * const server = createServer({ models: [{ name: 'digits', dir: 'models/digits' }] });
 * await server.modelsLoaded;
 * await server.listen({ port: 8080, host: '127.0.0.1' });
 */
export function createServer(options: CreateServerOptions): SproutServer {
  const limits = checkOptions(options);
  const slots: Map<string, ModelSlot> = new Map();
  const metrics = new ServeMetrics({
    processMetrics: options.processMetrics ?? true,
    queued: () => new Map([...slots.values()].map((s) => [s.name, s.current?.batcher.pending ?? 0])),
  });
  const slotOptions = {
    limits: { maxItems: limits.maxItemsPerRequest, maxStringLength: limits.maxStringLength },
    maxBatchSize: limits.maxBatchSize,
    maxWaitMs: options.maxWaitMs ?? 2,
    load: options.load ?? loadServedModel,
    onBatch: (model: string, items: number, requests: number) => metrics.observeBatch(model, items, requests),
  };
  for (const m of options.models) slots.set(m.name, new ModelSlot(m.name, m.dir, slotOptions));
  const app = fastify({
    bodyLimit: limits.bodyLimit,
    logger: options.logger ?? false,
    // Strict validation: '3' is not a number, and an unknown field is an error rather than dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false, allowUnionTypes: true } },
  });

  const apiKey = options.apiKey;
  if (apiKey !== undefined) {
    app.addHook('onRequest', async (request, reply) => {
      if (PUBLIC_ROUTES.has(request.routeOptions.url ?? '')) return;
      if (!bearerTokenMatches(request.headers.authorization, apiKey)) {
        await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'missing or wrong bearer token (Authorization: Bearer <key>)' });
      }
    });
  }
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ error: `no route ${request.method} ${request.url.slice(0, 200)}` }));
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.validation !== undefined) return reply.code(400).send(validationFailure(error.validation));
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    if (error instanceof DataError || error instanceof ValueError) return reply.code(400).send({ error: error.message });
    request.log.error(error);
    return reply.code(500).send({ error: 'internal error' });
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    // Requests in flight may sit in a micro-batch window: answer them now so close() need not wait it out.
    for (const slot of slots.values()) slot.current?.batcher.flush();
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const models = Object.fromEntries([...slots.values()].map((s) => [s.name, s.status]));
    const states = Object.values(models);
    const status = closing ? 'closing' : states.includes('failed') ? 'failed' : states.every((s) => s === 'ready') ? 'ready' : 'loading';
    return reply.code(status === 'ready' ? 200 : 503).send({ status, models });
  });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  app.get('/openapi.json', async () => openApiDocument([...slots.values()], apiKey !== undefined));
  app.get('/v1/models', async () => ({ models: [...slots.values()].map(describeSlot) }));

  app.post<{ Params: { name: string } }>('/v1/models/:name/predict', async (request, reply) => {
    const slot = slots.get(request.params.name);
    if (slot === undefined) return reply.code(404).send({ error: unknownModel(request.params.name, slots) });
    const current = slot.current; // this request stays on this version, whatever reloads happen meanwhile
    if (current === undefined) return reply.code(503).send({ error: `model '${slot.name}' is ${slot.status}${slot.lastError === undefined ? '' : `: ${slot.lastError}`}` });
    const validate = request.compileValidationSchema(current.schema, 'body');
    if (!validate(request.body)) return reply.code(400).send(validationFailure(validate.errors as SchemaError[] | null | undefined));
    const items = (request.body as Record<string, unknown[]>)[current.served.input.kind]!;
    const predictions = await current.batcher.submit(items);
    return { model: slot.name, version: current.version, predictions };
  });

  app.post<{ Params: { name: string }; Querystring: { method?: string } }>('/v1/models/:name/explain', async (request, reply) => {
    const slot = slots.get(request.params.name);
    if (slot === undefined) return reply.code(404).send({ error: unknownModel(request.params.name, slots) });
    const current = slot.current;
    if (current === undefined) return reply.code(503).send({ error: `model '${slot.name}' is ${slot.status}${slot.lastError === undefined ? '' : `: ${slot.lastError}`}` });
    const explain = current.served.explain;
    if (explain === undefined) return reply.code(400).send({ error: `model '${slot.name}' (${current.served.kind}) has no explanations; they exist for tabular models` });
    const validate = request.compileValidationSchema(current.schema, 'body');
    if (!validate(request.body)) return reply.code(400).send(validationFailure(validate.errors as SchemaError[] | null | undefined));
    const items = (request.body as Record<string, unknown[]>)[current.served.input.kind]!;
    const method = request.query.method ?? 'integrated-gradients';
    return { model: slot.name, version: current.version, explanations: explain.call(current.served, items, method) };
  });

  app.post<{ Params: { name: string } }>('/v1/models/:name/reload', async (request, reply) => {
    const slot = slots.get(request.params.name);
    if (slot === undefined) return reply.code(404).send({ error: unknownModel(request.params.name, slots) });
    try {
      const loaded = await slot.reload();
      return { model: slot.name, version: loaded.version, loadedAt: loaded.loadedAt };
    } catch (error) {
      const still = slot.current === undefined ? 'no version is served' : `version ${slot.current.version} is still served`;
      return reply.code(409).send({ error: `reload of '${slot.name}' failed (${still}): ${error instanceof Error ? error.message : String(error)}` });
    }
  });

  const modelsLoaded = Promise.all([...slots.values()].map((s) => s.reload())).then(() => undefined);
  modelsLoaded.catch(() => undefined); // reported through /readyz and to whoever awaits it
  return Object.assign(app, { modelsLoaded });
}

function describeSlot(slot: ModelSlot): Record<string, unknown> {
  const current = slot.current;
  return {
    name: slot.name,
    status: slot.status,
    ...(current === undefined
      ? {}
      : { kind: current.served.kind, version: current.version, loadedAt: current.loadedAt, labels: current.served.labels, input: current.served.input }),
    ...(slot.lastError === undefined ? {} : { lastError: slot.lastError }),
  };
}

function unknownModel(name: string, slots: ReadonlyMap<string, ModelSlot>): string {
  return `no model named '${name.slice(0, 100)}'; the models are: ${[...slots.keys()].join(', ')}`;
}

function checkOptions(options: CreateServerOptions): { bodyLimit: number; maxBatchSize: number; maxItemsPerRequest: number; maxStringLength: number } {
  if (!Array.isArray(options.models) || options.models.length === 0) throw new ValueError('createServer: models must list at least one { name, dir }');
  const seen = new Set<string>();
  for (const m of options.models) {
    if (typeof m.name !== 'string' || !MODEL_NAME.test(m.name)) throw new ValueError(`createServer: model name ${JSON.stringify(m.name)} must be letters, digits, '.', '_' or '-', starting with a letter or digit`);
    if (seen.has(m.name)) throw new ValueError(`createServer: model name '${m.name}' is given twice`);
    seen.add(m.name);
  }
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    const v = value ?? fallback;
    if (!Number.isSafeInteger(v) || v < 1) throw new ValueError(`createServer: ${name} must be an integer >= 1, got ${v}`);
    return v;
  };
  const wait = options.maxWaitMs;
  if (wait !== undefined && !(Number.isFinite(wait) && wait >= 0)) throw new ValueError(`createServer: maxWaitMs must be a finite number >= 0, got ${wait}`);
  return {
    bodyLimit: positive('bodyLimit', options.bodyLimit, 1024 * 1024),
    maxBatchSize: positive('maxBatchSize', options.maxBatchSize, 64),
    maxItemsPerRequest: positive('maxItemsPerRequest', options.maxItemsPerRequest, 1024),
    maxStringLength: positive('maxStringLength', options.maxStringLength, 10_000),
  };
}

/**
 * createServer: Sprout's HTTP inference service, a Fastify application over model folders.
 *
 * | route                             | what                                                         |
 * |-----------------------------------|--------------------------------------------------------------|
 * | `POST /v1/models/:name/predict`   | predictions for JSON rows (tabular), texts (text), base64    |
 * |                                   | PNG/JPEG (image) or WAV (speech); generated text for a       |
 * |                                   | prompt (lm), streamed as server-sent events on request       |
 * | `POST /v1/models/:name/explain`   | attributions: per column (tabular), per token (text)         |
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
 * body that does not fit or an item that cannot be read (base64 that is not base64, an image or WAV
 * that does not decode, a prompt character the model does not know), 401 a missing or wrong bearer token when an API key is set, 404 an unknown
 * model or path, 413 a body over the limit, 415 a body that is not JSON. A 5xx means a bug.
 */
import { Readable } from 'node:stream';
import { fastify, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DataError, ValueError } from '../core/index.js';
import { bearerTokenMatches } from './bearer-token.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { loadServedModel } from './load-served-model.js';
import { DEFAULT_GENERATED_TOKENS, type JsonSchema } from './model-input.js';
import { ModelSlot, type ModelVersion } from './model-slot.js';
import { openApiDocument } from './openapi-document.js';
import type { GenerationRequest, GenerativeServedModel, ServedModel } from './served-model.js';
import { ServeMetrics } from './serve-metrics.js';
import { serverSentEvents } from './server-sent-events.js';
import { validationFailure, type SchemaError, type ValidationFailure } from './validation-failure.js';

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
  /**
   * Largest request body in bytes (default 1 MiB); larger ones get 413. Base64 makes files a third
   * larger: 1 MiB holds about 750 KiB of images or WAV audio per request (a minute of 8 kHz 16-bit
   * speech, hundreds of small PNGs). Raise it for camera photos.
   */
  readonly bodyLimit?: number;
  /** Items at which a micro-batch runs at once (default 64). */
  readonly maxBatchSize?: number;
  /** Longest wait of a micro-batch's first request, in ms (default 2). */
  readonly maxWaitMs?: number;
  /** Most rows or texts in one request (default 1024). */
  readonly maxItemsPerRequest?: number;
  /** Longest string cell, text or prompt, in characters (default 10,000). */
  readonly maxStringLength?: number;
  /** Most characters a language model generates for one request (default 1,000). */
  readonly maxGeneratedTokens?: number;
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
    queued: () => new Map([...slots.values()].map((s) => [s.name, s.current?.batcher?.pending ?? 0])),
  });
  const slotOptions = {
    limits: { maxItems: limits.maxItemsPerRequest, maxStringLength: limits.maxStringLength, maxTokens: limits.maxGeneratedTokens },
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
    if (error instanceof InvalidRequestError) return reply.code(400).send({ error: error.message, field: error.field, reason: error.reason });
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
    for (const slot of slots.values()) slot.current?.batcher?.flush();
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
  app.get('/v1/models', async () => ({ models: [...slots.values()].map((slot) => describeSlot(slot, limits.maxGeneratedTokens)) }));

  /** The version a request runs on (it stays on it, whatever reloads happen meanwhile), or the 404/503 answer. */
  const versionOf = (name: string): { slot: ModelSlot; current: ModelVersion } | { status: number; error: string } => {
    const slot = slots.get(name);
    if (slot === undefined) return { status: 404, error: unknownModel(name, slots) };
    const current = slot.current;
    if (current === undefined) return { status: 503, error: `model '${slot.name}' is ${slot.status}${slot.lastError === undefined ? '' : `: ${slot.lastError}`}` };
    return { slot, current };
  };

  app.post<{ Params: { name: string } }>('/v1/models/:name/predict', async (request, reply) => {
    const found = versionOf(request.params.name);
    if ('error' in found) return reply.code(found.status).send({ error: found.error });
    const { slot, current } = found;
    const failure = bodyFailure(request, current.schema);
    if (failure !== null) return reply.code(400).send(failure);
    const served = current.served;
    if (served.kind === 'text-generation') return generate(served, request.body as GenerationBody, reply, { model: slot.name, version: current.version, maxTokens: limits.maxGeneratedTokens });
    const items = (request.body as Record<string, unknown[]>)[served.input.kind]!;
    // Decoding happens per request, before the batch: one request's bad file fails that request only.
    const predictions = await current.batcher!.submit(served.decode?.(items) ?? items);
    return { model: slot.name, version: current.version, predictions };
  });

  app.post<{ Params: { name: string }; Querystring: { method?: unknown } }>('/v1/models/:name/explain', async (request, reply) => {
    const found = versionOf(request.params.name);
    if ('error' in found) return reply.code(found.status).send({ error: found.error });
    const { slot, current } = found;
    const served = current.served;
    if (served.kind === 'text-generation' || served.explain === undefined) {
      return reply.code(400).send({ error: `model '${slot.name}' (${served.kind}) has no explanations; the service explains tabular and text-classification models` });
    }
    const failure = bodyFailure(request, current.schema);
    if (failure !== null) return reply.code(400).send(failure);
    const method = request.query.method ?? served.explainMethods?.[0] ?? 'integrated-gradients';
    if (typeof method !== 'string') return reply.code(400).send({ error: 'invalid query: method: give it once', field: '?method', reason: 'give it once' });
    const items = (request.body as Record<string, unknown[]>)[served.input.kind]!;
    return { model: slot.name, version: current.version, explanations: served.explain(served.decode?.(items) ?? items, method) };
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

/** A generation request's body, as the request schema lets it through. */
interface GenerationBody {
  readonly prompt: string;
  readonly tokens?: number;
  readonly temperature?: number;
  readonly topK?: number;
  readonly seed?: number;
  readonly stream?: boolean;
}

/** The 400 answer for a body that does not fit the schema, or null. */
function bodyFailure(request: FastifyRequest, schema: JsonSchema): ValidationFailure | null {
  const validate = request.compileValidationSchema(schema, 'body');
  return validate(request.body) ? null : validationFailure(validate.errors as SchemaError[] | null | undefined);
}

/**
 * Answers a generation request: `{ model, version, text, tokens }` once the text is complete, or
 * with `stream: true` the text as server-sent events while it is sampled (see serverSentEvents).
 */
async function generate(served: GenerativeServedModel, body: GenerationBody, reply: FastifyReply, about: { model: string; version: number; maxTokens: number }): Promise<unknown> {
  served.checkPrompt(body.prompt); // before anything is sent, so an unknown character is still a 400
  const request: GenerationRequest = {
    prompt: body.prompt,
    tokens: body.tokens ?? Math.min(DEFAULT_GENERATED_TOKENS, about.maxTokens),
    temperature: body.temperature ?? 1,
    seed: body.seed ?? 0,
    ...(body.topK === undefined ? {} : { topK: body.topK }),
  };
  const answer = (text: string): Record<string, unknown> => ({ model: about.model, version: about.version, text, tokens: [...text].length });
  if (body.stream === true) {
    return reply
      .type('text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(Readable.from(serverSentEvents(served.generate(request), answer)));
  }
  let text = '';
  for await (const piece of served.generate(request)) {
    if (reply.raw.destroyed) return reply; // the client left: stop sampling for nobody
    text += piece;
  }
  return answer(text);
}

function describeSlot(slot: ModelSlot, maxTokens: number): Record<string, unknown> {
  const current = slot.current;
  const served = current?.served;
  return {
    name: slot.name,
    status: slot.status,
    ...(current === undefined || served === undefined
      ? {}
      : {
          kind: served.kind,
          version: current.version,
          loadedAt: current.loadedAt,
          labels: served.labels,
          input: served.kind === 'text-generation' ? { ...served.input, maxTokens } : served.input,
          explain: served.kind !== 'text-generation' && served.explain !== undefined ? (served.explainMethods ?? ['integrated-gradients']) : null,
        }),
    ...(slot.lastError === undefined ? {} : { lastError: slot.lastError }),
  };
}

function unknownModel(name: string, slots: ReadonlyMap<string, ModelSlot>): string {
  return `no model named '${name.slice(0, 100)}'; the models are: ${[...slots.keys()].join(', ')}`;
}

function checkOptions(options: CreateServerOptions): { bodyLimit: number; maxBatchSize: number; maxItemsPerRequest: number; maxStringLength: number; maxGeneratedTokens: number } {
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
    maxGeneratedTokens: positive('maxGeneratedTokens', options.maxGeneratedTokens, 1000),
  };
}

/**
 * openApiDocument: the service's OpenAPI 3.1 description (`GET /openapi.json`), generated from the
 * models being served — each model gets its own predict path (and explain path, when it explains)
 * whose request body is the very JSON schema the service validates with, so the document cannot
 * drift from the behaviour. OpenAPI 3.1
 * is used because its schemas are JSON Schema proper (`type: ['number', 'null']` for a cell that
 * may be missing), which 3.0 cannot say.
 */
import { SPROUT_VERSION } from '../train/index.js';
import type { JsonSchema } from './model-input.js';
import type { ModelSlot } from './model-slot.js';
import type { BatchServedModel, ServedModel } from './served-model.js';

const ERROR = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string): JsonSchema => ({ description, content: { 'application/json': { schema: ERROR } } });
const json = (schema: JsonSchema): JsonSchema => ({ 'application/json': { schema } });

/**
 * Builds the document.
 *
 * @param slots The service's models (only loaded ones get a predict path).
 * @param auth Whether requests need a bearer token.
 * @example
 * const doc = openApiDocument(slots, false);
 * doc.paths['/v1/models/digits/predict'].post.requestBody;
 */
export function openApiDocument(slots: readonly ModelSlot[], auth: boolean): { readonly paths: Record<string, JsonSchema> } & JsonSchema {
  const open = auth ? { security: [] } : {};
  const paths: Record<string, JsonSchema> = {
    '/healthz': { get: { summary: 'Liveness: the process answers.', ...open, responses: { 200: { description: 'alive', content: json({ type: 'object' }) } } } },
    '/readyz': {
      get: {
        summary: 'Readiness: every model is loaded and the server is not shutting down.',
        ...open,
        responses: { 200: { description: 'ready', content: json({ type: 'object' }) }, 503: { description: 'loading, failed or shutting down', content: json({ type: 'object' }) } },
      },
    },
    '/metrics': { get: { summary: 'Prometheus metrics (text exposition format).', responses: { 200: { description: 'metrics', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
    '/openapi.json': { get: { summary: 'This document.', responses: { 200: { description: 'OpenAPI document', content: json({ type: 'object' }) } } } },
    '/v1/models': { get: { summary: 'The models served: name, kind, status, version and input description.', responses: { 200: { description: 'models', content: json({ type: 'object' }) } } } },
  };
  for (const slot of slots) {
    const current = slot.current;
    if (current === undefined) continue;
    const served = current.served;
    const id = slot.name.replace(/[^A-Za-z0-9_]/g, '_');
    const failures = {
      400: errorResponse('the body does not fit the schema, or an item cannot be read (base64, image or WAV decoding, prompt characters): `field` names the offending part, `reason` says why'),
      ...(auth ? { 401: errorResponse('missing or wrong bearer token') } : {}),
      404: errorResponse('no model of that name'),
      413: errorResponse('the body is over the size limit'),
      503: errorResponse('the model is not loaded yet'),
    };
    paths[`/v1/models/${slot.name}/predict`] = {
      post: {
        summary: `${served.kind === 'text-generation' ? 'Generate text' : 'Predict'} with '${slot.name}' (${served.kind}).`,
        operationId: `predict_${id}`,
        requestBody: { required: true, content: json(current.schema) },
        responses: {
          200:
            served.kind === 'text-generation'
              ? {
                  description: 'the generated text (the prompt not repeated); with `stream: true`, server-sent events: one `{"text": piece}` per piece as it is sampled, then `event: done` with the whole answer',
                  content: { ...json(GENERATION_RESPONSE), 'text/event-stream': { schema: { type: 'string' } } },
                }
              : { description: 'one prediction per item, in order', content: json(responseSchema(served)) },
          ...failures,
        },
      },
    };
    if (served.kind !== 'text-generation' && served.explain !== undefined) {
      const methods = served.explainMethods ?? ['integrated-gradients'];
      paths[`/v1/models/${slot.name}/explain`] = {
        post: {
          summary: `Why '${slot.name}' predicts what it does: ${served.kind === 'text-classification' ? 'an attribution per token of each text' : 'an attribution per column of each row'}.`,
          operationId: `explain_${id}`,
          parameters: [{ name: 'method', in: 'query', required: false, schema: { enum: [...methods], default: methods[0] }, description: 'the attribution method (src/explain)' }],
          requestBody: { required: true, content: json(current.schema) },
          responses: {
            200: { description: 'one explanation per item, in order', content: json(explainResponseSchema(served)) },
            ...failures,
          },
        },
      };
    }
    paths[`/v1/models/${slot.name}/reload`] = {
      post: {
        summary: `Load '${slot.name}' again from its folder and swap it in once loaded (requests in flight finish on the old version).`,
        responses: { 200: { description: 'the new version', content: json({ type: 'object' }) }, 409: errorResponse('the folder does not hold a loadable model; the old version is still served') },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Sprout inference service', version: SPROUT_VERSION },
    paths,
    components: {
      schemas: { Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' }, field: { type: 'string' }, reason: { type: 'string' } } } },
      ...(auth ? { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } : {}),
    },
    ...(auth ? { security: [{ bearer: [] }] } : {}),
  };
}

const GENERATION_RESPONSE: JsonSchema = {
  type: 'object',
  required: ['model', 'version', 'text', 'tokens'],
  properties: { model: { type: 'string' }, version: { type: 'integer' }, text: { type: 'string', description: 'the generated continuation' }, tokens: { type: 'integer', description: 'characters generated' } },
};

function answerSchema(key: string, item: JsonSchema): JsonSchema {
  return { type: 'object', required: ['model', 'version', key], properties: { model: { type: 'string' }, version: { type: 'integer' }, [key]: { type: 'array', items: item } } };
}

function responseSchema(served: BatchServedModel): JsonSchema {
  const labels = served.labels ?? [];
  const probabilities = { type: 'object', properties: Object.fromEntries(labels.map((l) => [l, { type: 'number' }])) };
  const prediction: JsonSchema =
    served.kind === 'tabular-regression'
      ? { type: 'object', required: ['value'], properties: { value: { type: 'number' } } }
      : served.kind === 'tabular-classification'
        ? { type: 'object', required: ['label', 'probabilities'], properties: { label: { enum: labels }, probabilities } }
        : served.kind === 'text-classification'
          ? {
              type: 'object',
              required: ['label', 'intent', 'confidence', 'outOfScope', 'scores'],
              properties: { label: { type: 'string' }, intent: { enum: labels }, confidence: { type: 'number' }, outOfScope: { type: 'boolean' }, scores: probabilities },
            }
          : { type: 'object', required: ['label', 'confidence', 'scores'], properties: { label: { enum: labels }, confidence: { type: 'number' }, scores: probabilities } };
  return answerSchema('predictions', prediction);
}

function explainResponseSchema(served: ServedModel): JsonSchema {
  const attribution = (name: string): JsonSchema => ({
    type: 'array',
    items: { type: 'object', required: [name, 'attribution'], properties: { [name]: { type: 'string' }, attribution: { type: 'number' } } },
  });
  const common = {
    method: { type: 'string' },
    output: { type: 'number', description: 'the explained output: a class probability, or the regression value' },
    baselineOutput: { type: 'number', description: 'integrated gradients: the output at the baseline' },
    completenessGap: { type: 'number', description: 'integrated gradients: Σ attributions − (output − baselineOutput)' },
    relativeGap: { type: 'number' },
  };
  const explanation: JsonSchema =
    served.kind === 'text-classification'
      ? {
          type: 'object',
          required: ['method', 'label', 'target', 'output', 'tokens'],
          properties: { ...common, label: { type: 'string' }, target: { type: 'integer', description: 'the class index explained (the predicted one)' }, tokens: attribution('token') },
        }
      : {
          type: 'object',
          required: ['method', 'label', 'output', 'columns'],
          properties: { ...common, row: { type: 'integer' }, label: { type: ['string', 'null'] }, columns: attribution('column'), features: attribution('name') },
        };
  return answerSchema('explanations', explanation);
}

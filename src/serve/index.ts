/**
 * Sprout's HTTP inference service (`sprout serve`): model folders behind a Fastify application
 * with validation, micro-batching, metrics, OpenAPI, hot reload and graceful shutdown.
 *
 * @example
 * import { createServer } from './serve/index.js';
 * const server = createServer({ models: [{ name: 'digits', dir: 'models/digits' }] });
 * await server.listen({ port: 8080 });
 */
export { createServer, type CreateServerOptions, type ServeModelSource, type SproutServer } from './create-server.js';
export { loadServedModel } from './load-served-model.js';
export { MicroBatcher, type MicroBatcherOptions } from './micro-batcher.js';
export { requestSchema, type ModelInput, type InputColumn, type InputLimits, type JsonSchema, type ImagesInput, type AudioInput, type PromptInput } from './model-input.js';
export type { ServedModel, ServedModelKind, Prediction, BatchServedModel, GenerativeServedModel, GenerationRequest } from './served-model.js';
export { InvalidRequestError } from './invalid-request-error.js';
export { imageServedModel, MAX_IMAGE_PIXELS } from './image-served-model.js';
export { speechServedModel } from './speech-served-model.js';
export { lmServedModel } from './lm-served-model.js';

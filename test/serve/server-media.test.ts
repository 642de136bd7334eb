/**
 * The HTTP service on image, speech and language models (tiny ones trained or built in the test):
 * predictions equal the library's on the same files (PNG grey/RGB/RGBA at other sizes, JPEG, data
 * URLs; WAV mono/stereo, 8/16-bit PCM and float), generation equals `CharLanguageModel.generate`
 * (whole and streamed as server-sent events), every way a body can be unreadable is a 400 naming
 * the item and the reason, 401/404/413, micro-batching of decoded images, and the OpenAPI document
 * and model list describe the new kinds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, mock, test } from 'node:test';
import { ImageClassifier } from '../../src/apps/image/index.js';
import { explainText, TextClassifier } from '../../src/apps/text/index.js';
import { monoSamples, SpeechClassifier } from '../../src/apps/speech/index.js';
import { ModelFormatError, stack } from '../../src/core/index.js';
import { decodeImage, decodeWav } from '../../src/data/index.js';
import { loadModel, MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE } from '../../src/node/index.js';
import { imageServedModel } from '../../src/serve/image-served-model.js';
import { createServer, type CreateServerOptions, type SproutServer } from '../../src/serve/index.js';
import { Model } from '../../src/train/index.js';
import { writeTinyTextModel } from './tiny-models.js';
import { greyPixels, IMAGE_SIDE, jpegBytes, pngBytes, tinyLanguageModel, tone, wavBytes, writeTinyImageModel, writeTinyLanguageModel, writeTinySpeechModel } from './tiny-media-models.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-serve-media-'));
const servers: SproutServer[] = [];
let paths: { image: string; speech: string; lm: string };
let app: SproutServer;

before(async () => {
  paths = { image: await writeTinyImageModel(dir), speech: await writeTinySpeechModel(dir), lm: await writeTinyLanguageModel(dir) };
  app = await ready();
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function ready(options: Partial<CreateServerOptions> = {}): Promise<SproutServer> {
  const models = [
    { name: 'pics', dir: paths.image },
    { name: 'voice', dir: paths.speech },
    { name: 'poet', dir: paths.lm },
  ];
  const server = createServer({ models, processMetrics: false, ...options });
  servers.push(server);
  await server.modelsLoaded;
  return server;
}

type Json = Record<string, unknown>;
const post = async (server: SproutServer, url: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Json }> => {
  const r = await server.inject({ method: 'POST', url, payload: payload as Json, headers });
  return { status: r.statusCode, json: r.json() as Json };
};
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** Posts a body expected to fail and checks the 400's field and reason. */
async function assertBad(url: string, body: unknown, field: string, reason: RegExp): Promise<void> {
  const r = await post(app, url, body);
  assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${r.status} ${JSON.stringify(r.json)}`);
  assert.equal(r.json['field'], field, JSON.stringify(r.json));
  assert.match(String(r.json['reason']), reason);
  assert.match(String(r.json['error']), new RegExp(`^invalid request body: ${field.replace(/\//g, '\\/')}: `));
}

function assertScoresClose(actual: Record<string, number>, expected: Record<string, number>, what: string): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const k of Object.keys(expected)) assert.ok(Math.abs(actual[k]! - expected[k]!) <= 1e-5, `${what} ${k}: ${actual[k]} vs ${expected[k]}`);
}

describe('image models', () => {
  test('predict answers label, confidence and scores equal to ImageClassifier.predict on the decoded files', async () => {
    const files = [
      pngBytes(greyPixels(0.8, 101), IMAGE_SIDE), // grey, the model's size
      pngBytes(greyPixels(0.2, 102, 16), 16, 3), // RGB, twice the size: converted to grey and resized
      pngBytes(greyPixels(0.85, 103, 12), 12, 4), // RGBA
      jpegBytes(greyPixels(0.15, 104), IMAGE_SIDE),
    ];
    // Standard base64; a data URL; wrapped at 76 columns (what `base64` prints); URL-safe without padding.
    const urlSafe = b64(files[3]!).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const sent = [b64(files[0]!), `data:image/png;base64,${b64(files[1]!)}`, b64(files[2]!).replace(/(.{76})/g, '$1\n'), urlSafe];
    const { status, json } = await post(app, '/v1/models/pics/predict', { images: sent });
    assert.equal(status, 200);
    const predictions = json['predictions'] as { label: string; confidence: number; scores: Record<string, number> }[];
    assert.deepEqual(predictions.map((p) => p.label), ['bright', 'dark', 'bright', 'dark']);
    const classifier = ImageClassifier.fromArtifacts({ config: JSON.parse(readFileSync(join(paths.image, MODEL_CONFIG_FILE), 'utf8')), weights: readFileSync(join(paths.image, MODEL_WEIGHTS_FILE)) });
    const expected = classifier.predict(stack(files.map((f) => decodeImage(f, { channels: 1, size: [IMAGE_SIDE, IMAGE_SIDE] })), 0));
    predictions.forEach((p, i) => {
      assert.equal(p.label, expected[i]!.label);
      assert.ok(Math.abs(p.confidence - expected[i]!.confidence) <= 1e-5);
      assertScoresClose(p.scores, expected[i]!.scores, `image ${i}`);
    });
  });

  test('400 names the image and the reason: not base64, bad length, data URL without base64, empty, not an image, corrupt, too many pixels, wrong types', async () => {
    const url = '/v1/models/pics/predict';
    const good = b64(pngBytes(greyPixels(0.5, 1), IMAGE_SIDE));
    await assertBad(url, { images: [good, 'iVBOR$w0K'] }, '/images/1', /is not base64.*"\$" at position 5/);
    let cut = good.replace(/=+$/, '');
    while (cut.length % 4 !== 1) cut += 'A';
    await assertBad(url, { images: [cut] }, '/images/0', /is not base64: \d+ characters is not a length base64 text has/);
    await assertBad(url, { images: [`${good.slice(0, -2)}==A=`] }, '/images/0', /is not base64/);
    await assertBad(url, { images: ['data:image/png,rawbytes'] }, '/images/0', /data URL without ';base64,'/);
    await assertBad(url, { images: [' \n '] }, '/images/0', /is empty/);
    await assertBad(url, { images: [''] }, '/images/0', /must not be empty/);
    await assertBad(url, { images: [b64(new TextEncoder().encode('hello, not an image'))] }, '/images/0', /cannot be decoded as a PNG or JPEG image: not a PNG or JPEG file/);
    const png = pngBytes(greyPixels(0.5, 2), IMAGE_SIDE);
    await assertBad(url, { images: [good, b64(png.subarray(0, png.length - 20))] }, '/images/1', /cannot be decoded as a PNG or JPEG image: the PNG is corrupt/);
    const jpg = jpegBytes(greyPixels(0.5, 3), IMAGE_SIDE);
    await assertBad(url, { images: [b64(jpg.subarray(0, 40))] }, '/images/0', /cannot be decoded as a PNG or JPEG image/);
    const bomb = Uint8Array.from(png);
    new DataView(bomb.buffer).setUint32(16, 20_000); // the header now declares 20,000 × 8 … pixels
    new DataView(bomb.buffer).setUint32(20, 20_000);
    await assertBad(url, { images: [b64(bomb)] }, '/images/0', /declares 20000×20000 pixels, over the 16777216/);
    const jpegBomb = Uint8Array.from(jpg);
    const sof = jpegBomb.findIndex((b, i) => b === 0xff && jpegBomb[i + 1] === 0xc0); // baseline start of frame: height, width at +5, +7
    new DataView(jpegBomb.buffer).setUint16(sof + 5, 30_000);
    new DataView(jpegBomb.buffer).setUint16(sof + 7, 1_000);
    await assertBad(url, { images: [b64(jpegBomb)] }, '/images/0', /declares 1000×30000 pixels/);
    await assertBad(url, { images: [good, 42] }, '/images/1', /must be string/);
    await assertBad(url, { images: [] }, '/images', /at least 1/);
    await assertBad(url, { images: [good], extra: 1 }, '/extra', /is not an input of this model/);
    await assertBad(url, { texts: ['hi'] }, '/images', /is required/);
  });

  test('a model whose input is not 1, 3 or 4 channels is refused at load: no image file decodes to it', async () => {
    const classifier = ImageClassifier.fromArtifacts({ config: JSON.parse(readFileSync(join(paths.image, MODEL_CONFIG_FILE), 'utf8')), weights: readFileSync(join(paths.image, MODEL_WEIGHTS_FILE)) });
    const twoChannels = new ImageClassifier(classifier.model, classifier.labels, [2, IMAGE_SIDE, IMAGE_SIDE]);
    assert.throws(() => imageServedModel(twoChannels), (e: unknown) => e instanceof ModelFormatError && /takes 2-channel images; the service decodes PNG and JPEG files to 1 \(grey\), 3 \(RGB\) or 4 \(RGBA\)/.test(e.message));
  });

  test('concurrent requests are decoded apart and run as one forward pass; a bad file fails only its request', async () => {
    const batched = await ready({ maxBatchSize: 64, maxWaitMs: 50 });
    const spy = mock.method(Model.prototype, 'predict');
    try {
      const bodies = [0.1, 0.9, 0.2].map((level, i) => ({ images: [b64(pngBytes(greyPixels(level, 200 + i), IMAGE_SIDE))] }));
      const answers = await Promise.all([...bodies, { images: ['bm90IGFuIGltYWdl'] }].map((body) => post(batched, '/v1/models/pics/predict', body)));
      assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 400]);
      assert.deepEqual(answers.slice(0, 3).map((a) => (a.json['predictions'] as { label: string }[])[0]!.label), ['dark', 'bright', 'dark']);
      assert.equal(spy.mock.callCount(), 1);
    } finally {
      spy.mock.restore();
    }
  });
});

describe('speech models', () => {
  test('predict answers label, confidence and scores equal to SpeechClassifier on the decoded WAVs (mono, stereo, 8-bit, float)', async () => {
    const files = [wavBytes(tone(300, 0.25)), wavBytes(tone(1800, 0.25), { channels: 2 }), wavBytes(tone(1800, 0.22), { bits: 8 }), wavBytes(tone(300, 0.22), { format: 3 })];
    const { status, json } = await post(app, '/v1/models/voice/predict', { audio: files.map(b64) });
    assert.equal(status, 200);
    const predictions = json['predictions'] as { label: string; confidence: number; scores: Record<string, number> }[];
    assert.deepEqual(predictions.map((p) => p.label), ['low', 'high', 'high', 'low']);
    const loaded = await loadModel(paths.speech);
    const classifier = SpeechClassifier.fromModel(loaded.model, loaded.config);
    const recordings = files.map((f) => {
      const wav = decodeWav(f);
      return { samples: monoSamples(wav.samples), sampleRate: wav.sampleRate };
    });
    const expected = classifier.predict(recordings);
    predictions.forEach((p, i) => {
      assert.equal(p.label, expected[i]!.label);
      assert.ok(Math.abs(p.confidence - expected[i]!.confidence) <= 1e-5);
      assert.ok(Math.abs(p.scores[p.label]! - p.confidence) <= 1e-7);
      assert.ok(Math.abs(Object.values(p.scores).reduce((s, v) => s + v, 0) - 1) <= 1e-5);
    });
  });

  test('400 names the recording and the reason: not RIFF, unsupported encoding, other sample rate, cut short, no samples, NaN samples, not base64', async () => {
    const url = '/v1/models/voice/predict';
    const good = b64(wavBytes(tone(300, 0.1)));
    await assertBad(url, { audio: [good, b64(pngBytes(greyPixels(0.5, 1), 4))] }, '/audio/1', /is not a WAV file Sprout reads: not a WAV file \(expected 'RIFF' and 'WAVE'/);
    await assertBad(url, { audio: [b64(wavBytes(tone(300, 0.1), { format: 7, bits: 8 }))] }, '/audio/0', /unsupported encoding: format code 7 with 8 bits/);
    await assertBad(url, { audio: [b64(wavBytes(tone(300, 0.1), { sampleRate: 16000 }))] }, '/audio/0', /is 16000 Hz audio; the model reads 8000 Hz: resample it first/);
    const wav = wavBytes(tone(300, 0.1));
    await assertBad(url, { audio: [b64(wav.subarray(0, wav.length - 100))] }, '/audio/0', /the file is cut short/);
    await assertBad(url, { audio: [b64(wavBytes(new Float32Array(0)))] }, '/audio/0', /holds no samples/);
    await assertBad(url, { audio: [b64(wavBytes(Float32Array.from([0, Number.NaN, 0.5]), { format: 3 }))] }, '/audio/0', /sample 1 is NaN; samples must be finite/);
    await assertBad(url, { audio: ['UklGR!!!'] }, '/audio/0', /is not base64/);
    await assertBad(url, { audio: 'UklGRg==' }, '/audio', /must be array/);
  });
});

describe('language models', () => {
  const lm = tinyLanguageModel();

  test('predict generates what CharLanguageModel.generate does for the same prompt, settings and seed', async () => {
    const settings = { tokens: 40, temperature: 0.8, topK: 5, seed: 3 };
    const { status, json } = await post(app, '/v1/models/poet/predict', { prompt: 'ROMEO:', ...settings });
    assert.equal(status, 200);
    const expected = await lm.generate('ROMEO:', settings);
    assert.deepEqual(json, { model: 'poet', version: 1, text: expected, tokens: 40 });
    const greedy = await post(app, '/v1/models/poet/predict', { prompt: 'abc', tokens: 10, temperature: 0 });
    assert.equal(greedy.json['text'], await lm.generate('abc', { tokens: 10, temperature: 0 }));
  });

  test('stream: true answers server-sent events, one per character as sampled, then a done event with the whole text', async () => {
    const r = await app.inject({ method: 'POST', url: '/v1/models/poet/predict', payload: { prompt: 'ROMEO:', tokens: 12, seed: 5, stream: true } });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/event-stream/);
    const events = r.body.split('\n\n').filter((e) => e !== '');
    const pieces = events.slice(0, -1).map((e) => (JSON.parse(e.replace(/^data: /, '')) as { text: string }).text);
    const expected = await lm.generate('ROMEO:', { tokens: 12, seed: 5 });
    assert.equal(pieces.length, 12);
    assert.equal(pieces.join(''), expected);
    const done = events.at(-1)!.split('\n');
    assert.equal(done[0], 'event: done');
    assert.deepEqual(JSON.parse(done[1]!.replace(/^data: /, '')), { model: 'poet', version: 1, text: expected, tokens: 12 });
  });

  test('over a socket the events leave as they are sampled: the first arrives before the last is generated', async () => {
    const live = await ready();
    const url = await live.listen({ port: 0, host: '127.0.0.1' });
    const r = await fetch(`${url}/v1/models/poet/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'ROMEO:', tokens: 30, stream: true }) });
    const chunks: string[] = [];
    const reader = r.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(Buffer.from(read.value).toString('utf8'));
    assert.ok(chunks.length > 1, `${chunks.length} chunk(s)`);
    assert.ok(!chunks[0]!.includes('event: done'), chunks[0]);
    assert.match(chunks.join(''), /event: done\ndata: \{"model":"poet","version":1,"text":"[^"]*","tokens":30\}\n\n$/);
  });

  test('400 for a prompt character outside the vocabulary (named) and for every setting out of bounds', async () => {
    const url = '/v1/models/poet/predict';
    await assertBad(url, { prompt: 'ROMEO: où?', tokens: 5 }, '/prompt', /characters the model was not trained on: "o", "ù", "\?"; it knows 17 characters/);
    await assertBad(url, { prompt: '\ud800' }, '/prompt', /"\\ud800"/);
    await assertBad(url, { prompt: '' }, '/prompt', /must not be empty/);
    await assertBad(url, { prompt: 'a', tokens: 1001 }, '/tokens', /must be at most 1000/);
    await assertBad(url, { prompt: 'a', tokens: -1 }, '/tokens', /must be at least 0/);
    await assertBad(url, { prompt: 'a', tokens: 2.5 }, '/tokens', /must be integer/);
    await assertBad(url, { prompt: 'a', temperature: -0.5 }, '/temperature', /must be at least 0/);
    await assertBad(url, { prompt: 'a', temperature: '1' }, '/temperature', /must be number/);
    await assertBad(url, { prompt: 'a', topK: 0 }, '/topK', /must be at least 1/);
    await assertBad(url, { prompt: 'a', topK: 1.5 }, '/topK', /must be integer/);
    await assertBad(url, { prompt: 'a', seed: -1 }, '/seed', /must be at least 0/);
    await assertBad(url, { prompt: 'a', stream: 'yes' }, '/stream', /must be boolean/);
    await assertBad(url, { prompt: 'a', top_k: 3 }, '/top_k', /is not an input of this model/);
    await assertBad(url, { text: 'a' }, '/prompt', /is required/);
    await assertBad(url, { prompt: 'a'.repeat(10_001) }, '/prompt', /at most 10000 characters/);
  });

  test('maxGeneratedTokens bounds tokens and lowers the default; the other defaults are temperature 1, all characters, seed 0', async () => {
    const small = await ready({ maxGeneratedTokens: 7 });
    const defaults = await post(small, '/v1/models/poet/predict', { prompt: 'a' });
    assert.equal(defaults.json['tokens'], 7);
    assert.equal(defaults.json['text'], await lm.generate('a', { tokens: 7, temperature: 1, seed: 0 }));
    assert.equal((await post(small, '/v1/models/poet/predict', { prompt: 'a', tokens: 8 })).json['field'], '/tokens');
    const poet = ((await small.inject('/v1/models')).json() as { models: Json[] }).models.find((m) => m['name'] === 'poet')!;
    assert.equal((poet['input'] as Json)['maxTokens'], 7);
  });
});

describe('text explanations', () => {
  const load = (folder: string): TextClassifier =>
    TextClassifier.fromArtifacts({ config: JSON.parse(readFileSync(join(folder, MODEL_CONFIG_FILE), 'utf8')), weights: readFileSync(join(folder, MODEL_WEIGHTS_FILE)) });
  let text: SproutServer;
  let folders: { tfidf: string; transformer: string };
  before(async () => {
    folders = { tfidf: await writeTinyTextModel(dir), transformer: await writeTinyTextModel(dir, 'transformer') };
    text = createServer({ models: [{ name: 'intent', dir: folders.tfidf }, { name: 'intent-t', dir: folders.transformer }], processMetrics: false });
    servers.push(text);
    await text.modelsLoaded;
  });

  test('Transformer: one attribution per word, in order, adding up to the probability change (integrated gradients through the embeddings)', async () => {
    const { status, json } = await post(text, '/v1/models/intent-t/explain', { texts: ['what is my balance please', 'will it rain'] });
    assert.equal(status, 200);
    const [first, second] = json['explanations'] as { method: string; label: string; output: number; baselineOutput: number; completenessGap: number; relativeGap: number; tokens: { token: string; attribution: number }[] }[];
    assert.deepEqual(first!.tokens.map((t) => t.token), ['what', 'is', 'my', 'balance', 'please']);
    assert.equal(second!.tokens.length, 3);
    for (const e of [first!, second!]) {
      assert.equal(e.method, 'layer-integrated-gradients');
      const total = e.tokens.reduce((sum, t) => sum + t.attribution, 0);
      assert.ok(Math.abs(total - (e.output - e.baselineOutput) - e.completenessGap) <= 1e-6, `${total} vs ${e.output - e.baselineOutput}`);
      assert.ok(e.relativeGap <= 0.05, `gap ${e.relativeGap}`);
    }
    const expected = explainText(load(folders.transformer), 'what is my balance please');
    assert.equal(first!.label, expected.label);
    first!.tokens.forEach((t, i) => assert.ok(Math.abs(t.attribution - expected.tokens[i]!.attribution) <= 1e-6));
    const other = await post(text, '/v1/models/intent-t/explain?method=saliency', { texts: ['hi'] });
    assert.equal(other.status, 400);
    assert.match(String(other.json['error']), /method must be one of integrated-gradients for a transformer model/);
  });

  test('TF-IDF: the terms present in the text with their attributions, any local method', async () => {
    const { status, json } = await post(text, '/v1/models/intent/explain', { texts: ['send money to my friend'] });
    assert.equal(status, 200);
    const [e] = json['explanations'] as { method: string; label: string; output: number; baselineOutput: number; completenessGap: number; tokens: { token: string; attribution: number }[] }[];
    assert.equal(e!.method, 'integrated-gradients');
    assert.equal(e!.label, load(folders.tfidf).predict(['send money to my friend'])[0]!.intent);
    assert.ok(e!.tokens.some((t) => t.token === 'money'), JSON.stringify(e!.tokens.slice(0, 5)));
    const total = e!.tokens.reduce((sum, t) => sum + t.attribution, 0);
    assert.ok(Math.abs(total - (e!.output - e!.baselineOutput) - e!.completenessGap) <= 1e-6);
    const saliency = await post(text, '/v1/models/intent/explain?method=saliency', { texts: ['wire money'] });
    assert.equal((saliency.json['explanations'] as { method: string }[])[0]!.method, 'saliency');
    assert.equal((await post(text, '/v1/models/intent/explain?method=astrology', { texts: ['hi'] })).status, 400);
    const doc = (await text.inject('/openapi.json')).json() as { paths: Record<string, { post: { parameters: { schema: { enum: string[] } }[] } }> };
    assert.deepEqual(doc.paths['/v1/models/intent-t/explain']!.post.parameters[0]!.schema.enum, ['integrated-gradients']);
    assert.ok(doc.paths['/v1/models/intent/explain']!.post.parameters[0]!.schema.enum.includes('saliency'));
    const { models } = (await text.inject('/v1/models')).json() as { models: Json[] };
    assert.deepEqual(models.find((m) => m['name'] === 'intent-t')!['explain'], ['integrated-gradients']);
  });
});

describe('every kind', () => {
  test('GET /v1/models lists the kinds with their input descriptions', async () => {
    const { models } = (await app.inject('/v1/models')).json() as { models: Json[] };
    const byName = Object.fromEntries(models.map((m) => [m['name'], m]));
    assert.equal(byName['pics']!['kind'], 'image-classification');
    assert.deepEqual(byName['pics']!['labels'], ['dark', 'bright']);
    assert.deepEqual(byName['pics']!['input'], { kind: 'images', channels: 1, height: IMAGE_SIDE, width: IMAGE_SIDE, formats: ['png', 'jpeg'] });
    assert.equal(byName['voice']!['kind'], 'speech-classification');
    assert.deepEqual(byName['voice']!['input'], { kind: 'audio', sampleRate: 8000, formats: ['wav'] });
    assert.equal(byName['poet']!['kind'], 'text-generation');
    assert.deepEqual(byName['poet']!['input'], { kind: 'prompt', vocabulary: [...lmChars()], contextLength: 16, maxTokens: 1000 });
  });

  test('explain answers 400 for kinds without explanations', async () => {
    for (const [name, body] of [['pics', { images: ['AAAA'] }], ['voice', { audio: ['AAAA'] }], ['poet', { prompt: 'a' }]] as const) {
      const r = await post(app, `/v1/models/${name}/explain`, body);
      assert.equal(r.status, 400);
      assert.match(String(r.json['error']), new RegExp(`model '${name}' \\((image|speech)-classification|text-generation\\) has no explanations`));
    }
  });

  test('401 without the bearer token, 404 for an unknown model, 413 over the body limit', async () => {
    const locked = await ready({ apiKey: 'media-key', bodyLimit: 4096 });
    const image = { images: [b64(pngBytes(greyPixels(0.8, 1), IMAGE_SIDE))] };
    const audio = { audio: [b64(wavBytes(tone(300, 0.05)))] };
    for (const [name, body] of [['pics', image], ['voice', audio], ['poet', { prompt: 'a', tokens: 2 }]] as const) {
      assert.equal((await post(locked, `/v1/models/${name}/predict`, body)).status, 401, name);
      assert.equal((await post(locked, `/v1/models/${name}/predict`, body, { authorization: 'Bearer wrong' })).status, 401, name);
      assert.equal((await post(locked, `/v1/models/${name}/predict`, body, { authorization: 'Bearer media-key' })).status, 200, name);
    }
    const notFound = await post(locked, '/v1/models/painter/predict', image, { authorization: 'Bearer media-key' });
    assert.equal(notFound.status, 404);
    assert.match(String(notFound.json['error']), /no model named 'painter'; the models are: pics, voice, poet/);
    const big = { audio: [b64(wavBytes(tone(300, 0.5)))] }; // 8 KB of WAV, 10.7 KB of base64
    const tooLarge = await post(locked, '/v1/models/voice/predict', big, { authorization: 'Bearer media-key' });
    assert.equal(tooLarge.status, 413);
    assert.equal(typeof tooLarge.json['error'], 'string');
  });

  test('GET /openapi.json describes each kind: request schemas, answers, the event stream, explain paths only where they exist', async () => {
    const doc = (await app.inject('/openapi.json')).json() as { paths: Record<string, { post?: { requestBody: { content: Record<string, { schema: Json }> }; responses: Record<string, { content: Record<string, { schema: Json }> }> } }> };
    const request = (name: string): Json => doc.paths[`/v1/models/${name}/predict`]!.post!.requestBody.content['application/json']!.schema;
    const answer = (name: string): Record<string, { schema: Json }> => doc.paths[`/v1/models/${name}/predict`]!.post!.responses['200']!.content;
    assert.deepEqual(request('pics')['required'], ['images']);
    assert.equal(((request('pics')['properties'] as Json)['images'] as { items: Json }).items['type'], 'string');
    assert.deepEqual(request('voice')['required'], ['audio']);
    assert.deepEqual(Object.keys(request('poet')['properties'] as Json), ['prompt', 'tokens', 'temperature', 'topK', 'seed', 'stream']);
    assert.equal(((request('poet')['properties'] as Json)['tokens'] as Json)['maximum'], 1000);
    const prediction = ((answer('pics')['application/json']!.schema['properties'] as Json)['predictions'] as { items: Json }).items;
    assert.deepEqual(prediction['required'], ['label', 'confidence', 'scores']);
    assert.deepEqual((prediction['properties'] as { label: Json }).label, { enum: ['dark', 'bright'] });
    assert.deepEqual(Object.keys(answer('poet')).sort(), ['application/json', 'text/event-stream']);
    assert.deepEqual(answer('poet')['application/json']!.schema['required'], ['model', 'version', 'text', 'tokens']);
    for (const name of ['pics', 'voice', 'poet']) assert.equal(doc.paths[`/v1/models/${name}/explain`], undefined, name);
    for (const name of ['pics', 'voice', 'poet']) assert.ok(doc.paths[`/v1/models/${name}/predict`]!.post!.responses['400'], name);
  });
});

function lmChars(): string[] {
  return tinyLanguageModel().vocabulary.chars as string[];
}

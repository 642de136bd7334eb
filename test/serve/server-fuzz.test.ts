/**
 * Fuzzing the HTTP service: 1,000 seeded random requests — random methods, paths, headers and
 * bodies (malformed JSON, wrong shapes and types, random bytes, deep nesting, prototype keys,
 * oversized bodies and strings, valid rows now and then; for the image, speech and language models
 * valid and byte-mutated PNG, JPEG and WAV files, random bytes as base64, broken base64 and data
 * URLs, random WAV headers, random prompts and sampling settings) — plus 50 raw malformed HTTP messages on a
 * TCP socket, from a seeded generator so a failure replays. Every answer must be below 500, the server must still answer correctly afterwards,
 * and the heap must come back to within 16 MiB of where it started once garbage is collected.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { seededRandom } from '../../src/data/seeded-random.js';
import { createServer, type SproutServer } from '../../src/serve/index.js';
import { greyPixels, jpegBytes, pngBytes, tone, wavBytes, writeTinyImageModel, writeTinyLanguageModel, writeTinySpeechModel } from './tiny-media-models.js';
import { tinyRow, trainTinyTabularModel } from './tiny-models.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-serve-fuzz-'));
const KEY = 'fuzz-key';
/** The stated bound of heap growth over the 1,000 requests, after garbage collection. */
const HEAP_BOUND = 16 * 1024 * 1024;
let app: SproutServer;

before(async () => {
  const model = await trainTinyTabularModel(dir, 'label');
  const media = [
    { name: 'img', dir: await writeTinyImageModel(dir) },
    { name: 'voice', dir: await writeTinySpeechModel(dir) },
    { name: 'poet', dir: await writeTinyLanguageModel(dir) },
  ];
  app = createServer({ models: [{ name: 'tiny', dir: model }, ...media], apiKey: KEY, bodyLimit: 64 * 1024, maxGeneratedTokens: 5, processMetrics: false });
  await app.modelsLoaded;
});
after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const int = (random: Random, n: number): number => Math.floor(random() * n);

function randomText(random: Random, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(pick(random, [32 + int(random, 95), int(random, 0x3000), 0x2028, 0xd800 + int(random, 0x400)]));
  return s;
}

function randomJson(random: Random, depth: number): unknown {
  switch (int(random, depth > 3 ? 6 : 8)) {
    case 0:
      return null;
    case 1:
      return pick(random, [0, -0, 1e308, -1e308, 5e-324, 42, -7.5, Number.MAX_SAFE_INTEGER]);
    case 2:
      return random() < 0.5;
    case 3:
      return randomText(random, int(random, 20));
    case 4:
      return pick(random, ['1.5', 'NaN', 'Infinity', 'yes', '', 'red', '__proto__']);
    case 5:
      return [];
    case 6:
      return Array.from({ length: int(random, 4) }, () => randomJson(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: int(random, 4) }, () => [pick(random, ['x', 'size', 'color', 'member', 'rows', 'texts', 'constructor', 'zip']), randomJson(random, depth + 1)]));
  }
}

/** Valid files to send and to mutate. */
const FILES = {
  png: pngBytes(greyPixels(0.7, 1), 8),
  rgb: pngBytes(greyPixels(0.3, 2, 12), 12, 3),
  jpeg: jpegBytes(greyPixels(0.6, 3), 8),
  wav: wavBytes(tone(300, 0.1)),
  stereo: wavBytes(tone(1800, 0.1), { channels: 2 }),
};

/** A copy of `bytes` with a few bytes set at random, or cut short. */
function mutate(random: Random, bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  if (random() < 0.3) return out.subarray(0, int(random, out.length));
  for (let k = 1 + int(random, 4); k > 0; k--) out[int(random, out.length)] = int(random, 256);
  return out;
}

/** A WAV header with random format code, channels, rate, bits and sizes, then random data. */
function randomWav(random: Random): Uint8Array {
  const bytes = Uint8Array.from(wavBytes(tone(300, 0.02)));
  const view = new DataView(bytes.buffer);
  view.setUint16(20, pick(random, [1, 3, 7, 0xfffe, 0, 65535]), true);
  view.setUint16(22, pick(random, [0, 1, 2, 7, 65535]), true);
  view.setUint32(24, pick(random, [0, 1, 8000, 16000, 0xffffffff]), true);
  view.setUint16(32, pick(random, [0, 1, 2, 4, 65535]), true);
  view.setUint16(34, pick(random, [0, 8, 12, 16, 24, 32, 64]), true);
  view.setUint32(40, pick(random, [0, 1, 3, 320, 0x7fffffff, 0xffffffff]), true);
  return bytes;
}

function randomMediaItem(random: Random): unknown {
  const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
  switch (int(random, 10)) {
    case 0:
      return base64(pick(random, Object.values(FILES))); // valid for one of the two models
    case 1:
    case 2:
      return base64(mutate(random, pick(random, Object.values(FILES))));
    case 3:
      return base64(randomWav(random));
    case 4:
      return base64(Buffer.from(Array.from({ length: int(random, 300) }, () => int(random, 256))));
    case 5:
      return pick(random, ['data:image/png;base64,', 'data:,', 'data:image/png;base64', 'data:audio/wav;charset=utf-8,x']) + base64(FILES.png).slice(0, int(random, 200));
    case 6:
      return base64(FILES.wav).slice(0, int(random, 100)) + randomText(random, 3) + base64(FILES.wav).slice(100);
    case 7:
      return randomText(random, int(random, 50));
    default:
      return randomJson(random, 1);
  }
}

function randomPrompt(random: Random): Record<string, unknown> {
  const body: Record<string, unknown> = { prompt: random() < 0.5 ? pick(random, ['ROMEO:', 'abc', 'a', '']) : randomText(random, int(random, 30)) };
  const settings: [string, readonly unknown[]][] = [
    ['tokens', [0, 1, 5, 6, -1, 2.5, 1e9, '3', null]],
    ['temperature', [0, 0.5, 1, 100, -1, 1e308, 'hot', null]],
    ['topK', [1, 3, 1000, 0, -2, 1.5, true]],
    ['seed', [0, 7, Number.MAX_SAFE_INTEGER, -1, 1e300, 'x']],
    ['stream', [true, false, 'yes', 1]],
  ];
  for (const [key, values] of settings) {
    if (random() < 0.4) body[key] = pick(random, values);
  }
  if (random() < 0.1) body[pick(random, ['top_k', 'images', '__proto__', 'max_tokens'])] = randomJson(random, 1);
  return body;
}

function randomBody(random: Random, url: string): string | Buffer | undefined {
  const row = (): Record<string, unknown> => ({ ...tinyRow(int(random, 100)) });
  // Mostly the body a media model's path expects, so its decoders see most of the media fuzz.
  const media = /\/(img|voice)\//.test(url) ? 12 + int(random, 2) * 3 : /\/poet\//.test(url) ? 14 : -1;
  const kind = media >= 0 && random() < 0.7 ? media : int(random, 16);
  if (kind === 12 || kind === 13) return JSON.stringify({ [pick(random, ['images', 'audio', 'images', 'audio', 'texts'])]: Array.from({ length: 1 + int(random, 3) }, () => randomMediaItem(random)) });
  if (kind === 14) return JSON.stringify(randomPrompt(random));
  if (kind === 15) return JSON.stringify(random() < 0.5 ? { images: [Buffer.from(FILES.png).toString('base64')] } : { audio: [Buffer.from(FILES.wav).toString('base64')] });
  switch (kind) {
    case 0:
      return undefined;
    case 1:
      return JSON.stringify({ rows: [row(), row()] }); // valid
    case 2: {
      const r = row();
      r[pick(random, ['x', 'size', 'color', 'member', 'extra'])] = randomJson(random, 0);
      return JSON.stringify({ rows: [r] });
    }
    case 3: {
      const missing = pick(random, ['x', 'size', 'color', 'member']);
      return JSON.stringify({ rows: [Object.fromEntries(Object.entries(row()).filter(([k]) => k !== missing))] });
    }
    case 4: {
      const text = JSON.stringify({ rows: [row(), row()] });
      return text.slice(0, int(random, text.length));
    }
    case 5:
      return Buffer.from(Array.from({ length: int(random, 200) }, () => int(random, 256)));
    case 6:
      return `${'['.repeat(2000 + int(random, 3000))}${']'.repeat(int(random, 2) === 0 ? 0 : 5000)}`;
    case 7:
      return pick(random, ['{"__proto__": {"admin": true}, "rows": []}', '{"constructor": {"prototype": {"x": 1}}}', '{"rows": [{"__proto__": null}]}']);
    case 8:
      return JSON.stringify({ rows: Array.from({ length: pick(random, [1025, 3000]) }, () => ({ x: 1, size: 1, color: 'red', member: true })) }); // too many rows or too large
    case 9:
      return JSON.stringify({ rows: [{ ...row(), color: 'c'.repeat(pick(random, [10_001, 70_000])) }] });
    case 10:
      return JSON.stringify(randomJson(random, 0));
    default:
      return JSON.stringify({ texts: [randomText(random, 30)] });
  }
}

const PATHS = [
  '/',
  '/healthz',
  '/readyz',
  '/metrics',
  '/openapi.json',
  '/v1/models',
  '/v1/models/tiny/predict',
  '/v1/models/tiny/predict',
  '/v1/models/tiny/predict',
  '/v1/models/tiny/predict?debug=1&x[]=2',
  '/v1/models/tiny/reload',
  '/v1/models/nope/predict',
  '/v1/models//predict',
  '/v1/models/%00/predict',
  '/v1/models/..%2F..%2Fetc%2Fpasswd/predict',
  '/v1/models/tiny',
  '/%ff%fe%',
  '/v1/models/tiny/predict/../predict',
  '/v1/models/img/predict',
  '/v1/models/img/predict',
  '/v1/models/voice/predict',
  '/v1/models/voice/predict',
  '/v1/models/poet/predict',
  '/v1/models/poet/predict',
  '/v1/models/img/explain',
  '/v1/models/tiny/explain',
];

function randomPath(random: Random): string {
  const r = random();
  if (r < 0.8) return pick(random, PATHS);
  if (r < 0.9) return `/v1/models/${encodeURIComponent(randomText(random, int(random, 300)).replace(/[\ud800-\udfff]/g, '?'))}/predict`;
  return `/${'a/'.repeat(int(random, 2000))}`;
}

function randomHeaders(random: Random): Record<string, string> {
  const headers: Record<string, string> = {};
  const type = pick(random, ['application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'garbage/!!', '']);
  if (type !== '') headers['content-type'] = type;
  const auth = random();
  if (auth < 0.75) headers['authorization'] = `Bearer ${KEY}`;
  else if (auth < 0.85) headers['authorization'] = pick(random, ['Bearer', 'Bearer fuzz-ke', `Basic ${KEY}`, `Bearer ${KEY}x`, `Bearer ${'k'.repeat(5000)}`]);
  if (random() < 0.2) headers[`x-${int(random, 1000)}`] = 'v'.repeat(int(random, 100));
  if (random() < 0.1) headers['accept'] = pick(random, ['*/*', 'text/html', 'application/xml', '']);
  return headers;
}

async function fuzz(seed: number, count: number, statuses: Map<number, number>, media = new Map<number, number>()): Promise<void> {
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const method = pick(random, ['GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const);
    const url = randomPath(random);
    const headers = randomHeaders(random);
    const body = method === 'GET' || method === 'HEAD' ? undefined : randomBody(random, url);
    const r = await app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body }) });
    assert.ok(r.statusCode < 500, `request ${i} of seed ${seed}: ${method} ${url.slice(0, 80)} → ${r.statusCode} ${r.body.slice(0, 200)}`);
    statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
    if (method === 'POST' && /^\/v1\/models\/(img|voice|poet)\/predict$/.test(url)) media.set(r.statusCode, (media.get(r.statusCode) ?? 0) + 1);
  }
}

async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

test('1,000 seeded malformed requests: only statuses below 500, server still right, heap bounded', async (t) => {
  if ((globalThis as { gc?: unknown }).gc === undefined) t.diagnostic('run with --expose-gc for a tight heap measurement');
  await fuzz(1, 200, new Map()); // warm-up: compiled schemas, metric series, JIT
  const before = await heapAfterGc();
  const statuses = new Map<number, number>();
  const media = new Map<number, number>();
  await fuzz(2, 1000, statuses, media);
  const growth = (await heapAfterGc()) - before;
  t.diagnostic(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; media predictions: ${JSON.stringify(Object.fromEntries([...media].sort()))}; heap growth ${(growth / 1048576).toFixed(2)} MiB`);
  for (const status of [200, 400, 401, 404, 413, 415]) assert.ok((statuses.get(status) ?? 0) > 0, `the fuzz reached status ${status}`);
  for (const status of [200, 400]) assert.ok((media.get(status) ?? 0) > 0, `the media fuzz reached status ${status}`);
  assert.ok(growth < HEAP_BOUND, `heap grew ${(growth / 1048576).toFixed(1)} MiB over 1,000 requests (bound 16 MiB)`);
  const ok = await app.inject({ method: 'POST', url: '/v1/models/tiny/predict', headers: { authorization: `Bearer ${KEY}` }, payload: { rows: [tinyRow(0)] } });
  assert.equal(ok.statusCode, 200);
  assert.equal((await app.inject('/healthz')).statusCode, 200);
});

test('400 seeded malformed media requests (files, base64, WAV headers, prompts) with auth and JSON: 200 or 400 naming the field, never a 5xx', async (t) => {
  const random = seededRandom(4);
  const statuses = new Map<number, number>();
  for (let i = 0; i < 400; i++) {
    const url = pick(random, ['/v1/models/img/predict', '/v1/models/voice/predict', '/v1/models/poet/predict', '/v1/models/img/explain']);
    const payload = randomBody(random, url) ?? '';
    const r = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, payload });
    assert.ok(r.statusCode < 500, `media request ${i}: ${url} ${String(payload).slice(0, 120)} → ${r.statusCode} ${r.body.slice(0, 200)}`);
    statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
    if (r.statusCode === 400 && !url.endsWith('/explain')) {
      const answer = r.json() as { error?: unknown; field?: unknown; reason?: unknown };
      assert.equal(typeof answer.error, 'string', r.body);
      // Fastify's own JSON parser answers broken or poisoned JSON; every other 400 names the field.
      if (/^Body is not valid JSON|^Body cannot be empty/.test(String(answer.error))) continue;
      assert.equal(typeof answer.field, 'string', `${String(payload).slice(0, 120)} → ${r.body.slice(0, 200)}`);
      assert.equal(typeof answer.reason, 'string', r.body);
    }
  }
  t.diagnostic(`media statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  for (const status of [200, 400]) assert.ok((statuses.get(status) ?? 0) >= 20, `the media fuzz reached status ${status} at least 20 times`);
});

test('50 malformed raw HTTP messages on a socket get a 4xx or a closed connection, never a 5xx', async () => {
  const url = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
  const random = seededRandom(3);
  const messages = [
    'GARBAGE\r\n\r\n',
    'GET / HTTP/9.9\r\n\r\n',
    'POST /v1/models/tiny/predict HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
    'POST /v1/models/tiny/predict HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nzz\r\n',
    'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
    `GET /${'x'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  ];
  for (let i = 0; i < 50; i++) {
    const message = i < messages.length ? messages[i]! : `${pick(random, ['GET', 'POST', 'PUT', 'X'])} ${randomText(random, int(random, 40))} HTTP/1.1\r\n${randomText(random, int(random, 60))}\r\n\r\n`;
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(url.port), url.hostname);
      let data = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('error', () => resolve(data));
      socket.on('close', () => resolve(data));
      socket.end(Buffer.from(message, 'utf8'));
    });
    const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
    assert.ok(status === undefined || Number(status) < 500, `message ${i}: ${answer.slice(0, 120)}`);
  }
  assert.equal((await fetch(`${url.origin}/healthz`)).status, 200);
});

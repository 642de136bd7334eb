/**
 * Fuzzing the HTTP service: 1,000 seeded random requests — random methods, paths, headers and
 * bodies (malformed JSON, wrong shapes and types, random bytes, deep nesting, prototype keys,
 * oversized bodies and strings, valid rows now and then) — plus 50 raw malformed HTTP messages on a
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
import { tinyRow, trainTinyTabularModel } from './tiny-models.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-serve-fuzz-'));
const KEY = 'fuzz-key';
/** The stated bound of heap growth over the 1,000 requests, after garbage collection. */
const HEAP_BOUND = 16 * 1024 * 1024;
let app: SproutServer;

before(async () => {
  const model = await trainTinyTabularModel(dir, 'label');
  app = createServer({ models: [{ name: 'tiny', dir: model }], apiKey: KEY, bodyLimit: 64 * 1024, processMetrics: false });
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

function randomBody(random: Random): string | Buffer | undefined {
  const row = (): Record<string, unknown> => ({ ...tinyRow(int(random, 100)) });
  switch (int(random, 12)) {
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

async function fuzz(seed: number, count: number, statuses: Map<number, number>): Promise<void> {
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const method = pick(random, ['GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const);
    const url = randomPath(random);
    const headers = randomHeaders(random);
    const body = method === 'GET' || method === 'HEAD' ? undefined : randomBody(random);
    const r = await app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body }) });
    assert.ok(r.statusCode < 500, `request ${i} of seed ${seed}: ${method} ${url.slice(0, 80)} → ${r.statusCode} ${r.body.slice(0, 200)}`);
    statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
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
  await fuzz(2, 1000, statuses);
  const growth = (await heapAfterGc()) - before;
  t.diagnostic(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; heap growth ${(growth / 1048576).toFixed(2)} MiB`);
  for (const status of [200, 400, 401, 404, 413, 415]) assert.ok((statuses.get(status) ?? 0) > 0, `the fuzz reached status ${status}`);
  assert.ok(growth < HEAP_BOUND, `heap grew ${(growth / 1048576).toFixed(1)} MiB over 1,000 requests (bound 16 MiB)`);
  const ok = await app.inject({ method: 'POST', url: '/v1/models/tiny/predict', headers: { authorization: `Bearer ${KEY}` }, payload: { rows: [tinyRow(0)] } });
  assert.equal(ok.statusCode, 200);
  assert.equal((await app.inject('/healthz')).statusCode, 200);
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

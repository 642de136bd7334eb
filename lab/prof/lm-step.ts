/**
 * One character-GPT training step, timed per phase:
 * `npx tsx lab/prof/lm-step.ts [backend] [batch] [width] [layers] [context]` (see README.md).
 * Defaults are the tiny-Shakespeare run of docs/RESULTS.md: batch 16, width 64, 3 blocks, context 64.
 */
import { AdamW, clipGradNorm, crossEntropy, Generator, randint, reshape, setBackend } from '../../src/index.js';
import { GptModel } from '../../src/apps/lm/index.js';

const [backend = 'wasm', batchArg = '16', widthArg = '64', layersArg = '3', contextArg = '64'] = process.argv.slice(2);
setBackend(backend);
const [batch, width, layers, context] = [batchArg, widthArg, layersArg, contextArg].map(Number) as [number, number, number, number];
const vocab = 65;
const g = new Generator(0);
const gpt = new GptModel({ vocabSize: vocab, contextLength: context, dModel: width, nHead: 4, numLayers: layers, dimFeedforward: 4 * width }, g);
const optimizer = new AdamW(gpt.parameters(), { lr: 1e-3 });
const x = randint(0, vocab, [batch, context], { generator: g });
const y = randint(0, vocab, [batch * context], { generator: g });
for (let i = 0; i < 12; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  optimizer.zeroGrad();
  const logits = gpt.forward(x);
  const t1 = performance.now();
  const loss = crossEntropy(reshape(logits, [batch * context, vocab]), y);
  loss.backward();
  const t2 = performance.now();
  clipGradNorm(gpt.parameters(), 1);
  optimizer.step();
  loss.item();
  const t3 = performance.now();
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (i >= 2) console.log(`cpu ${cpuMs.toFixed(0)} ms => ${((batch * context) / (cpuMs / 1000)).toFixed(0)} chars/cpu-s | fwd ${(t1 - t0).toFixed(0)} bwd ${(t2 - t1).toFixed(0)} step ${(t3 - t2).toFixed(0)} ms`);
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataError, decodeWav } from '../../src/index.js';

/** A PCM WAV file with interleaved integer samples (8-bit unsigned, 16-bit signed). */
function wav(bits: 8 | 16, channels: number, sampleRate: number, samples: readonly number[], extraChunk = false): Uint8Array {
  const width = bits / 8;
  const dataSize = samples.length * width;
  const extra = extraChunk ? 8 + 3 + 1 : 0; // a 3-byte LIST chunk plus its pad byte
  const out = new Uint8Array(44 + extra + dataSize);
  const v = new DataView(out.buffer);
  const ascii = (at: number, s: string): void => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  v.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * width, true);
  v.setUint16(32, channels * width, true);
  v.setUint16(34, bits, true);
  let at = 36;
  if (extraChunk) {
    ascii(at, 'LIST');
    v.setUint32(at + 4, 3, true);
    at += 12;
  }
  ascii(at, 'data');
  v.setUint32(at + 4, dataSize, true);
  samples.forEach((s, i) => (bits === 8 ? v.setUint8(at + 8 + i, s) : v.setInt16(at + 8 + 2 * i, s, true)));
  return out;
}

describe('WAV', () => {
  test('16-bit mono → float32 [1, T] in [−1, 1] and the sample rate', () => {
    const { samples, sampleRate, channels, bitsPerSample } = decodeWav(wav(16, 1, 8000, [0, 16384, -32768, 32767]));
    assert.equal(sampleRate, 8000);
    assert.equal(channels, 1);
    assert.equal(bitsPerSample, 16);
    assert.deepEqual(samples.shape, [1, 4]);
    assert.equal(samples.dtype, 'float32');
    assert.deepEqual([...samples.dataSync()], [0, 0.5, -1, 32767 / 32768]);
  });

  test('16-bit stereo is de-interleaved into [2, T]', () => {
    const { samples, channels } = decodeWav(wav(16, 2, 44100, [100, -100, 200, -200, 300, -300]));
    assert.equal(channels, 2);
    assert.deepEqual(samples.toArray(), [[100 / 32768, 200 / 32768, 300 / 32768].map(Math.fround), [-100 / 32768, -200 / 32768, -300 / 32768].map(Math.fround)]);
  });

  test('8-bit mono is unsigned around 128', () => {
    const { samples } = decodeWav(wav(8, 1, 11025, [128, 255, 0, 192]));
    assert.deepEqual([...samples.dataSync()], [0, 127 / 128, -1, 0.5].map(Math.fround));
  });

  test('8-bit stereo, with an odd-sized extra chunk before the data', () => {
    const { samples, sampleRate } = decodeWav(wav(8, 2, 22050, [0, 255, 128, 64], true));
    assert.equal(sampleRate, 22050);
    assert.deepEqual(samples.toArray(), [[-1, 0], [127 / 128, -0.5]].map((r) => r.map(Math.fround)));
  });

  test('malformed files are DataErrors that say what is wrong', () => {
    const good = wav(16, 1, 8000, [1, 2, 3]);
    assert.throws(() => decodeWav(new Uint8Array(10)), (e: unknown) => e instanceof DataError && /not a WAV file/.test(e.message));
    const notWave = good.slice();
    notWave.set([0x41, 0x56, 0x49, 0x20], 8); // 'AVI '
    assert.throws(() => decodeWav(notWave), /not a WAV file/);
    assert.throws(() => decodeWav(good.subarray(0, good.length - 2)), /'data' chunk declares 6 bytes but only 4 remain/);
    assert.throws(() => decodeWav(good.subarray(0, 36)), /no 'data' chunk/);
    const compressed = good.slice();
    new DataView(compressed.buffer).setUint16(20, 7, true); // µ-law
    assert.throws(() => decodeWav(compressed), /unsupported encoding: format code 7 with 16 bits/);
    const noFmt = good.slice();
    noFmt.set([0x6a, 0x75, 0x6e, 0x6b], 12); // 'junk' instead of 'fmt '
    assert.throws(() => decodeWav(noFmt), /no 'fmt ' chunk/);
  });
});

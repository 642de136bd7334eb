/**
 * WAV (RIFF/WAVE) decoding to float samples. Shape legend: `C` channels, `T` frames (samples per
 * channel).
 *
 * The file is a RIFF header, then chunks (`fmt `, `data`, and others such as `LIST` that are
 * skipped), each an id, a little-endian u32 size and the body padded to an even length. Integer PCM
 * is scaled to [−1, 1] the way libsndfile and torchaudio do: 8-bit is unsigned, (b − 128) / 128;
 * 16-, 24- and 32-bit are signed, s / 2^(bits−1). 32-bit float samples are kept as they are.
 */
import { DataError, tensor, type Tensor } from '../core/index.js';

/** A decoded WAV file. */
export interface DecodedWav {
  /** float32 [C, T], values in [−1, 1]. */
  readonly samples: Tensor;
  /** Frames per second, e.g. 8000 for FSDD. */
  readonly sampleRate: number;
  /** Number of channels C (1 mono, 2 stereo). */
  readonly channels: number;
  /** Bits per sample in the file (8, 16, 24 or 32). */
  readonly bitsPerSample: number;
}

const PCM = 1;
const IEEE_FLOAT = 3;
const EXTENSIBLE = 0xfffe;

function fourCC(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

/**
 * Decodes a WAV file: PCM 8-bit unsigned, 16/24/32-bit signed, or 32-bit float; any number of
 * channels (interleaved in the file, split into rows of the result).
 *
 * @param bytes The whole file.
 * @returns samples float32 [C, T] in [−1, 1], the sample rate, the channel count and bit depth.
 * @throws DataError for a file that is not RIFF/WAVE, lacks a `fmt ` or `data` chunk, uses an
 *   unsupported encoding (compressed formats such as µ-law or ADPCM), or is cut short.
 * @example
 * const { samples, sampleRate } = decodeWav(bytes); // samples [1, 3358], sampleRate 8000
 */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || fourCC(view, 0) !== 'RIFF' || fourCC(view, 8) !== 'WAVE') {
    throw new DataError(`decodeWav: not a WAV file (expected 'RIFF' and 'WAVE' in the first 12 bytes, file has ${bytes.length} bytes)`);
  }
  let format: { code: number; channels: number; sampleRate: number; bits: number; blockAlign: number } | null = null;
  let data: { start: number; size: number } | null = null;
  let at = 12;
  while (at + 8 <= bytes.length && data === null) {
    const id = fourCC(view, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) throw new DataError(`decodeWav: the 'fmt ' chunk is ${size} bytes with ${bytes.length - body} left; expected at least 16`);
      let code = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
      if (code === EXTENSIBLE && size >= 26) code = view.getUint16(body + 24, true);
      format = {
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (body + size > bytes.length) throw new DataError(`decodeWav: the 'data' chunk declares ${size} bytes but only ${bytes.length - body} remain; the file is cut short`);
      data = { start: body, size };
    }
    at = body + size + (size % 2);
  }
  if (format === null) throw new DataError("decodeWav: no 'fmt ' chunk before the audio data");
  if (data === null) throw new DataError("decodeWav: no 'data' chunk");
  const { code, channels, sampleRate, bits } = format;
  const pcm = code === PCM && (bits === 8 || bits === 16 || bits === 24 || bits === 32);
  const float = code === IEEE_FLOAT && bits === 32;
  if (!pcm && !float) {
    throw new DataError(`decodeWav: unsupported encoding: format code ${code} with ${bits} bits; expected PCM (1) with 8, 16, 24 or 32 bits, or float (3) with 32`);
  }
  if (channels < 1) throw new DataError(`decodeWav: the file declares ${channels} channels`);
  if (sampleRate < 1) throw new DataError(`decodeWav: the file declares a sample rate of ${sampleRate}`);
  const width = bits / 8;
  const frame = width * channels;
  if (format.blockAlign !== frame) throw new DataError(`decodeWav: block align is ${format.blockAlign} bytes, expected ${frame} for ${channels} channels of ${bits} bits`);
  const frames = Math.floor(data.size / frame);
  const out = new Float32Array(channels * frames);
  const read: (p: number) => number =
    bits === 8
      ? (p) => (view.getUint8(p) - 128) / 128
      : bits === 16
        ? (p) => view.getInt16(p, true) / 32768
        : bits === 24
          ? (p) => (((view.getUint8(p + 2) << 24) | (view.getUint8(p + 1) << 16) | (view.getUint8(p) << 8)) >> 8) / 8388608
          : float
            ? (p) => view.getFloat32(p, true)
            : (p) => view.getInt32(p, true) / 2147483648;
  for (let t = 0; t < frames; t++) {
    const base = data.start + t * frame;
    for (let c = 0; c < channels; c++) out[c * frames + t] = read(base + c * width);
  }
  return { samples: tensor(out, { shape: [channels, frames] }), sampleRate, channels, bitsPerSample: bits };
}

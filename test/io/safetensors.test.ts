import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeSafetensors, encodeSafetensors, Generator, ModelFormatError, randint, randn, tensor, type Tensor } from '../../src/index.js';

function sample(): Map<string, Tensor> {
  const g = new Generator(4);
  return new Map<string, Tensor>([
    ['layer.weight', randn([3, 4], { generator: g })],
    ['layer.bias', randn([4], { generator: g, dtype: 'float64' })],
    ['steps', randint(-5, 5, [2, 2], { generator: g })],
    ['mask', tensor([true, false, true])],
    ['scalar', tensor(2.5)],
    ['empty', tensor([])],
  ]);
}

/** Builds a file by hand from a header object and raw data, as another tool would write it. */
function handmade(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  test('round trip keeps names, dtypes, shapes, values and metadata exactly', () => {
    const original = sample();
    const bytes = encodeSafetensors(original, { format: 'sprout', note: 'ünïcode' });
    const { tensors, metadata } = decodeSafetensors(bytes);
    assert.deepEqual(metadata, { format: 'sprout', note: 'ünïcode' });
    assert.deepEqual([...tensors.keys()].sort(), [...original.keys()].sort());
    for (const [name, t] of original) {
      const back = tensors.get(name)!;
      assert.equal(back.dtype, t.dtype, name);
      assert.deepEqual(back.shape, t.shape, name);
      assert.deepEqual(back.toArray(), t.toArray(), name);
    }
  });

  test('the header is padded to 8 bytes and offsets are contiguous in name order', () => {
    const bytes = encodeSafetensors(sample());
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal(n % 8, 0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { data_offsets: [number, number] }>;
    const names = Object.keys(header);
    assert.deepEqual(names, [...names].sort());
    let at = 0;
    for (const name of names) {
      assert.equal(header[name]!.data_offsets[0], at);
      at = header[name]!.data_offsets[1];
    }
    assert.equal(at, bytes.length - 8 - n);
  });

  test('reads files written by other tools, widening F16, BF16 and small integer types', () => {
    const data = new Uint8Array(2 * 2 + 2 * 2 + 8 * 2 + 2);
    const view = new DataView(data.buffer);
    view.setUint16(0, 0x3c00, true); // F16 1.0
    view.setUint16(2, 0xc000, true); // F16 -2.0
    view.setUint16(4, 0x3f80, true); // BF16 1.0
    view.setUint16(6, 0x4049, true); // BF16 3.140625
    view.setBigInt64(8, -7n, true);
    view.setBigInt64(16, 123456n, true);
    data[24] = 200; // U8
    data[25] = 7;
    const bytes = handmade(
      {
        half: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
        brain: { dtype: 'BF16', shape: [2], data_offsets: [4, 8] },
        long: { dtype: 'I64', shape: [2], data_offsets: [8, 24] },
        bytes: { dtype: 'U8', shape: [2], data_offsets: [24, 26] },
      },
      data,
    );
    const { tensors } = decodeSafetensors(bytes);
    assert.deepEqual(tensors.get('half')!.toArray(), [1, -2]);
    assert.deepEqual(tensors.get('brain')!.toArray(), [1, 3.140625]);
    assert.deepEqual(tensors.get('long')!.toArray(), [-7, 123456]);
    assert.equal(tensors.get('long')!.dtype, 'int32');
    assert.deepEqual(tensors.get('bytes')!.toArray(), [200, 7]);
  });

  test('malformed files raise ModelFormatError naming the problem', () => {
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(3), /shorter than the 8-byte header length/],
      [handmade({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)), /needs 8 bytes, has 4/],
      [handmade({ a: { dtype: 'Q4', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)), /unsupported dtype "Q4"/],
      [handmade({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(8)), /data section has 8 bytes but the tensors cover 4/],
      [handmade({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)), /starts at byte 4, expected 0/],
      [handmade({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)), /invalid shape/],
      [handmade({ __metadata__: { n: 1 } }, new Uint8Array(0)), /__metadata__\.n must be a string/],
      [handmade([1, 2], new Uint8Array(0)), /header must be a JSON object/],
    ];
    for (const [bytes, message] of cases) {
      assert.throws(() => decodeSafetensors(bytes), (e: unknown) => e instanceof ModelFormatError && message.test(e.message), String(message));
    }
    const truncated = encodeSafetensors(sample()).subarray(0, 50);
    assert.throws(() => decodeSafetensors(truncated), ModelFormatError);
  });

  test('1,000 random corruptions of a valid file give only ModelFormatError or a valid result', () => {
    const valid = encodeSafetensors(sample(), { format: 'sprout' });
    const g = new Generator(11);
    const positions = randint(0, valid.length, [1000], { generator: g }).dataSync();
    const values = randint(0, 256, [1000], { generator: g }).dataSync();
    const lengths = randint(0, valid.length, [1000], { generator: g }).dataSync();
    let rejected = 0;
    for (let i = 0; i < 1000; i++) {
      const bytes = valid.slice();
      // Alternate between flipping a byte and truncating the file.
      const mutated = i % 2 === 0 ? (bytes[positions[i]!] = values[i]!, bytes) : bytes.subarray(0, lengths[i]!);
      try {
        decodeSafetensors(mutated);
      } catch (error) {
        assert.ok(error instanceof ModelFormatError, `mutation ${i} threw ${String(error)}`);
        rejected++;
      }
    }
    // Truncations always fail and most header flips do; flips inside tensor data are still valid files.
    assert.ok(rejected >= 500, `only ${rejected} of 1000 corruptions were rejected`);
  });

  test('a Node Buffer from the shared pool decodes to its own bytes (Buffer.slice is a view)', () => {
    const bytes = encodeSafetensors(new Map([['w', tensor([[1.5, -2], [3, 4]])]]));
    Buffer.from('unrelated bytes first, so the pool offset is not 0');
    const pooled = Buffer.from(bytes);
    assert.notEqual(pooled.buffer.byteLength, pooled.byteLength, 'the buffer is a view into a larger pool');
    assert.deepEqual(decodeSafetensors(pooled).tensors.get('w')!.toArray(), [[1.5, -2], [3, 4]]);
  });
});

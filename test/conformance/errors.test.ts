/**
 * Typed errors: each public entry point refuses bad input with ShapeError, DTypeError or ValueError
 * (all SproutError), and the message names the op, the argument, what was expected and what came.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as S from '../../src/index.js';
import { title } from './backend-under-test.js';

type ErrorClass = typeof S.ShapeError | typeof S.DTypeError | typeof S.ValueError;

interface ErrorCase {
  /** What goes wrong, in words. */
  readonly what: string;
  readonly call: () => unknown;
  readonly type: ErrorClass;
  /** The exact message, or fragments it must contain (the op name is always checked as the prefix). */
  readonly message: string | readonly (string | RegExp)[];
  /** The op the message starts with. */
  readonly op: string;
}

const m = (rows: number, cols: number): S.Tensor => S.zeros([rows, cols]);
const i32 = (data: S.NestedArray): S.Tensor => S.tensor(data, { dtype: 'int32' });

const CASES: readonly ErrorCase[] = [
  { op: 'matmul', what: 'inner dimensions differ', call: () => S.matmul(m(32, 784), m(128, 10)), type: S.ShapeError, message: 'matmul: inner dimensions differ: a is [32, 784], b is [128, 10]' },
  { op: 'matmul', what: 'a 0-d operand', call: () => S.matmul(S.tensor(1), m(1, 2)), type: S.ShapeError, message: ['a is []', 'b is [1, 2]'] },
  { op: 'matmul', what: 'batch dimensions that do not broadcast', call: () => S.matmul(S.zeros([2, 2, 3]), S.zeros([3, 3, 2])), type: S.ShapeError, message: ['[2]', '[3]'] },
  { op: 'add', what: 'shapes that do not broadcast', call: () => S.add(m(2, 3), S.zeros([4])), type: S.ShapeError, message: 'add: shapes cannot be broadcast together: a is [2, 3], b is [4]' },
  { op: 'where', what: 'cond that does not broadcast', call: () => S.where(S.zeros([3], { dtype: 'bool' }), S.zeros([2]), 0), type: S.ShapeError, message: ['cond', '[3]', '[2]'] },
  { op: 'add', what: 'a string operand', call: () => S.add(S.zeros([1]), 'x' as unknown as number), type: S.ValueError, message: ['b', 'Tensor or a number', 'string'] },
  { op: 'sum', what: 'an array instead of a tensor', call: () => S.sum([1, 2] as unknown as S.Tensor), type: S.ValueError, message: ['x', 'Tensor', 'an array'] },
  { op: 'sum', what: 'an axis out of range', call: () => S.sum(m(2, 2), 2), type: S.ShapeError, message: 'sum: axis 2 is out of range for a tensor of rank 2; valid: [-2, 1]' },
  { op: 'sum', what: 'a repeated axis', call: () => S.sum(m(2, 2), [0, -2]), type: S.ValueError, message: ['axis', 'twice'] },
  { op: 'sum', what: 'a fractional axis', call: () => S.sum(m(2, 2), 0.5), type: S.ValueError, message: ['axis', '0.5'] },
  { op: 'max', what: 'reducing an empty dimension', call: () => S.max(S.zeros([0, 3]), 0), type: S.ValueError, message: ['empty', '[0, 3]'] },
  { op: 'argmax', what: 'an empty tensor', call: () => S.argmax(S.zeros([0])), type: S.ValueError, message: ['empty', '[0]'] },
  { op: 'variance', what: 'a negative correction', call: () => S.variance(m(2, 2), 0, false, -1), type: S.ValueError, message: ['correction', '-1'] },
  { op: 'neg', what: 'a bool input', call: () => S.neg(S.tensor([true])), type: S.DTypeError, message: ['x', 'bool'] },
  { op: 'cast', what: 'an unknown dtype', call: () => S.cast(m(1, 1), 'float16' as S.DType), type: S.DTypeError, message: ['dtype', 'float16', 'float32'] },
  { op: 'reshape', what: 'a different element count', call: () => S.reshape(m(2, 3), [4, 2]), type: S.ShapeError, message: ['[2, 3]', '6', '[4, 2]'] },
  { op: 'reshape', what: 'two -1 entries', call: () => S.reshape(m(2, 3), [-1, -1]), type: S.ShapeError, message: ['-1'] },
  { op: 'permute', what: 'too few axes', call: () => S.permute(m(2, 3), [0]), type: S.ShapeError, message: ['axes', '[2, 3]', '[0]'] },
  { op: 'permute', what: 'a repeated axis', call: () => S.permute(m(2, 3), [0, 0]), type: S.ValueError, message: ['axes', '[0,0]'] },
  { op: 'expand', what: 'a size that does not broadcast', call: () => S.expand(m(2, 3), [2, 4]), type: S.ShapeError, message: ['[2, 3]', '[2, 4]'] },
  { op: 'expand', what: 'fewer dimensions', call: () => S.expand(m(2, 3), [3]), type: S.ShapeError, message: ['[3]', '[2, 3]'] },
  { op: 'squeeze', what: 'an axis that is not size 1', call: () => S.squeeze(m(2, 3), 1), type: S.ShapeError, message: ['axis 1', '[2, 3]', 'size 3', 'expected 1'] },
  { op: 'narrow', what: 'a range past the end', call: () => S.narrow(m(2, 3), 1, 2, 2), type: S.ValueError, message: ['start 2', 'length 2', 'size 3'] },
  { op: 'slice', what: 'step 0', call: () => S.slice(m(2, 3), 1, 0, 3, 0), type: S.ValueError, message: ['step', '0'] },
  { op: 'select', what: 'an index past the end', call: () => S.select(m(2, 3), 0, 5), type: S.ValueError, message: ['5', 'size 2'] },
  { op: 'flip', what: 'an axis out of range', call: () => S.flip(m(2, 3), 3), type: S.ShapeError, message: ['axis 3', 'rank 2'] },
  { op: 'transpose', what: 'axis0 out of range', call: () => S.transpose(m(2, 3), 5, 0), type: S.ShapeError, message: ['axis0', '5'] },
  { op: 'concat', what: 'mismatched sizes off the axis', call: () => S.concat([m(2, 3), m(2, 4)], 0), type: S.ShapeError, message: ['tensors[1]', '[2, 4]', '[2, 3]', 'axis 0'] },
  { op: 'concat', what: 'an empty list', call: () => S.concat([]), type: S.ValueError, message: ['non-empty'] },
  { op: 'stack', what: 'different shapes', call: () => S.stack([m(2, 3), m(3, 2)]), type: S.ShapeError, message: ['tensors[1]', '[3, 2]', '[2, 3]'] },
  { op: 'split', what: 'sizes not adding up', call: () => S.split(S.zeros([5]), [2, 2]), type: S.ValueError, message: ['[2,2]', '5'] },
  { op: 'split', what: 'size 0', call: () => S.split(S.zeros([5]), 0), type: S.ValueError, message: ['size', '0'] },
  { op: 'pad', what: 'a wrong number of pairs', call: () => S.pad(m(2, 3), [[1, 1]]), type: S.ValueError, message: ['pads', '2 dimensions', '[2, 3]'] },
  { op: 'pad', what: 'a negative amount', call: () => S.pad(m(2, 3), [[0, 0], [-1, 0]]), type: S.ValueError, message: ['pads[1]', '[-1,0]'] },
  { op: 'gather', what: 'a float index', call: () => S.gather(m(2, 3), 1, S.zeros([2, 1])), type: S.DTypeError, message: ['index', 'int32', 'float32'] },
  { op: 'gather', what: 'an index out of range', call: () => S.gather(m(2, 3), 1, i32([[5], [0]])), type: S.ValueError, message: 'gather: index holds 5, outside [0, 2]' },
  { op: 'gather', what: 'an index of another rank', call: () => S.gather(m(2, 3), 1, i32([0])), type: S.ShapeError, message: ['index', 'rank', '[1]', '[2, 3]'] },
  { op: 'indexSelect', what: 'a 2-D index', call: () => S.indexSelect(m(2, 3), 0, i32([[0]])), type: S.ShapeError, message: ['index', '1-D', '[1, 1]'] },
  { op: 'indexSelect', what: 'a negative index', call: () => S.indexSelect(m(2, 3), 0, i32([-1])), type: S.ValueError, message: ['-1', '[0, 1]'] },
  { op: 'scatterAdd', what: 'an index out of range', call: () => S.scatterAdd(m(2, 3), 1, i32([[3], [0]]), m(2, 1)), type: S.ValueError, message: ['index', '3', '[0, 2]'] },
  { op: 'oneHot', what: 'an index ≥ numClasses', call: () => S.oneHot(i32([0, 3]), 3), type: S.ValueError, message: ['indices', '3', '[0, 2]'] },
  { op: 'oneHot', what: 'numClasses 0', call: () => S.oneHot(i32([0]), 0), type: S.ValueError, message: ['numClasses', '0'] },
  { op: 'topk', what: 'k larger than the axis', call: () => S.topk(S.zeros([3]), 4), type: S.ValueError, message: ['k', '[0, 3]', '4'] },
  { op: 'softmax', what: 'an axis out of range', call: () => S.softmax(m(2, 3), 2), type: S.ShapeError, message: ['axis 2', 'rank 2'] },
  { op: 'logSoftmax', what: 'an axis out of range', call: () => S.logSoftmax(m(2, 3), 2), type: S.ShapeError, message: ['axis 2', 'rank 2'] },
  { op: 'mean', what: 'an axis out of range', call: () => S.mean(m(2, 3), 2), type: S.ShapeError, message: ['axis 2', 'rank 2'] },
  { op: 'variance', what: 'an axis out of range', call: () => S.variance(m(2, 3), -3), type: S.ShapeError, message: ['axis -3', 'rank 2'] },
  { op: 'std', what: 'a negative correction', call: () => S.std(m(2, 2), 0, false, -1), type: S.ValueError, message: ['correction', '-1'] },
  { op: 'ones', what: 'a fractional size', call: () => S.ones([1.5]), type: S.ShapeError, message: ['shape', '[1.5]'] },
  { op: 'cumsum', what: 'an axis out of range', call: () => S.cumsum(m(2, 3), -3), type: S.ShapeError, message: ['axis -3', 'rank 2'] },
  { op: 'clip', what: 'min above max', call: () => S.clip(m(1, 1), 2, 1), type: S.ValueError, message: ['min 2', 'max 1'] },
  { op: 'leakyRelu', what: 'a NaN slope', call: () => S.leakyRelu(m(1, 1), NaN), type: S.ValueError, message: ['negativeSlope', 'NaN'] },
  { op: 'gelu', what: 'an unknown approximation', call: () => S.gelu(m(1, 1), 'erf' as 'tanh'), type: S.ValueError, message: ['approximate', 'erf'] },
  { op: 'tensor', what: 'ragged nested arrays', call: () => S.tensor([[1, 2], [3]]), type: S.ShapeError, message: ['data[1]', 'length 2', 'length 1'] },
  { op: 'tensor', what: 'a shape that does not fit the data', call: () => S.tensor([1, 2, 3], { shape: [2, 2] }), type: S.ShapeError, message: ['[2, 2]', '4', '3'] },
  { op: 'zeros', what: 'a negative size', call: () => S.zeros([2, -1]), type: S.ShapeError, message: ['shape', '[2,-1]'] },
  { op: 'full', what: 'an unknown dtype', call: () => S.full([2], 1, { dtype: 'int8' as S.DType }), type: S.DTypeError, message: ['dtype', 'int8'] },
  { op: 'arange', what: 'step 0', call: () => S.arange(0, 5, 0), type: S.ValueError, message: ['step', '0'] },
  { op: 'arange', what: 'an infinite end', call: () => S.arange(0, Infinity), type: S.ValueError, message: ['end', 'Infinity'] },
  { op: 'linspace', what: 'negative steps', call: () => S.linspace(0, 1, -1), type: S.ValueError, message: ['steps', '-1'] },
  { op: 'eye', what: 'a negative size', call: () => S.eye(-1), type: S.ShapeError, message: ['-1'] },
  { op: 'rand', what: 'an integer dtype', call: () => S.rand([2], { dtype: 'int32' }), type: S.ValueError, message: ['dtype', 'int32'] },
  { op: 'randint', what: 'low ≥ high', call: () => S.randint(5, 5, [2]), type: S.ValueError, message: ['low 5', 'high 5'] },
  { op: 'manualSeed', what: 'a negative seed', call: () => new S.Generator(-1), type: S.ValueError, message: ['seed', '-1'] },
  { op: 'setState', what: 'a negative counter', call: () => new S.Generator(1).setState({ seed: 1, counter: -2 }), type: S.ValueError, message: ['counter', '-2'] },
  { op: 'setBackend', what: 'an unknown backend', call: () => S.setBackend('no-such-backend'), type: S.ValueError, message: ['no-such-backend', 'js'] },
  { op: 'item', what: 'a tensor of several elements', call: () => m(2, 2).item(), type: S.ValueError, message: ['[2, 2]'] },
  { op: 'requiresGrad', what: 'an int32 tensor', call: () => (i32([1]).requiresGrad = true), type: S.DTypeError, message: ['int32', 'float32'] },
  { op: 'backward', what: 'a non-scalar without gradOutput', call: () => S.mul(S.zeros([2], { requiresGrad: true }), 1).backward(), type: S.ValueError, message: ['[2]', 'gradOutput'] },
  { op: 'grad', what: 'argnums out of range', call: () => S.grad((x: S.Tensor) => S.sum(x), { argnums: 3 })(S.zeros([1])), type: S.ValueError, message: ['argnums 3', '1 arguments'] },
  { op: 'assign_', what: 'a write to a tensor that requires grad while recording', call: () => S.zeros([1], { requiresGrad: true }).assign_(1), type: S.ValueError, message: ['noGrad'] },
];

describe(title('typed errors name the op, the argument, the expected and the actual'), () => {
  for (const c of CASES) {
    it(`${c.op} refuses ${c.what} with a ${c.type.name}`, () => {
      let caught: unknown;
      try {
        c.call();
      } catch (e) {
        caught = e;
      }
      assert.ok(caught !== undefined, `${c.op}: no error thrown for ${c.what}`);
      assert.ok(caught instanceof c.type, `${c.op}: expected ${c.type.name}, got ${String(caught)}`);
      assert.ok(caught instanceof S.SproutError, 'every typed error is a SproutError');
      const message = (caught as Error).message;
      assert.ok(message.startsWith(`${c.op}: `), `message starts with '${c.op}: ': ${message}`);
      if (typeof c.message === 'string') assert.equal(message, c.message);
      else for (const part of c.message) assert.ok(typeof part === 'string' ? message.includes(part) : part.test(message), `message '${message}' mentions ${String(part)}`);
    });
  }
  it('checks more than 0 cases', () => assert.ok(CASES.length > 0));
  it('error classes carry their names', () => {
    assert.equal(new S.ShapeError('x').name, 'ShapeError');
    assert.equal(new S.DTypeError('x').name, 'DTypeError');
    assert.equal(new S.ValueError('x').name, 'ValueError');
  });
});

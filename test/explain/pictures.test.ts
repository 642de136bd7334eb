/**
 * Pictures of explanations: SVG heat maps, bar charts and token highlights are well-formed XML
 * with one cell / bar / token per value and escaped text; PNG heat maps decode with fast-png to
 * the expected size and colours.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decode } from 'fast-png';
import { ValueError } from '../../src/core/index.js';
import { attributionColor, barChartSvg, heatmapPng, heatmapSvg, tokenHighlightSvg } from '../../src/explain/index.js';

/** Checks that every tag is closed in order and every attribute is quoted; returns the tag names met. */
function assertWellFormed(svg: string): string[] {
  const stack: string[] = [];
  const names: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m !== null; m = tag.exec(svg)) {
    assert.doesNotMatch(svg.slice(last, m.index), /[<>]/, `stray markup before ${m[0]}`);
    last = m.index + m[0].length;
    const [, closing, name, , selfClosing] = m;
    if (closing === '/') assert.equal(stack.pop(), name, `</${name}> closes the open element`);
    else if (selfClosing !== '/') stack.push(name!);
    if (closing !== '/') names.push(name!);
  }
  assert.doesNotMatch(svg.slice(last), /[<>]/);
  assert.deepEqual(stack, [], 'every element is closed');
  assert.equal(names[0], 'svg');
  return names;
}

const count = (svg: string, cls: string): number => svg.split(`class="${cls}"`).length - 1;

describe('SVG pictures', () => {
  test('a heat map has one cell per pixel, over the image when given', () => {
    const values = Array.from({ length: 12 }, (_, i) => i - 6);
    const plain = heatmapSvg(values, 3, 4, { title: 'a < b & c' });
    assertWellFormed(plain);
    assert.equal(count(plain, 'cell'), 12);
    assert.match(plain, /a &lt; b &amp; c/);
    const over = heatmapSvg(values, 3, 4, { image: values.map((v) => v * v) });
    assertWellFormed(over);
    assert.equal(count(over, 'cell'), 12);
    assert.equal((over.match(/<rect /g) ?? []).length, 24, '12 image pixels and 12 cells');
    assert.throws(() => heatmapSvg(values, 3, 3), (e: unknown) => e instanceof ValueError && /values must hold height·width = 9 numbers, got 12/.test(e.message));
  });

  test('a bar chart has one bar per feature, negative bars left of zero, whiskers for errors', () => {
    const svg = barChartSvg([{ label: 'age', value: 0.4, error: 0.05 }, { label: 'income "net"', value: -0.2 }, { label: 'zip', value: 0 }], { title: 'importance' });
    assertWellFormed(svg);
    assert.equal(count(svg, 'bar'), 3);
    assert.equal(count(svg, 'error'), 1);
    assert.match(svg, /income &quot;net&quot;/);
    const xs = [...svg.matchAll(/class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.ok(xs[1]![0]! + xs[1]![1]! <= xs[0]![0]! + 1e-9, 'the negative bar ends at the zero line where the positive one starts');
    assert.ok(Math.abs(xs[0]![1]! / xs[1]![1]! - 2) < 1e-6, 'bar lengths are proportional to the values');
    assert.throws(() => barChartSvg([]), /bars must not be empty/);
  });

  test('token highlights have one box per token and wrap long text', () => {
    const tokens = Array.from({ length: 40 }, (_, i) => `word${i}`);
    const svg = tokenHighlightSvg(tokens, tokens.map((_, i) => Math.sin(i)), { width: 300 });
    assertWellFormed(svg);
    assert.equal(count(svg, 'token'), 40);
    const ys = new Set([...svg.matchAll(/class="token" x="[\d.]+" y="(\d+)"/g)].map((m) => m[1]));
    assert.ok(ys.size > 1, 'the text wraps onto several lines');
    assert.throws(() => tokenHighlightSvg(['a'], [1, 2]), /one value per token \(1\), got 2/);
  });
});

describe('PNG heat maps', () => {
  test('decode to (H·scale)×(W·scale) RGBA with the scale colours', () => {
    const values = [1, -1, 0, 0.5, 0, 0];
    const png = heatmapPng(values, 2, 3, { scale: 4 });
    const image = decode(png);
    assert.equal(image.width, 12);
    assert.equal(image.height, 8);
    assert.equal(image.channels, 4);
    const pixel = (row: number, col: number): number[] => [...image.data.slice((row * 12 + col) * 4, (row * 12 + col) * 4 + 4)];
    assert.deepEqual(pixel(1, 1), [...attributionColor(1, 1), 255], 'the largest value is full red');
    assert.deepEqual(pixel(2, 6), [...attributionColor(-1, 1), 255], 'the most negative is full blue, blown up 4×');
    assert.deepEqual(pixel(7, 11), [...attributionColor(0, 1), 255]);
  });

  test('blends over an image and checks its arguments', () => {
    const png = heatmapPng([0, 0, 0, -2], 2, 2, { scale: 1, image: [0, 1, 2, 3], opacity: 0.5 });
    const { data } = decode(png);
    assert.deepEqual([...data.slice(0, 3)], [0, 0, 0], 'a zero attribution shows the black image pixel');
    assert.deepEqual([...data.slice(4, 7)], [85, 85, 85], 'and the grey one');
    const blue = attributionColor(-1, 1);
    assert.deepEqual([...data.slice(12, 15)], blue.map((c) => Math.round(0.5 * c + 0.5 * 255)), 'the strongest attribution at the given opacity over white');
    assert.throws(() => heatmapPng([1, 2], 1, 3), /values must hold height·width = 3 numbers, got 2/);
    assert.throws(() => heatmapPng([1], 1, 1, { scale: 0 }), /scale must be an integer in 1 … 64, got 0/);
  });
});

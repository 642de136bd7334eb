/**
 * Sliding windows of 2-d convolution and pooling for the wasm backend (AssemblyScript): im2col and
 * its adjoint col2im over contiguous float32 planes.
 *
 * Shape legend: `planes` = N·C input planes of H×W floats, contiguous; cols is [planes, kH·kW,
 * oH·oW], contiguous. Window (qy, qx) at tap (ty, tx) reads input (qy·sy + ty·dy − py,
 * qx·sx + tx·dx − px) — the same geometry as WindowGeometry2d in src/backends/contract.ts.
 *
 * Per (plane, tap, output row) the valid output columns form one interval [qx0, qx1), found once,
 * so the inner loop has no bounds test; with stride 1 it is a straight copy (SIMD, 4 floats a step).
 */

/** First output column whose input column qx·sx + off is ≥ 0 (off = tx·dx − px). */
function firstInside(off: i32, sx: i32): i32 {
  return off >= 0 ? 0 : (-off + sx - 1) / sx;
}

/** One past the last output column whose input column qx·sx + off is < w, clamped to [lo, ow]. */
function lastInside(off: i32, sx: i32, w: i32, ow: i32, lo: i32): i32 {
  const limit = w - off; // need qx·sx < limit
  if (limit <= 0) return lo;
  const end = (limit + sx - 1) / sx;
  return max(lo, min(ow, end));
}

/** Stores `value` at out[0 … count). */
function fillF32(out: usize, count: i32, value: f32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(out + (<usize>i << 2), v);
  for (; i < count; i++) store<f32>(out + (<usize>i << 2), value);
}

/** cols[p, t, q] = x[p, at(t, q)], or padValue outside the plane. */
export function im2colF32(
  x: usize, out: usize, planes: i32, h: i32, w: i32,
  kh: i32, kw: i32, sy: i32, sx: i32, dy: i32, dx: i32, py: i32, px: i32,
  oh: i32, ow: i32, padValue: f32,
): void {
  let o = out;
  for (let p = 0; p < planes; p++) {
    const plane = x + <usize>((p * h * w) << 2);
    for (let ty = 0; ty < kh; ty++) {
      for (let tx = 0; tx < kw; tx++) {
        const off = tx * dx - px;
        const qx0 = min(firstInside(off, sx), ow);
        const qx1 = lastInside(off, sx, w, ow, qx0);
        for (let qy = 0; qy < oh; qy++) {
          const iy = qy * sy + ty * dy - py;
          if (iy < 0 || iy >= h) {
            fillF32(o, ow, padValue);
          } else {
            fillF32(o, qx0, padValue);
            const row = plane + <usize>((iy * w) << 2);
            let qx = qx0;
            if (sx === 1) {
              let src = row + (<usize>(qx0 + off) << 2);
              for (; qx + 4 <= qx1; qx += 4) {
                v128.store(o + (<usize>qx << 2), v128.load(src));
                src += 16;
              }
              for (; qx < qx1; qx++) {
                store<f32>(o + (<usize>qx << 2), load<f32>(src));
                src += 4;
              }
            } else {
              for (; qx < qx1; qx++) store<f32>(o + (<usize>qx << 2), load<f32>(row + (<usize>(qx * sx + off) << 2)));
            }
            fillF32(o + (<usize>qx1 << 2), ow - qx1, padValue);
          }
          o += <usize>(ow << 2);
        }
      }
    }
  }
}

/** x[p, i] = Σ of cols[p, t, q] over the (t, q) that read input i; x is zeroed first. */
export function col2imF32(
  cols: usize, out: usize, planes: i32, h: i32, w: i32,
  kh: i32, kw: i32, sy: i32, sx: i32, dy: i32, dx: i32, py: i32, px: i32,
  oh: i32, ow: i32,
): void {
  fillF32(out, planes * h * w, 0);
  let c = cols;
  for (let p = 0; p < planes; p++) {
    const plane = out + <usize>((p * h * w) << 2);
    for (let ty = 0; ty < kh; ty++) {
      for (let tx = 0; tx < kw; tx++) {
        const off = tx * dx - px;
        const qx0 = min(firstInside(off, sx), ow);
        const qx1 = lastInside(off, sx, w, ow, qx0);
        for (let qy = 0; qy < oh; qy++) {
          const iy = qy * sy + ty * dy - py;
          if (iy >= 0 && iy < h) {
            const row = plane + <usize>((iy * w) << 2);
            let qx = qx0;
            if (sx === 1) {
              let dst = row + (<usize>(qx0 + off) << 2);
              for (; qx + 4 <= qx1; qx += 4) {
                v128.store(dst, f32x4.add(v128.load(dst), v128.load(c + (<usize>qx << 2))));
                dst += 16;
              }
              for (; qx < qx1; qx++) {
                store<f32>(dst, load<f32>(dst) + load<f32>(c + (<usize>qx << 2)));
                dst += 4;
              }
            } else {
              for (; qx < qx1; qx++) {
                const dst = row + (<usize>(qx * sx + off) << 2);
                store<f32>(dst, load<f32>(dst) + load<f32>(c + (<usize>qx << 2)));
              }
            }
          }
          c += <usize>(ow << 2);
        }
      }
    }
  }
}

/**
 * float32 sum, max and min reductions for the wasm backend (AssemblyScript with SIMD).
 *
 * Shape legend: x is a contiguous [R, L] float32 matrix. The *Rows kernels reduce each row (over
 * the last axis, L → 1): out[r] = Σ_j x[r, j]. The *Cols kernels reduce over the leading axis
 * (R → 1, the bias gradient): out[j] = Σ_r x[r, j]. The backend reduces any axes of a contiguous
 * array with these two, one block of adjacent reduced axes at a time.
 *
 * The sums accumulate in float64 (f64x2 lanes), as the JS backend does, so results round to the same
 * float32 except in rare ties; only the order of the additions differs.
 */

/** out[r] = Σ_j x[r·L + j] for r < rows; out is float32. */
export function sumRowsF32(x: usize, out: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    let p = x + <usize>((r * len) << 2);
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= len; j += 4) {
      const v = v128.load(p);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 0)));
      p += 16;
    }
    const s = f64x2.add(s0, s1);
    let acc = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    for (; j < len; j++) {
      acc += <f64>load<f32>(p);
      p += 4;
    }
    store<f32>(out + (<usize>r << 2), <f32>acc);
  }
}

/**
 * out[j] = Σ_r x[r·L + j] for j < len. `acc` is scratch for `len` float64 partial sums (8·len bytes,
 * 16-byte aligned); rows are streamed once, in order.
 */
export function sumColsF32(x: usize, out: usize, rows: i32, len: i32, acc: usize): void {
  memory.fill(acc, 0, <usize>len << 3);
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>((r * len) << 2);
    let j = 0;
    for (; j + 4 <= len; j += 4) {
      const v = v128.load(p + (<usize>j << 2));
      const q = acc + (<usize>j << 3);
      v128.store(q, f64x2.add(v128.load(q), f64x2.promote_low_f32x4(v)));
      v128.store(q, f64x2.add(v128.load(q, 16), f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 0))), 16);
    }
    for (; j < len; j++) {
      const q = acc + (<usize>j << 3);
      store<f64>(q, load<f64>(q) + <f64>load<f32>(p + (<usize>j << 2)));
    }
  }
  for (let j = 0; j < len; j++) store<f32>(out + (<usize>j << 2), <f32>load<f64>(acc + (<usize>j << 3)));
}

/**
 * out[r] = max (isMax ≠ 0) or min of x[r·L … r·L + L − 1], L ≥ 1. WebAssembly's f32 max/min
 * return NaN when either operand is NaN, so NaN propagates as in the JS backend.
 */
export function extremeRowsF32(isMax: i32, x: usize, out: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>((r * len) << 2);
    let best = load<f32>(p);
    let j = 1;
    if (len >= 8) {
      let v = v128.load(p);
      for (j = 4; j + 4 <= len; j += 4) {
        const w = v128.load(p + (<usize>j << 2));
        v = isMax ? f32x4.max(v, w) : f32x4.min(v, w);
      }
      const a = f32x4.extract_lane(v, 0);
      const b = f32x4.extract_lane(v, 1);
      const c = f32x4.extract_lane(v, 2);
      const d = f32x4.extract_lane(v, 3);
      best = isMax ? max(max(a, b), max(c, d)) : min(min(a, b), min(c, d));
    }
    for (; j < len; j++) {
      const w = load<f32>(p + (<usize>j << 2));
      best = isMax ? max(best, w) : min(best, w);
    }
    store<f32>(out + (<usize>r << 2), best);
  }
}

/** out[j] = max (isMax ≠ 0) or min over r of x[r·L + j], rows ≥ 1; NaN propagates. */
export function extremeColsF32(isMax: i32, x: usize, out: usize, rows: i32, len: i32): void {
  memory.copy(out, x, <usize>len << 2);
  for (let r = 1; r < rows; r++) {
    const p = x + <usize>((r * len) << 2);
    let j = 0;
    for (; j + 4 <= len; j += 4) {
      const q = out + (<usize>j << 2);
      const w = v128.load(p + (<usize>j << 2));
      v128.store(q, isMax ? f32x4.max(v128.load(q), w) : f32x4.min(v128.load(q), w));
    }
    for (; j < len; j++) {
      const q = out + (<usize>j << 2);
      const w = load<f32>(p + (<usize>j << 2));
      store<f32>(q, isMax ? max(load<f32>(q), w) : min(load<f32>(q), w));
    }
  }
}

/**
 * The fused Adam update for the wasm backend (AssemblyScript with SIMD): one pass over a
 * parameter's contiguous float32 arrays p, g, m, v writing p′, m′, v′, with the operations in the
 * order of the contract (src/backends/contract.ts, adamUpdate) and each rounded to float32 — so
 * the result is bit for bit the JS kernel's and the composite's (add, mul, div and sqrt are
 * correctly rounded in both).
 */

/** p′, m′, v′ of n elements. Scalars arrive as f32: the caller rounded them as the composite does. */
export function adamUpdateF32(
  p: usize, g: usize, m: usize, v: usize,
  outP: usize, outM: usize, outV: usize, n: i32,
  decay: f32, wd: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, stepSize: f32, bc2: f32, eps: f32,
): void {
  const decayV = f32x4.splat(decay);
  const wdV = f32x4.splat(wd);
  const b1V = f32x4.splat(b1);
  const omb1V = f32x4.splat(omb1);
  const b2V = f32x4.splat(b2);
  const omb2V = f32x4.splat(omb2);
  const stepV = f32x4.splat(stepSize);
  const bc2V = f32x4.splat(bc2);
  const epsV = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const pi = v128.load(p + o);
    let gi = v128.load(g + o);
    if (wd !== 0) gi = f32x4.add(gi, f32x4.mul(pi, wdV));
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), b1V), f32x4.mul(gi, omb1V));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), b2V), f32x4.mul(f32x4.mul(gi, omb2V), gi));
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), bc2V), epsV);
    v128.store(outP + o, f32x4.sub(f32x4.mul(pi, decayV), f32x4.div(f32x4.mul(mi, stepV), denom)));
    v128.store(outM + o, mi);
    v128.store(outV + o, vi);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const pi = load<f32>(p + o);
    let gi = load<f32>(g + o);
    if (wd !== 0) gi = gi + pi * wd;
    const mi = load<f32>(m + o) * b1 + gi * omb1;
    const vi = load<f32>(v + o) * b2 + gi * omb2 * gi;
    const denom = sqrt<f32>(vi) / bc2 + eps;
    store<f32>(outP + o, pi * decay - (mi * stepSize) / denom);
    store<f32>(outM + o, mi);
    store<f32>(outV + o, vi);
  }
}

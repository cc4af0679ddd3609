// The wasm sampler against the plain JavaScript kernels, in whatever runtime imports this
// (Node, or a page in Chromium). Both fill caller-owned arrays with the linspace grid, f and
// f'; the wasm side is called through its C ABI with no JavaScript wrapper in between.
// Measurements alternate wasm and JS, and each figure is the median of `repeats` rounds.

import { instantiateModule } from '../web/activation-engine.js';
import { JS_KERNELS, linspace } from './js-kernels.mjs';

const DOUBLE = 8;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// ns per sample of `run`, timed over enough calls to last about `budgetMs`.
function timePerSample(run, n, budgetMs) {
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i += 1) run();
    const elapsed = performance.now() - start;
    if (elapsed >= budgetMs) return (elapsed * 1e6) / (calls * n);
    calls *= elapsed < budgetMs / 10 ? 10 : 2;
  }
}

/**
 * @param {{wasmBytes: Uint8Array, functions?: string[], sizes?: number[], repeats?: number, budgetMs?: number}} options
 * @returns {Promise<Array<{id: string, n: number, wasmNs: number, jsNs: number, ratio: number}>>}
 *   ratio is JS time over wasm time: above 1, wasm is faster.
 */
export async function compareKernels({ wasmBytes, functions, sizes = [1000, 100_000, 1_000_000], repeats = 7, budgetMs = 20 }) {
  const { exports } = await instantiateModule(wasmBytes);
  const catalog = JSON.parse(readCString(exports, exports.ae_catalog_json()));
  const maxN = Math.max(...sizes);
  const capacity = maxN + catalog.limits.maxKinks;
  const [px, pf, pdf, pparams, pcount] = [capacity, capacity, capacity, 16, 1].map((count) => exports.malloc(count * DOUBLE));
  const jsX = new Float64Array(capacity);
  const jsF = new Float64Array(capacity);
  const jsDf = new Float64Array(capacity);
  const rows = [];
  for (const [index, fn] of catalog.functions.entries()) {
    if (functions && !functions.includes(fn.id)) continue;
    const params = fn.parameters.map((p) => p.default);
    new Float64Array(exports.memory.buffer, pparams, params.length).set(params);
    const kernel = JS_KERNELS[fn.id];
    for (const n of sizes) {
      const wasm = () => {
        const status = exports.ae_sample(index, pparams, params.length, 0, 0, -10, 10, n, px, pf, pdf, 0, capacity, pcount);  // pytorch, float64
        if (status !== 0) throw new Error(`ae_sample(${fn.id}) returned ${status}`);
      };
      const js = () => { linspace(jsX, -10, 10, n); kernel(jsX, jsF, jsDf, n, params); };
      wasm(); js(); // warm both up before the first timed round
      const wasmTimes = [];
      const jsTimes = [];
      for (let r = 0; r < repeats; r += 1) {
        wasmTimes.push(timePerSample(wasm, n, budgetMs));
        jsTimes.push(timePerSample(js, n, budgetMs));
      }
      const wasmNs = median(wasmTimes);
      const jsNs = median(jsTimes);
      rows.push({ id: fn.id, n, wasmNs, jsNs, ratio: jsNs / wasmNs });
    }
  }
  return rows;
}

function readCString(exports, pointer) {
  const bytes = new Uint8Array(exports.memory.buffer);
  return new TextDecoder().decode(bytes.subarray(pointer, bytes.indexOf(0, pointer)));
}

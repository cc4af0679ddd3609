// The low-precision kernels against float64, in the page's engine (wasm, Node): ns per sample of
// sample() in each dtype, and how long measuring the zero tails takes (every value of the dtype),
// which the page pays once per function, parameters and dtype (cached).
import { performance } from 'node:perf_hooks';

import { loadEngine } from '../web/activation-engine.js';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function dtypeKernels({ wasmBytes, functions = ['leaky_relu', 'sigmoid', 'tanh', 'gelu', 'softsign'], n = 100_001, repeats = 7 }) {
  const engine = await loadEngine(wasmBytes);
  const dtypes = engine.catalog.dtypes.map((d) => d.id);
  const rows = [];
  for (const functionId of functions) {
    const row = { functionId, sampleNs: {}, saturationMs: {} };
    for (let r = 0; r < repeats; r += 1) {
      // Alternating dtypes within each round, so drift hits them alike.
      for (const dtype of dtypes) {
        const start = performance.now();
        const result = engine.sample({ functionId, dtype, from: -10, to: 10, n, borrow: true });
        const ns = ((performance.now() - start) * 1e6) / n;
        if (!result.ok) throw new Error(result.message);
        (row.sampleNs[dtype] ??= []).push(ns);
        if (dtype === 'float64') continue;
        const t0 = performance.now();
        const tails = engine.saturation({ functionId, dtype });
        if (!tails.ok) throw new Error(tails.message);
        (row.saturationMs[dtype] ??= []).push(performance.now() - t0);
      }
    }
    for (const dtype of dtypes) row.sampleNs[dtype] = median(row.sampleNs[dtype]);
    for (const dtype of Object.keys(row.saturationMs)) row.saturationMs[dtype] = median(row.saturationMs[dtype]);
    rows.push(row);
  }
  return { dtypes, n, rows };
}

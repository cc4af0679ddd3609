// Two or more builds of the wasm module side by side: float32 ns per sample of sample() for the
// Sleef-backed functions, rounds alternating between the builds so machine load hits them alike,
// median of `repeats`. For a kernel change, e.g. the base commit's module against this one:
//   node bench/float32-builds.mjs before=/tmp/base/dist/activation_explorer.wasm after=dist/activation_explorer.wasm
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

import { loadEngine } from '../web/activation-engine.js';

const FUNCTIONS = ['tanh', 'gelu_tanh', 'tanhshrink', 'mish', 'gelu', 'silu', 'sigmoid', 'elu'];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function float32Builds({ builds, functions = FUNCTIONS, n = 100_001, repeats = 7 }) {
  const engines = await Promise.all(builds.map(async (b) => ({ ...b, engine: await loadEngine(b.wasmBytes) })));
  const ns = Object.fromEntries(functions.map((f) => [f, engines.map(() => [])]));
  for (let r = 0; r < repeats; r += 1) {
    for (const functionId of functions) {
      engines.forEach(({ engine }, i) => {
        const start = performance.now();
        const result = engine.sample({ functionId, dtype: 'float32', from: -10, to: 10, n, borrow: true });
        if (!result.ok) throw new Error(`${functionId}: ${result.message}`);
        ns[functionId][i].push(((performance.now() - start) * 1e6) / n);
      });
    }
  }
  return functions.map((functionId) => ({ functionId, ns: ns[functionId].map(median) }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const builds = await Promise.all(process.argv.slice(2).map(async (arg) => {
    const [name, path] = arg.includes('=') ? arg.split('=') : [arg, arg];
    return { name, wasmBytes: await readFile(path) };
  }));
  if (builds.length < 1) throw new Error('usage: node bench/float32-builds.mjs name=path.wasm [name=path.wasm …]');
  const rows = await float32Builds({ builds });
  console.log(`float32 sample(), n = 100,001 on [−10, 10], ns per sample, median of 7 (Node ${process.version})`);
  console.log(`| function | ${builds.map((b) => `${b.name} ns`).join(' | ')} |`);
  console.log(`| --- |${' ---: |'.repeat(builds.length)}`);
  for (const r of rows) console.log(`| ${r.functionId} | ${r.ns.map((v) => v.toFixed(1)).join(' | ')} |`);
}

// What a typed formula's tie search costs (issue 19: its honest-kink markers), per search, in
// the page's engine (wasm, Node: engine.kinks with from/to, the entry's cache defeated by
// alternating two ranges) and natively (tests/support/formula_ties_rows --repeat: find_ties
// itself), side by side, with a wasm sample at n = 2,001 of the same formula for scale (which
// searches too when its range changes: here it is the cached range).
//   node bench/formula-ties.mjs [path/to/activation_explorer.wasm] [path/to/formula_ties_rows] [rounds]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { loadEngine } from '../web/activation-engine.js';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const CASES = [
  { text: 'max(0.01*x, x)', from: -10, to: 10 },
  { text: 'leaky_relu(2*x - 1, 0.2) + clamp(x, 0, 6)', from: -10, to: 10 },
  { text: 'x * sigmoid(x)', from: -10, to: 10 },
  { text: 'abs(sin(x))', from: -100, to: 100 },
];

function wasmMicroseconds(engine, { text, from, to }, rounds) {
  const formula = engine.registerFormula(text, { id: 'bench_ties' });
  if (!formula.ok) throw new Error(formula.message);
  const ranges = [to, to + 1e-9];
  const search = (i) => {
    const start = performance.now();
    const result = engine.kinks({ functionId: formula.functionId, from, to: ranges[i % 2] });
    const us = (performance.now() - start) * 1000;
    if (!result.ok) throw new Error(result.message);
    return { us, found: result.found };
  };
  for (let i = 0; i < 5; i += 1) search(i);  // warm-up: JIT, buffers
  const times = [];
  let found = 0;
  // Counting on from the warm-up, so every call's range differs from the last one's.
  for (let i = 0; i < rounds; i += 1) ({ us: times[i], found } = search(5 + i));
  const sampleTimes = [];
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    engine.sample({ functionId: formula.functionId, from, to: ranges[(5 + rounds - 1) % 2], n: 2001, borrow: true });
    sampleTimes.push((performance.now() - start) * 1000);
  }
  engine.unregisterFormula(formula.functionId);
  return { best: Math.min(...times), median: median(times), found, sampleMedian: median(sampleTimes) };
}

function nativeMicroseconds(tool, { text, from, to }, rounds) {
  const runs = [];
  for (let i = 0; i < 3; i += 1) {
    const run = spawnSync(tool, [text, String(from), String(to), '--repeat', String(rounds)], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    runs.push(Number(run.stderr.trim()));
  }
  return { best: Math.min(...runs), median: median(runs) };
}

const [wasmPath = new URL('../dist/activation_explorer.wasm', import.meta.url).pathname,
  tool = new URL('../build/native/formula_ties_rows', import.meta.url).pathname, roundsText = '101'] = process.argv.slice(2);
const rounds = Number(roundsText);
const engine = await loadEngine(readFileSync(wasmPath));
console.log('formula, range | ties found | native µs per search (best / median of 3 means) | wasm µs per search (best / median) | wasm / native (median) | wasm sample n = 2,001, µs (median)');
for (const c of CASES) {
  const wasm = wasmMicroseconds(engine, c, rounds);
  const native = nativeMicroseconds(tool, c, rounds);
  console.log(`${c.text}, ${c.from}…${c.to} | ${wasm.found} | ${native.best.toFixed(0)} / ${native.median.toFixed(0)} | ${wasm.best.toFixed(0)} / ${wasm.median.toFixed(0)} | ${(wasm.median / native.median).toFixed(2)} | ${wasm.sampleMedian.toFixed(0)}`);
}

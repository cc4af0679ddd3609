// A typed formula's sampling cost in the page's engine (wasm, Node) against the built-in it
// equals (issue 19: x * sigmoid(x) against SiLU, n = 200,001, goal <= 3x). Rounds alternate the
// two so drift hits them alike; best and median per side, ms per call and ns per sample.
//   node bench/formula-wasm.mjs [path/to/activation_explorer.wasm] [rounds]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { loadEngine } from '../web/activation-engine.js';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function formulaAgainstBuiltIn({ wasmBytes, text = 'x * sigmoid(x)', builtIn = 'silu', n = 200_001, rounds = 21, second = false }) {
  const engine = await loadEngine(wasmBytes);
  const formula = engine.registerFormula(text);
  if (!formula.ok) throw new Error(formula.message);
  const sides = { [text]: formula.functionId, [builtIn]: builtIn };
  const times = Object.fromEntries(Object.keys(sides).map((name) => [name, []]));
  const time = (functionId) => {
    const start = performance.now();
    const result = engine.sample({ functionId, from: -10, to: 10, n, second, borrow: true });
    const ms = performance.now() - start;
    if (!result.ok) throw new Error(result.message);
    return ms;
  };
  for (const functionId of Object.values(sides)) time(functionId);  // warm-up: buffers, JIT
  for (let r = 0; r < rounds; r += 1) {
    const order = r % 2 === 0 ? Object.keys(sides) : Object.keys(sides).reverse();
    for (const name of order) times[name].push(time(sides[name]));
  }
  engine.unregisterFormula(formula.functionId);
  const summary = (ms) => ({ bestMs: Math.min(...ms), medianMs: median(ms) });
  const rows = Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, summary(ms)]));
  return {
    n,
    rounds,
    second,
    rows,
    ratio: { best: rows[text].bestMs / rows[builtIn].bestMs, median: rows[text].medianMs / rows[builtIn].medianMs },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.argv[2] ?? new URL('../dist/activation_explorer.wasm', import.meta.url).pathname;
  const rounds = Number(process.argv[3] ?? 21);
  for (const second of [false, true]) {
    const { n, rows, ratio } = await formulaAgainstBuiltIn({ wasmBytes: readFileSync(path), rounds, second });
    console.log(`n = ${n.toLocaleString('en')}, ${rounds} alternating rounds, ${second ? 'f, f\u2032 and f\u2033' : 'f and f\u2032'}:`);
    console.log('side'.padEnd(18), 'best ms'.padStart(9), 'median ms'.padStart(10), 'best ns/sample'.padStart(15));
    for (const [name, row] of Object.entries(rows)) {
      console.log(name.padEnd(18), row.bestMs.toFixed(2).padStart(9), row.medianMs.toFixed(2).padStart(10),
        ((row.bestMs * 1e6) / n).toFixed(1).padStart(15));
    }
    console.log(`formula / built-in: ${ratio.best.toFixed(2)}x best, ${ratio.median.toFixed(2)}x median (goal <= 3x)\n`);
  }
}

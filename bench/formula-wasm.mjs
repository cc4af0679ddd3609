// A typed formula's sampling cost in the page's engine (wasm) against the built-in it equals
// (issue 19: x * sigmoid(x) against SiLU, n = 200,001, goal <= 3x), and two more pairs:
// leaky_relu(x, 0.1) typed (the catalog's kernel per chunk) against Leaky ReLU, and
// x * tanh(softplus(x)) against Mish. Each pair with f and f′ (what the page asks by default)
// and with f, f′ and f″. Rounds alternate the sides (and the modules, with --before) so drift
// hits them alike; best and median per side in ns per sample, and the formula / built-in ratio.
//   node bench/formula-wasm.mjs [path/to/activation_explorer.wasm] [rounds] [--before base.wasm] [--chromium]
// --before measures another module (the base commit's) in the same rounds; --chromium runs the
// same code in headless Chromium (tests/browser/harness.mjs) instead of Node.
import { readFileSync } from 'node:fs';

export const PAIRS = [
  { text: 'x * sigmoid(x)', builtIn: 'silu', params: {}, goal: 3 },
  { text: 'leaky_relu(x, 0.1)', builtIn: 'leaky_relu', params: { alpha: 0.1 } },
  { text: 'x * tanh(softplus(x))', builtIn: 'mish', params: {} },
];

// Self-contained (it runs in the page too): ms per call for each module, pair, f″ or not, side.
export async function measure(loadEngine, modules, { pairs, n = 200_001, rounds = 21 }) {
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const cases = [];
  for (const { name, bytes } of modules) {
    const engine = await loadEngine(bytes);
    for (const [index, pair] of pairs.entries()) {
      const formula = engine.registerFormula(pair.text, { id: `formula${index}` });
      if (!formula.ok) throw new Error(`${pair.text}: ${formula.message}`);
      for (const second of [false, true]) {
        for (const [side, functionId, params] of [['formula', formula.functionId, {}], ['built-in', pair.builtIn, pair.params]]) {
          cases.push({ module: name, text: pair.text, builtIn: pair.builtIn, second, side, ms: [],
            run: () => engine.sample({ functionId, params, from: -10, to: 10, n, second, borrow: true }) });
        }
      }
    }
  }
  const time = (c) => {
    const start = performance.now();
    const result = c.run();
    const ms = performance.now() - start;
    if (!result.ok) throw new Error(`${c.text} / ${c.side}: ${result.message}`);
    return ms;
  };
  for (const c of cases) time(c);  // warm-up: buffers, the tiers' compilation
  for (let r = 0; r < rounds; r += 1) {
    for (const c of r % 2 === 0 ? cases : [...cases].reverse()) c.ms.push(time(c));
  }
  return cases.map(({ module, text, builtIn, second, side, ms }) => ({
    module, text, builtIn, second, side, bestNs: (Math.min(...ms) * 1e6) / n, medianNs: (median(ms) * 1e6) / n,
  }));
}

// Kept for callers of the single-pair form: x * sigmoid(x) against SiLU by default.
export async function formulaAgainstBuiltIn({ wasmBytes, text = 'x * sigmoid(x)', builtIn = 'silu', params = {}, n = 200_001, rounds = 21, second = false }) {
  const { loadEngine } = await import('../web/activation-engine.js');
  const rows = await measure(loadEngine, [{ name: 'this', bytes: wasmBytes }], { pairs: [{ text, builtIn, params }], n, rounds });
  const pick = (side) => rows.find((r) => r.second === second && r.side === side);
  const formula = pick('formula');
  const catalog = pick('built-in');
  return { n, rounds, second, formula, builtIn: catalog,
    ratio: { best: formula.bestNs / catalog.bestNs, median: formula.medianNs / catalog.medianNs } };
}

export async function inChromium(modules, options) {
  const { startSession, openPage } = await import('../tests/browser/harness.mjs');
  const session = await startSession();
  try {
    const { page } = await openPage(session, 'activation-engine.js', { waitForPlot: false });
    const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? navigator.userAgent);
    // The same measure() as in Node, sent as its source with the modules' bytes.
    const sent = JSON.stringify(modules.map(({ name, bytes }) => ({ name, bytes: Array.from(bytes) })));
    const rows = await page.evaluate(`(async () => {
      const { loadEngine } = await import('/activation-engine.js');
      const measure = ${measure.toString()};
      const modules = ${sent}.map(({ name, bytes }) => ({ name, bytes: new Uint8Array(bytes) }));
      return measure(loadEngine, modules, ${JSON.stringify(options)});
    })()`);
    return { rows, where: `headless ${version}` };
  } finally {
    await session.close();
  }
}

export function table(rows, modules, n, rounds, where) {
  const lines = [`${where}, n = ${n.toLocaleString('en')} on [\u221210, 10], float64, PyTorch's rules, ${rounds} alternating rounds; ns per sample:`, ''];
  lines.push('| formula | built-in | computed | module | formula, best | formula, median | built-in, best | built-in, median | ratio, best | ratio, median |');
  lines.push('| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const pair of PAIRS) {
    for (const second of [false, true]) {
      for (const { name } of modules) {
        const pick = (side) => rows.find((r) => r.module === name && r.text === pair.text && r.second === second && r.side === side);
        const f = pick('formula');
        const b = pick('built-in');
        const goal = pair.goal && !second ? ` (goal \u2264 ${pair.goal})` : '';
        lines.push(`| \`${pair.text}\` | ${pair.builtIn} | ${second ? 'f, f\u2032, f\u2033' : 'f, f\u2032'} | ${name} | ${f.bestNs.toFixed(1)} | ${f.medianNs.toFixed(1)} | ` +
          `${b.bestNs.toFixed(1)} | ${b.medianNs.toFixed(1)} | ${(f.bestNs / b.bestNs).toFixed(2)}${goal} | ${(f.medianNs / b.medianNs).toFixed(2)} |`);
      }
    }
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const flag = (name) => {
    const at = args.indexOf(name);
    if (at < 0) return undefined;
    const [, value] = args.splice(at, 2);
    return value;
  };
  const chromium = args.includes('--chromium');
  if (chromium) args.splice(args.indexOf('--chromium'), 1);
  const before = flag('--before');
  const path = args[0] ?? new URL('../dist/activation_explorer.wasm', import.meta.url).pathname;
  const rounds = Number(args[1] ?? 21);
  const n = 200_001;
  const modules = [{ name: before ? 'after' : 'this', bytes: readFileSync(path) }];
  if (before) modules.push({ name: 'before', bytes: readFileSync(before) });
  let rows;
  let where;
  if (chromium) {
    ({ rows, where } = await inChromium(modules, { pairs: PAIRS, n, rounds }));
  } else {
    const { loadEngine } = await import('../web/activation-engine.js');
    rows = await measure(loadEngine, modules, { pairs: PAIRS, n, rounds });
    where = `Node ${process.versions.node}`;
  }
  console.log(table(rows, modules, n, rounds, where));
}

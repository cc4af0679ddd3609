// The typed-formula sections of bench/results.md (issue 19): a formula's sampling cost against
// the built-in it equals, in the page's wasm module. Run by bench/run.mjs, in a full run or alone
// (`./scripts/bench --only formula`), which splices these sections into the file.
import { brotli, gzip } from '../scripts/lib/precompress.mjs';
import { inChromium, measure, PAIRS, table } from './formula-wasm.mjs';

const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const num = (v) => v.toLocaleString('en');

async function samplingSection({ explorerWasmBytes, quick }) {
  const rounds = quick ? 5 : 21;
  const n = 200_001;
  const modules = [{ name: 'shipped', bytes: explorerWasmBytes }];
  const { loadEngine } = await import('../web/activation-engine.js');
  const nodeRows = await measure(loadEngine, modules, { pairs: PAIRS, n, rounds });
  const chromium = await inChromium(modules, { pairs: PAIRS, n, rounds });
  const lines = [
    '## A typed formula in wasm (issue 19): its sampling cost against the built-in it equals',
    '',
    '`node bench/formula-wasm.mjs` (add `--chromium` for the browser): the explorer\'s module through `engine.registerFormula`; the page asks f and f′ unless f″ is shown.',
    '',
    table(nodeRows, modules, n, rounds, `Node ${process.versions.node}`),
    '',
    table(chromium.rows, modules, n, rounds, chromium.where),
    '',
    `The explorer's module (with the parser and the evaluator): ${num(explorerWasmBytes.length)} B raw, ${num(gzip(explorerWasmBytes).length)} gzip, ${num(brotli(explorerWasmBytes).length)} Brotli.`,
    '',
  ];
  const ratio = (rows) => {
    const pick = (side) => rows.find((r) => r.text === PAIRS[0].text && !r.second && r.side === side);
    return pick('formula').medianNs / pick('built-in').medianNs;
  };
  const node = ratio(nodeRows);
  const browser = ratio(chromium.rows);
  const met = node <= PAIRS[0].goal && browser <= PAIRS[0].goal;
  return { lines, targets: [`| a typed \`x * sigmoid(x)\` within ${PAIRS[0].goal}× of SiLU in wasm, f and f′, n = 200,001 (median) | ${fmt(node)}× (Node), ${fmt(browser)}× (Chromium) | ${met ? 'met' : '**not met**'} |`] };
}

/** Every formula section: `{ lines, targets }` (targets are rows of the Targets table). */
export async function formulaSections(options) {
  const parts = [await samplingSection(options)];
  return { lines: parts.flatMap((p) => p.lines), targets: parts.flatMap((p) => p.targets) };
}

// The typed-formula sections of bench/results.md (issue 19): a formula's sampling cost against
// the built-in it equals, in the page's wasm module. Run by bench/run.mjs, in a full run or alone
// (`./scripts/bench --only formula`), which splices these sections into the file.
import { brotli, gzip } from '../scripts/lib/precompress.mjs';
import { inChromium, measure, PAIRS, table } from './formula-wasm.mjs';
import { labFormulaTraining } from './lab-bench.mjs';
import { sliderLatency } from './page-bench.mjs';

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

// The slider's page/floor ratio with the reader's formula on screen (x * sigmoid(b*x), b dragged,
// beside ReLU) and with the built-ins' scene (Leaky ReLU's α), alternating rounds in one browser.
async function sliderSection({ session, quick }) {
  const n = 2001;
  const moves = quick ? 20 : 60;
  const rounds = quick ? 1 : 3;
  const rows = [];
  for (let round = 1; round <= rounds; round += 1) {
    for (const formula of [false, true]) {
      const [row] = await sliderLatency(session, [n], moves, { formula });
      rows.push({ round, formula, ...row, ratio: row.page.p50 / row.floor.p50 });
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const medianRatio = (formula) => median(rows.filter((r) => r.formula === formula).map((r) => r.ratio));
  const lines = [
    '## The slider with a typed formula on screen (issue 19)',
    '',
    `Input event → \`plotly_afterplot\` at n = 2,001, ${moves} moves per round, rounds alternating the two scenes in one headless Chromium (\`node bench/page-bench.mjs --formula\`). Floor: the same event and scheduling drawing precomputed arrays.`,
    '',
    '| round | scene | page p50, ms | floor p50, ms | page/floor | page p95, ms | floor p95, ms |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.round} | ${r.formula ? '`x * sigmoid(b*x)`, b dragged, beside ReLU' : 'Leaky ReLU, α dragged, beside ReLU'} | ${fmt(r.page.p50, 1)} | ${fmt(r.floor.p50, 1)} | ${fmt(r.ratio)} | ${fmt(r.page.p95, 1)} | ${fmt(r.floor.p95, 1)} |`),
    '',
    `Median page/floor: built-ins ${fmt(medianRatio(false))}, formula ${fmt(medianRatio(true))}.`,
    '',
  ];
  const ratio = medianRatio(true);
  return { lines, targets: [`| slider p50 within 1.10× of the floor at n = 2,001 with a typed formula on screen (median of rounds) | ${fmt(ratio)}× (built-ins in the same rounds: ${fmt(medianRatio(false))}×) | ${ratio <= 1.1 ? 'met' : '**not met**'} |`] };
}

// The lab's training with a side typed as a formula against the built-in it equals.
async function labSection({ labWasmBytes, quick }) {
  const rows = await labFormulaTraining({ labWasmBytes, rounds: quick ? 1 : 5 });
  const lines = [
    '## The lab with a typed formula side (issue 19): training steps per second',
    '',
    'The same network, data and batches with both sides the built-in or both the formula written for it, in wasm (Node). `leaky_relu(x, 0.01)` trains bit for bit as the built-in (its catalog kernel per chunk, through the evaluator); `x * sigmoid(x)` is SiLU written out, each op rounded to float32, which is not the bits of PyTorch's float32 SiLU kernel that the built-in reproduces: it runs the evaluator's batched exponentials against the built-in's one-point kernel, best of alternating rounds; network-steps per second (`node bench/lab-bench.mjs --formula`).',
    '',
    '| network | built-in | typed formula | dead units tracked | built-in | formula | formula / built-in |',
    '| --- | --- | --- | --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.network} | ${r.function} | \`${r.formulaText}\` | ${r.tracked ? 'yes' : 'no'} | ${num(Math.round(r.builtin))} | ${num(Math.round(r.formula))} | ${fmt(r.formula / r.builtin)} |`),
    '',
  ];
  return { lines, targets: [] };
}

/** Every formula section: `{ lines, targets }` (targets are rows of the Targets table). */
export async function formulaSections(options) {
  const parts = [await samplingSection(options), await sliderSection(options), await labSection(options)];
  return { lines: parts.flatMap((p) => p.lines), targets: parts.flatMap((p) => p.targets) };
}

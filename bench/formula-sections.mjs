// The typed-formula sections of bench/results.md (issue 19): a formula's sampling cost against
// the built-in it equals, in the page's wasm module. Run by bench/run.mjs, in a full run or alone
// (`./scripts/bench --only formula`), which splices these sections into the file.
import { brotli, gzip } from '../scripts/lib/precompress.mjs';
import { formulaAgainstBuiltIn } from './formula-wasm.mjs';

const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const num = (v) => v.toLocaleString('en');

async function samplingSection({ explorerWasmBytes, quick }) {
  const rounds = quick ? 5 : 21;
  const lines = [
    '## A typed formula in wasm (issue 19): `x * sigmoid(x)` against SiLU',
    '',
    `\`node bench/formula-wasm.mjs\` (the explorer's module through \`engine.registerFormula\`, Node ${process.version}), n = 200,001 on [−10, 10], float64, PyTorch's rules, ${rounds} rounds alternating the two sides.`,
    '',
    '| computed | formula, best ms | formula, median ms | SiLU, best ms | SiLU, median ms | ratio, best | ratio, median |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const ratios = [];
  for (const second of [false, true]) {
    const { rows, ratio } = await formulaAgainstBuiltIn({ wasmBytes: explorerWasmBytes, rounds, second });
    const [formula, builtIn] = Object.values(rows);
    ratios.push(ratio.median);
    lines.push(`| ${second ? 'f, f′ and f″' : 'f and f′'} | ${fmt(formula.bestMs)} | ${fmt(formula.medianMs)} | ${fmt(builtIn.bestMs)} | ${fmt(builtIn.medianMs)} | ${fmt(ratio.best)} | ${fmt(ratio.median)} |`);
  }
  lines.push('', `The explorer's module (with the parser and the evaluator): ${num(explorerWasmBytes.length)} B raw, ${num(gzip(explorerWasmBytes).length)} gzip, ${num(brotli(explorerWasmBytes).length)} Brotli.`, '');
  const worst = Math.max(...ratios);
  return { lines, targets: [`| a typed \`x * sigmoid(x)\` within 3× of SiLU in wasm, n = 200,001 (median) | worst ${fmt(worst)}× | ${worst <= 3 ? 'met' : '**not met**'} |`] };
}

/** Every formula section: `{ lines, targets }` (targets are rows of the Targets table). */
export async function formulaSections(options) {
  const parts = [await samplingSection(options)];
  return { lines: parts.flatMap((p) => p.lines), targets: parts.flatMap((p) => p.targets) };
}

// scripts/bench's second half: runs every measurement that needs Node or Chromium, joins them
// with the native Google Benchmark results, prints the table and writes bench/results.md.
//   node bench/run.mjs --native build/bench/native.json --simd dist/activation_explorer.wasm \
//     --scalar build/wasm-scalar/dist/activation_explorer.wasm --out bench/results.md
//   node bench/run.mjs --only formula --simd dist/activation_explorer.wasm --out bench/results.md
//     (measures the typed-formula sections alone and splices them into the file)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { startStaticServer } from '../scripts/lib/static-server.mjs';
import { startSession } from '../tests/browser/harness.mjs';
import { brotli, gzip } from '../scripts/lib/precompress.mjs';
import { distDir } from '../tests/support/paths.mjs';
import { dtypeKernels } from './dtype-bench.mjs';
import { labTraining } from './lab-bench.mjs';
import { sliderWhileTraining } from './lab-page-bench.mjs';
import { hostileInput } from './hostile-input.mjs';
import { compareKernels } from './kernel-compare.mjs';
import { elementPageWeight, firstPlotSideBySide, pageWeight, sliderLatency, steadiness } from './page-bench.mjs';
import { formulaSections } from './formula-sections.mjs';
import { spliceSections, spliceTableRows } from './results-sections.mjs';

const { values: args } = parseArgs({
  options: {
    native: { type: 'string' }, simd: { type: 'string' }, scalar: { type: 'string' }, size: { type: 'string' }, out: { type: 'string' },
    quick: { type: 'boolean', default: false }, only: { type: 'string' },
  },
});
const quick = args.quick;
const explorerWasmBytes = readFileSync(args.simd);
const labWasmBytes = readFileSync(join(args.simd, '..', 'activation_lab.wasm'));

// A partial run: measure the typed-formula sections alone and splice them (and their target
// rows) into the results, keeping every other section as the last full run wrote it.
if (args.only) {
  if (args.only !== 'formula') throw new Error(`--only: unknown part "${args.only}" (known: formula)`);
  const session = await startSession();
  const formula = await formulaSections({ explorerWasmBytes, labWasmBytes, session, quick });
  await session.close();
  console.log(formula.lines.join('\n'));
  if (args.out) {
    const spliced = spliceSections(readFileSync(args.out, 'utf8'), formula.lines.join('\n'));
    writeFileSync(args.out, spliceTableRows(spliced, '## Targets', formula.targets));
  }
  process.exit(0);
}
const repoRoot = new URL('..', import.meta.url).pathname;
const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const lines = [];
const say = (line = '') => { lines.push(line); console.log(line); };
const check = (ok) => (ok ? 'met' : '**not met**');

// ---- 1. Native kernel (Google Benchmark JSON from scripts/bench)
const native = JSON.parse(readFileSync(args.native, 'utf8'));
const nativeNs = new Map();
let memcpyRate = new Map();
for (const b of native.benchmarks) {
  const [kind, id, n] = b.name.split('/');
  if (kind === 'memcpy') memcpyRate.set(Number(id), b.bytes_per_second);
  else if (kind === 'lab') continue; // timed again beside wasm and tfjs (lab-bench.mjs)
  else nativeNs.set(`${id}/${n}`, { ns: b.ns_per_sample * 1e9, rate: b.bytes_per_second });
}
const versions = {
  cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  gxx: execFileSync('g++', ['--version'], { encoding: 'utf8' }).split('\n')[0],
  emcc: execFileSync('emcc', ['--version'], { encoding: 'utf8' }).split('\n')[0],
  chromium: execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim(),
};

const simdBytes = explorerWasmBytes;
const scalarBytes = readFileSync(args.scalar);
const sizes = [1000, 100_000, 1_000_000];
const repeats = quick ? 3 : 7;
console.error('==> wasm vs JavaScript in Node (SIMD and scalar builds)');
const nodeSimd = await compareKernels({ wasmBytes: simdBytes, sizes, repeats });
const nodeScalar = await compareKernels({ wasmBytes: scalarBytes, sizes, repeats });

console.error('==> wasm vs JavaScript in Chromium');
const { server: benchServer, url: benchUrl } = await startStaticServer({ root: repoRoot });
const browserSession = await startSession();
const kernelPage = await browserSession.browser.newPage();
await kernelPage.goto(new URL('bench/js-kernels.mjs', benchUrl).href);
const chromiumSimd = await kernelPage.evaluate(async ({ wasmPath, sizes, repeats }) => {
  const { compareKernels: compare } = await import('/bench/kernel-compare.mjs');
  const bytes = new Uint8Array(await (await fetch(wasmPath)).arrayBuffer());
  return compare({ wasmBytes: bytes, sizes, repeats });
}, { wasmPath: '/dist/activation_explorer.wasm', sizes, repeats });
await kernelPage.close();
benchServer.close();

// ---- 2 and 3. Kernel tables
say(`# Activation Explorer benchmarks`);
say();
say(`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`./scripts/bench\` on ${versions.cpu}, ${versions.cores} cores, ${versions.memory};`);
say(`${versions.gxx}; ${versions.emcc}; Node ${versions.node}; ${versions.chromium} (headless).`);
say(`Every figure is a median of ${repeats} rounds (kernels) or of the moves listed (latency); the two sides of each comparison alternate within one run.`);
say();
say('## Kernels: ns per sample (x, f and f′ written), default parameters, x ∈ [−10, 10]');
say();
say('JS = plain JavaScript written for this benchmark (bench/js-kernels.mjs). Ratio JS/wasm above 1: wasm is faster. wasm/native below 1.5 meets the target.');
say();
say('| function | n | native | native GB/s | wasm SIMD (Node) | wasm scalar (Node) | JS (Node) | JS/wasm Node | wasm SIMD (Chromium) | JS (Chromium) | JS/wasm Chromium | wasm/native |');
say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const key = (r) => `${r.id}/${r.n}`;
const scalarBy = new Map(nodeScalar.map((r) => [key(r), r]));
const chromiumBy = new Map(chromiumSimd.map((r) => [key(r), r]));
let slowerThanJs = [];
let worstWasmNative = 0;
for (const r of nodeSimd) {
  const nativeSame = nativeNs.get(key(r));
  const ch = chromiumBy.get(key(r));
  const wasmOverNative = nativeSame ? r.wasmNs / nativeSame.ns : NaN;
  if (Number.isFinite(wasmOverNative)) worstWasmNative = Math.max(worstWasmNative, wasmOverNative);
  if (r.n === 100_000 && (r.ratio < 1 || (ch && ch.ratio < 1))) slowerThanJs.push(r.id);
  say(`| ${r.id} | ${r.n.toLocaleString('en')} | ${nativeSame ? fmt(nativeSame.ns) : '—'} | ${nativeSame ? fmt(nativeSame.rate / 1e9, 1) : '—'} | ${fmt(r.wasmNs)} | ${fmt(scalarBy.get(key(r)).wasmNs)} | ${fmt(r.jsNs)} | ${fmt(r.ratio)} | ${ch ? fmt(ch.wasmNs) : '—'} | ${ch ? fmt(ch.jsNs) : '—'} | ${ch ? fmt(ch.ratio) : '—'} | ${fmt(wasmOverNative)} |`);
}
say();
say(`Memory copy on this machine (memcpy of the same bytes, same program): ${fmt(memcpyRate.get(1000) / 1e9, 1)} GB/s at n = 1,000 (in cache), ${fmt(memcpyRate.get(1_000_000) / 1e9, 1)} GB/s at n = 1,000,000 (24 MB).`);
say();

// ---- 3b. Low-precision kernels (wasm in Node) against float64
console.error('==> dtype kernels in Node');
const dtypeRun = await dtypeKernels({ wasmBytes: simdBytes, repeats });
say(`## Precision: the dtype kernels (wasm, Node), n = ${dtypeRun.n.toLocaleString('en')}`);
say();
say('ns per sample of sample() in each dtype (x rounded, f and f′ as PyTorch\'s CPU kernels compute them, rounded) beside float64 (exact), and the time to find the tails where f′ is exactly 0 (every value of bfloat16 and float16; float32: every bfloat16 value, then float32 near each bound). The page caches that per function, parameters and dtype.');
say();
const lowDtypes = dtypeRun.dtypes.filter((d) => d !== 'float64');
say(`| function | ${dtypeRun.dtypes.map((d) => `${d} ns`).join(' | ')} | ${lowDtypes.map((d) => `${d}/float64`).join(' | ')} | ${lowDtypes.map((d) => `zero tails ${d} ms`).join(' | ')} |`);
say(`| --- |${' ---: |'.repeat(dtypeRun.dtypes.length + 2 * lowDtypes.length)}`);
for (const r of dtypeRun.rows) {
  say(`| ${r.functionId} | ${dtypeRun.dtypes.map((d) => fmt(r.sampleNs[d])).join(' | ')} | ${lowDtypes.map((d) => fmt(r.sampleNs[d] / r.sampleNs.float64)).join(' | ')} | ${lowDtypes.map((d) => fmt(r.saturationMs[d], 1)).join(' | ')} |`);
}
say();

// ---- 3c. The lab's training against TensorFlow.js (Node), and native
console.error('==> lab training: wasm, native, tfjs (cpu and wasm backends)');
const labRows = await labTraining({
  labWasmBytes, rounds: quick ? 1 : 5,
  nativeBench: join(args.native, '..', '..', 'native', 'kernel_bench'),
});
say('## The lab: training steps per second (one network), SGD with Leaky ReLU on the spiral');
say();
say('The same network, data, initial weights and batches (the lab\'s own export) in each; the best of 5 rounds for each (interference on this shared VM only slows a round down; the same wasm measured 2,400 and 3,700 steps/s minutes apart), each round running native (Google Benchmark, bench/kernel_bench.cpp), wasm and both tfjs backends in turn. The lab\'s rates are without its dead-unit tracking, as a framework\'s loop runs; "wasm, tracked" is what the page runs (dead units over the whole training set after every step). tfjs 4.22 in Node, its CPU and its wasm backend (optimizer.minimize).');
say();
say('| network | native | wasm (Node) | wasm/native | wasm, tracked | tfjs CPU | tfjs wasm | wasm ÷ tfjs wasm |');
say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of labRows) {
  const nat = r.native;
  say(`| ${r.label} | ${nat ? Math.round(nat).toLocaleString('en') : '—'} | ${Math.round(r.wasm).toLocaleString('en')} | ${nat ? fmt(nat / r.wasm) : '—'}× slower | ${Math.round(r.wasmTracked).toLocaleString('en')} | ${Math.round(r.tfjsCpu).toLocaleString('en')} | ${Math.round(r.tfjsWasm).toLocaleString('en')} | ${fmt(r.wasm / r.tfjsWasm, 1)}× |`);
}
say();

// ---- 4, 5, 6. The page in Chromium
console.error('==> slider latency, steadiness, page weight in Chromium');
const latency = await sliderLatency(browserSession, [201, 2001, 20001, 200001], quick ? 20 : 60);
const steady = await steadiness(browserSession, 10_000);
const weight = await pageWeight(browserSession, quick ? 2 : 5);
// The same page with the prebuilt basic bundle it shipped before, for the first plot side by side.
const basicPlotly = readFileSync(join(repoRoot, 'node_modules/plotly.js-basic-dist-min/plotly-basic.min.js'));
const basicRoot = mkdtempSync(join(tmpdir(), 'ae-basic-'));
cpSync(distDir, basicRoot, { recursive: true });
for (const suffix of ['.br', '.gz']) rmSync(join(basicRoot, `vendor/plotly-core.min.js${suffix}`));
writeFileSync(join(basicRoot, 'vendor/plotly-core.min.js'), basicPlotly);
const basicSession = await startSession({ root: basicRoot });
const firstPlot = await firstPlotSideBySide({ core: browserSession, basic: basicSession }, quick ? 3 : 9);
await basicSession.close();
console.error('==> typed formulas');
const formula = await formulaSections({ explorerWasmBytes, labWasmBytes, session: browserSession, quick });
rmSync(basicRoot, { recursive: true, force: true });
// The npm package: its tarball, and what a page using the element from a CDN downloads.
const packageOut = mkdtempSync(join(tmpdir(), 'ae-package-'));
execFileSync('node', [join(repoRoot, 'scripts/lib/build-package.mjs'), distDir, packageOut], { stdio: 'ignore' });
const tarball = readFileSync(join(packageOut, `activation-explorer-${readFileSync(join(repoRoot, 'VERSION'), 'utf8').trim()}.tgz`));
const cdn = await startStaticServer({ root: join(packageOut, 'package'), headers: { 'Access-Control-Allow-Origin': '*' } });
const elementWeight = await elementPageWeight(browserSession, cdn.url);
cdn.server.close();
console.error('==> the explorer\'s slider while a lab trains on the same page');
const labSlider = await sliderWhileTraining(browserSession, { moves: quick ? 15 : 40 });
rmSync(packageOut, { recursive: true, force: true });
await browserSession.close();

say('## Slider latency: input event → `plotly_afterplot`, ms');
say();
say('Page: the real page (Leaky ReLU and ReLU, f and f′). Floor: the same input event and one-redraw-per-frame scheduling, drawing the figure the page drew from arrays computed beforehand. All samples: the floor drawing every sample, which is what the page would cost if it did not thin what it draws.');
say();
say('| n | points drawn per curve | page p50 | page p95 | floor p50 | floor p95 | page/floor p50 | all samples p50 | all samples p95 |');
say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of latency) {
  say(`| ${r.n.toLocaleString('en')} | ${r.drawnPoints.toLocaleString('en')} | ${fmt(r.page.p50, 1)} | ${fmt(r.page.p95, 1)} | ${fmt(r.floor.p50, 1)} | ${fmt(r.floor.p95, 1)} | ${fmt(r.page.p50 / r.floor.p50)} | ${fmt(r.fullFloor.p50, 1)} | ${fmt(r.fullFloor.p95, 1)} |`);
}
say();
say('## The explorer\'s slider while a lab trains on the same page');
say();
say(`A tutorial page with \`<activation-plot>\` (Leaky ReLU and ReLU, α slider) and \`<activation-plot view="lab">\` (2-64-64-64-3, batch 64, speed 32: its worker trains flat out and the lab redraws its live charts every frame). Slider input → the explorer's \`plotly_afterplot\`, in six blocks of ${labSlider.idle.moves / 3} moves alternating the lab paused and training (${labSlider.steps.toLocaleString('en')} steps trained meanwhile, ${labSlider.workers} worker). Long tasks: main-thread tasks over 50 ms during the timed moves.`);
say();
say('| lab | slider p50, ms | p95, ms | moves | long tasks |');
say('| --- | ---: | ---: | ---: | ---: |');
for (const [name, r] of [['paused', labSlider.idle], ['training', labSlider.training]]) say(`| ${name} | ${fmt(r.p50, 1)} | ${fmt(r.p95, 1)} | ${r.moves} | ${r.longTasks} |`);
say();
say(`Training ÷ paused, p50: ${fmt(labSlider.training.p50 / labSlider.idle.p50)}. The long tasks with the lab paused are the explorer's own redraws (Plotly's p95 is above 50 ms on this machine, see the slider table); while a frame comes late because something else on the page is drawing, the lab draws at most every 250 ms instead of every frame. The lab alone, training for 5 s with nobody touching the page: ${labSlider.aloneLongTasks} tasks over 50 ms.`);
say();
say('## Steadiness: 10,000 slider updates');
say();
say('| | at the start | after 1,000 (warm) | after 5,500 | after 10,000 |');
say('| --- | ---: | ---: | ---: | ---: |');
say(`| wasm memory (B) | ${[steady.start, steady.warm, steady.half, steady.end].map((r) => r.wasm.toLocaleString('en')).join(' | ')} |`);
say(`| JS heap after GC (B) | ${[steady.start, steady.warm, steady.half, steady.end].map((r) => r.heap.toLocaleString('en')).join(' | ')} |`);
say();
say(`Last value set: α = ${steady.lastValue}; plotted: α = ${steady.plottedAlpha} (${steady.lastPlotted ? 'the last input is the one plotted' : '**input lost**'}).`);
say();
say('## Page weight and start (index.html on localhost)');
say();
say('Each file the page loads: raw, gzip -9 and Brotli 11 (the `.gz` and `.br` files the build writes beside it), and the bytes that crossed the wire from `scripts/serve`, which sends the precompressed file the browser accepts.');
say();
say('| file | bytes | gzip -9 | Brotli | on the wire | encoding |');
say('| --- | ---: | ---: | ---: | ---: | --- |');
const num = (v) => v.toLocaleString('en');
for (const f of weight.files) say(`| ${f.path} | ${num(f.raw)} | ${num(f.gzip)} | ${num(f.brotli)} | ${num(f.wire)} | ${f.encoding} |`);
say(`| **total** | **${num(weight.raw)}** (${kb(weight.raw)}) | **${num(weight.gzip)}** (${kb(weight.gzip)}) | **${num(weight.brotli)}** (${kb(weight.brotli)}) | **${num(weight.wire)}** (${kb(weight.wire)}) | |`);
say();
const coreFile = weight.files.find((f) => f.path.endsWith('plotly-core.min.js'));
const basic = { raw: basicPlotly.length, gzip: gzip(basicPlotly).length, brotli: brotli(basicPlotly).length };
const before = Object.fromEntries(['raw', 'gzip', 'brotli'].map((key) => [key, weight[key] - coreFile[key] + basic[key]]));
say('Before and after: the page as it is, and the same page with the prebuilt `plotly.js-basic-dist-min` bundle it shipped before (bar, pie and calendars included, never drawn) in place of the core bundled at build time.');
say();
say('| Plotly | Plotly gzip | Plotly Brotli | page raw | page gzip | page Brotli | first plot (median of alternate loads) |');
say('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
say(`| before: basic bundle | ${num(basic.gzip)} | ${num(basic.brotli)} | ${kb(before.raw)} | ${kb(before.gzip)} | ${kb(before.brotli)} | ${fmt(firstPlot.basic, 0)} ms |`);
say(`| after: core bundle | ${num(coreFile.gzip)} | ${num(coreFile.brotli)} | ${kb(weight.raw)} | ${kb(weight.gzip)} | ${kb(weight.brotli)} | ${fmt(firstPlot.core, 0)} ms |`);
say(`| after / before | ${fmt(coreFile.gzip / basic.gzip)} | ${fmt(coreFile.brotli / basic.brotli)} | ${fmt(weight.raw / before.raw)} | ${fmt(weight.gzip / before.gzip)} | ${fmt(weight.brotli / before.brotli)} | ${fmt(firstPlot.core / firstPlot.basic)} |`);
say();

say('## The npm package');
say();
say(`The tarball (\`npm pack\`): ${num(tarball.length)} B (${kb(tarball.length)}). What a tutorial page using \`<activation-plot>\` from a package CDN downloads from it, beside the explorer page:`);
say();
say('| | raw | gzip -9 | Brotli |');
say('| --- | ---: | ---: | ---: |');
for (const f of elementWeight.files) say(`| ${f.path} | ${num(f.raw)} | ${num(f.gzip)} | ${num(f.brotli)} |`);
say(`| **the element, all it loads** | **${kb(elementWeight.raw)}** | **${kb(elementWeight.gzip)}** | **${kb(elementWeight.brotli)}** |`);
say(`| the explorer page (above) | ${kb(weight.raw)} | ${kb(weight.gzip)} | ${kb(weight.brotli)} |`);
say(`| the explorer page before this release (basic bundle) | ${kb(before.raw)} | ${kb(before.gzip)} | ${kb(before.brotli)} |`);
say();

// ---- 7. The wasm module's size against its speed, -O3 (shipped) and -Os
if (args.size) {
  const sizeBytes = readFileSync(args.size);
  console.error('==> wasm -O3 against -Os in Node');
  const probe = ['leaky_relu', 'relu6', 'softsign', 'elu', 'sigmoid', 'gelu'];
  const o3 = await compareKernels({ wasmBytes: simdBytes, functions: probe, sizes: [100_000], repeats });
  const os = await compareKernels({ wasmBytes: sizeBytes, functions: probe, sizes: [100_000], repeats });
  say('## The wasm module: size against speed');
  say();
  say(`Shipped: -O3, ${num(simdBytes.length)} B (${num(gzip(simdBytes).length)} gzip, ${num(brotli(simdBytes).length)} Brotli). Built with -Os instead: ${num(sizeBytes.length)} B (${num(gzip(sizeBytes).length)} gzip, ${num(brotli(sizeBytes).length)} Brotli). ns per sample at n = 100,000 in Node, the two builds in one run:`);
  say();
  say('| function | -O3 | -Os | -Os / -O3 |');
  say('| --- | ---: | ---: | ---: |');
  for (const r of o3) {
    const other = os.find((x) => x.id === r.id);
    say(`| ${r.id} | ${fmt(r.wasmNs)} | ${fmt(other.wasmNs)} | ${fmt(other.wasmNs / r.wasmNs)} |`);
  }
  say();
  say('The size flags cost speed in every kernel, so the module stays -O3: its Brotli size is about 10 % of the page\'s.');
  say();
}

// ---- 8. Hostile input: reading a crafted link
const hostile = await hostileInput(args.simd);
say('## Hostile input: reading a crafted link (Node)');
say();
say('| the URL reader today | query size | ms |');
say('| --- | ---: | ---: |');
for (const r of hostile.today) say(`| ${r.query} | ${num(r.bytes)} B | ${fmt(r.ms, 1)} |`);
say();
say('| the patterns it used before | input length | ms |');
say('| --- | ---: | ---: |');
for (const r of hostile.before) say(`| ${r.pattern} | ${num(r.length)} | ${fmt(r.ms, 1)} |`);
say();
say('Before, doubling the input multiplied the time by about four: a 1 MB value would have taken hours.');
say();

for (const line of formula.lines) say(line);

const at = (n) => latency.find((r) => r.n === n);
const leaky100k = nodeSimd.find((r) => r.id === 'leaky_relu' && r.n === 100_000);
const leaky100kChromium = chromiumSimd.find((r) => r.id === 'leaky_relu' && r.n === 100_000);
say('## Targets');
say();
say('| target | measured | |');
say('| --- | --- | --- |');
say(`| wasm ≥ 2× plain JS, Leaky ReLU, n = 100,000 | ${fmt(leaky100k.ratio)}× (Node), ${fmt(leaky100kChromium.ratio)}× (Chromium) | ${check(leaky100k.ratio >= 2 && leaky100kChromium.ratio >= 2)} |`);
say(`| wasm not slower than JS for any function at n = 100,000 | ${slowerThanJs.length ? `slower: ${slowerThanJs.join(', ')}` : 'none slower'} | ${check(slowerThanJs.length === 0)} |`);
say(`| wasm within 1.5× of native | worst ${fmt(worstWasmNative)}× | ${check(worstWasmNative <= 1.5)} |`);
say(`| slider p50 within 1.10× of the floor at n = 2,001 | ${fmt(at(2001).page.p50 / at(2001).floor.p50)}× | ${check(at(2001).page.p50 / at(2001).floor.p50 <= 1.1)} |`);
const worstRatio = Math.max(...latency.map((r) => r.page.p50 / r.floor.p50));
say(`| slider p50 within 1.10× of the floor at every n up to 200,001 | worst ${fmt(worstRatio)}× (${latency.map((r) => `${fmt(r.page.p50 / r.floor.p50)} at ${num(r.n)}`).join(', ')}) | ${check(worstRatio <= 1.1)} |`);
const labRow = (name) => labRows.find((r) => r.name === name);
say(`| lab training ≥ 20× tfjs's wasm backend, default network | ${fmt(labRow('default').wasm / labRow('default').tfjsWasm, 1)}× | ${check(labRow('default').wasm / labRow('default').tfjsWasm >= 20)} |`);
say(`| lab training ≥ 3× tfjs's wasm backend, large network | ${fmt(labRow('large').wasm / labRow('large').tfjsWasm, 1)}× | ${check(labRow('large').wasm / labRow('large').tfjsWasm >= 3)} |`);
const labNativeRatio = Math.max(...labRows.map((r) => r.native / r.wasm));
say(`| lab training in wasm within 1.5× of native | worst ${fmt(labNativeRatio)}× | ${check(labNativeRatio <= 1.5)} |`);
say(`| explorer slider p50 while a lab trains on the page within 1.10× of it with the lab paused | ${fmt(labSlider.training.p50 / labSlider.idle.p50)}× (${fmt(labSlider.training.p50, 1)} against ${fmt(labSlider.idle.p50, 1)} ms) | ${check(labSlider.training.p50 / labSlider.idle.p50 <= 1.1)} |`);
say(`| no main-thread task over 50 ms in 5 s of a 2-64-64-64-3 lab training on a page | ${labSlider.aloneLongTasks} | ${check(labSlider.aloneLongTasks === 0)} |`);
const worstP95 = Math.max(...latency.map((r) => r.page.p95));
say(`| slider p95 under 50 ms at every n | worst ${fmt(worstP95, 1)} ms | ${check(worstP95 < 50)} |`);
const wasmSteady = steady.warm.wasm === steady.end.wasm;
say(`| no wasm memory growth, no lost input | ${wasmSteady ? 'no growth' : 'grew'} after warm-up; JS heap ${(steady.end.heap / steady.half.heap).toFixed(2)}× between 5,500 and 10,000 updates; ${steady.lastPlotted ? 'none lost' : 'lost'} | ${check(wasmSteady && steady.lastPlotted)} |`);
say(`| page at most 435 KiB gzipped | ${kb(weight.gzip)} (before: ${kb(before.gzip)}) | ${check(weight.gzip <= 435 * 1024)} |`);
say(`| page at most 360 KiB with Brotli | ${kb(weight.brotli)} (before: ${kb(before.brotli)}) | ${check(weight.brotli <= 360 * 1024)} |`);
say(`| a page using the element downloads no more than the explorer page did | ${kb(elementWeight.gzip)} gzip, ${kb(elementWeight.brotli)} Brotli (explorer page before: ${kb(before.gzip)}, ${kb(before.brotli)}) | ${check(elementWeight.gzip <= before.gzip && elementWeight.brotli <= before.brotli)} |`);
for (const row of formula.targets) say(row);
say(`| first plot no slower than with the basic bundle | ${fmt(firstPlot.core, 0)} ms against ${fmt(firstPlot.basic, 0)} ms | ${check(firstPlot.core <= firstPlot.basic * 1.05)} |`);

say();
say('## Why some targets are not met');
say();
say('- **p95 under 50 ms**: the floor itself (Plotly.react of this two-row figure, with no sampling at all) has a p95 above 50 ms on this 2-core machine in headless Chromium; its p50 is about 40 ms, of which Plotly\'s synchronous redraw is 15–20 ms and the wait for the next frame up to 16 ms. Thinning keeps the page\'s cost flat from 2,001 samples up (drawing every sample costs several hundred ms at 200,001).');
if (worstWasmNative > 1.5) say('- **wasm within 1.5× of native**: met by every piecewise-linear and algebraic kernel (they vectorise); the misses are functions bound by exp, log1p, tanh and erfc, where the wasm module runs musl\'s portable libm and the native build glibc\'s tuned x86-64 versions.');
if (labNativeRatio > 1.5) say('- **lab training in wasm within 1.5× of native**: the matrix products vectorise in both builds while keeping one summation order (so native and wasm give the same bits); across runs on this shared 2-core VM the ratio has measured 1.0–1.2× for the default network and 1.0–1.6× for the large one, the machine\'s speed drifting by half within a minute. The lab\'s point, 20× and 3× the tfjs wasm backend, holds.');
if (labSlider.training.p50 / labSlider.idle.p50 > 1.1) say('- **the explorer\'s slider while a lab trains**: on 2 cores the worker training flat out takes one, and the page, its compositor and the browser share the other; the lab itself draws at most every 250 ms while the page is busy. Measured 0.98–1.14× across runs.');
if (slowerThanJs.includes('gelu')) say("- **wasm not slower than JS for GELU in Chromium (0.9×)**: JavaScript has no erf, so the benchmark's JS GELU uses Numerical Recipes' erfc approximation (relative error up to 1.2e-7, one exp); the core uses musl's double-precision erfc (two exps past |x| = 0.84), as it must to match PyTorch to 1e-13.");
if (!(leaky100k.ratio >= 2 && leaky100kChromium.ratio >= 2)) say('- **wasm ≥ 2× JS for Leaky ReLU in Chromium**: wasm writes x, f and f′ at over 20 GB/s there, near the cache bandwidth for 2.4 MB; Chromium\'s newer V8 runs the plain JavaScript loop about twice as fast as Node 20\'s.');

if (args.out) writeFileSync(args.out, `${lines.join('\n')}\n`);

// What a person waits for, measured in headless Chromium: slider input to the end of Plotly's
// redraw against the render floor, steadiness over 10,000 updates, and page weight and start.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { brotli, gzip } from '../scripts/lib/precompress.mjs';
import { startStaticServer } from '../scripts/lib/static-server.mjs';

import { openPage, startSession } from '../tests/browser/harness.mjs';

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

// What the slider drags: the first function's first parameter, beside a second function. The
// built-ins' pair (Leaky ReLU's α beside ReLU, α from 0.01 to 0.4), or the reader's formula
// Swish-β (b from 0.05 to 2) beside ReLU. `series` is what the full floor samples.
const BUILTIN_SCENE = {
  query: 'fn=leaky_relu&fn2=relu',
  series: [{ functionId: 'leaky_relu', params: { alpha: 0.5 } }, { functionId: 'relu', params: {} }],
  valueAt: (i) => ((i % 40) + 1) / 100,
};
const FORMULA_SCENE = {
  query: 'fn=expr&expr=x+*+sigmoid(b*x)&fn2=relu',
  series: [{ functionId: 'expr', params: { b: 1.5 }, expr: 'x * sigmoid(b*x)' }, { functionId: 'relu', params: {} }],
  valueAt: (i) => ((i % 40) + 1) / 20,
};

/**
 * Slider latency at each n: the page's path (input → rAF → sample in wasm → figure → Plotly)
 * alternating with the floor: the same input event and frame scheduling drawing precomputed
 * arrays (the figure the page drew, copied ahead so each redraw gets new arrays). `fullFloor`
 * draws all n samples, which is what the page would cost if it drew every sample.
 * `formula`: the reader's formula x * sigmoid(b*x) on screen, its b dragged, instead of Leaky ReLU's α.
 */
export async function sliderLatency(session, sizes, moves = 60, { formula = false, scene = formula ? FORMULA_SCENE : BUILTIN_SCENE } = {}) {
  const rows = [];
  for (const n of sizes) {
    const { page, close } = await openPage(session, `?${scene.query}&n=${n}`);
    const result = await page.evaluate(async ({ moves, n, series, values }) => {
      const plotEl = document.getElementById('plot');
      const slider = document.querySelector('fieldset.series input[type="range"]');
      const afterPlot = () => new Promise((resolve) => plotEl.once('plotly_afterplot', resolve));
      const copyFigure = (data) => data.map((t) => ({ ...t, x: Array.from(t.x), y: Array.from(t.y) }));
      // The floor's own slider: same event, same one-redraw-per-frame scheduling as the page.
      const floorSlider = Object.assign(document.createElement('input'), { type: 'range' });
      document.body.append(floorSlider);
      let floorFigures = [];
      let floorIndex = 0;
      let revision = 1e6;
      let pending = false;
      floorSlider.addEventListener('input', () => {
        if (pending) return;
        pending = true;
        requestAnimationFrame(() => {
          pending = false;
          floorIndex = (floorIndex + 1) % floorFigures.length;
          revision += 1;
          globalThis.Plotly.react(plotEl, floorFigures[floorIndex], { ...plotEl.layout, datarevision: revision });
        });
      });
      async function timed(target, value) {
        const done = afterPlot();
        const start = performance.now();
        target.value = String(value);
        target.dispatchEvent(new Event('input', { bubbles: true }));
        await done;
        return performance.now() - start;
      }
      // Every sample drawn: the figure the page would draw with no thinning.
      const { loadEngine } = await import('./activation-engine.js');
      const { buildFigure } = await import('./plot-model.js');
      const engine = await loadEngine(new URL('activation_explorer.wasm', location.href));
      const fullSeries = series.map(({ functionId, params, expr }, index) => {
        if (expr) engine.registerFormula(expr, { id: functionId });
        const samples = engine.sample({ functionId, params, from: -10, to: 10, n });
        const { kinks } = engine.kinks({ functionId, params, from: -10, to: 10 });
        return { key: `s${index}`, functionId, label: functionId, color: '#000', dash: 'solid', atKink: 'pytorch', conventionLabel: '', show: { f: true, df: true, d2f: false }, ...samples, kinks };
      });
      const full = buildFigure(fullSeries, { from: -10, to: 10, revision: 0, maxDrawPoints: Infinity }).data;
      const fullFigures = [copyFigure(full), copyFigure(full)];
      const times = { page: [], floor: [], fullFloor: [] };
      let drawnPoints = 0;
      for (let i = 0; i < moves; i += 1) {
        times.page.push(await timed(slider, values[i]));
        drawnPoints = plotEl.data.find((t) => t.meta?.kind === 'value').x.length;
        floorFigures = [copyFigure(plotEl.data), copyFigure(plotEl.data)];
        times.floor.push(await timed(floorSlider, i));
        if (i < Math.min(moves, 20)) {
          floorFigures = fullFigures;
          times.fullFloor.push(await timed(floorSlider, i));
        }
      }
      return { times, drawnPoints };
    }, { moves, n, series: scene.series, values: Array.from({ length: moves }, (_, i) => scene.valueAt(i)) });
    const summary = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
    };
    rows.push({ n, drawnPoints: result.drawnPoints, page: summary(result.times.page), floor: summary(result.times.floor), fullFloor: summary(result.times.fullFloor) });
    await close();
  }
  return rows;
}

/**
 * 10,000 slider updates: wasm memory and the JS heap after garbage collection, read after a
 * warm-up of 1,000 (JIT code and Plotly's caches), half-way and at the end, so steady growth
 * shows as a leak and one-off growth does not; and the last value set is the one plotted.
 */
export async function steadiness(session, updates = 10_000) {
  const { page, close } = await openPage(session);
  const cdp = await page.context().newCDPSession(page);
  const reading = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return { heap: (await cdp.send('Runtime.getHeapUsage')).usedSize, wasm: Number(await page.getAttribute('#plot', 'data-wasm-memory')) };
  };
  const move = (from, to) => page.evaluate(async ([first, last]) => {
    const slider = document.querySelector('fieldset.series input[type="range"]');
    let value = 0;
    for (let i = first; i <= last; i += 1) {
      value = (((i * 7919) % 997) + 1) / 1000; // never 0, so f(x0)/x0 identifies it
      slider.value = String(value);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      if (i % 25 === 0) await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return value;
  }, [from, to]);
  const start = await reading();
  await move(1, 1000);
  const warm = await reading();
  await move(1001, 5500);
  const half = await reading();
  const last = await move(5501, updates);
  const end = await reading();
  const plotted = await page.evaluate(() => {
    const f = document.getElementById('plot').data.find((t) => t.meta.kind === 'value');
    return f.y[0] / f.x[0];
  });
  await close();
  return { updates, start, warm, half, end, lastValue: last, plottedAlpha: plotted, lastPlotted: Math.abs(plotted - last) < 1e-12 };
}

/**
 * Bytes the page loads: each file raw, gzip -9 and Brotli 11 (what a host sends from the
 * precompressed files), what crossed the wire from the dev server (Content-Encoding as the
 * browser asked), and the time from navigation to the first plot.
 */
export async function pageWeight(session, repeats = 5) {
  const starts = [];
  let files = [];
  for (let r = 0; r < repeats; r += 1) {
    const { page, close } = await openPage(session, '', { waitForPlot: false });
    const responses = [];
    page.on('response', (response) => responses.push(response));
    await page.reload();
    await page.waitForSelector('#plot[data-state="ready"]');
    starts.push(await page.evaluate(() => performance.getEntriesByName('activation-explorer:first-plot')[0].startTime));
    await page.waitForTimeout(200);
    files = [];
    for (const response of responses) {
      let body;
      try { body = await response.body(); } catch { continue; } // redirects have none
      const sizes = await response.request().sizes();
      files.push({
        path: new URL(response.url()).pathname, raw: body.length, gzip: gzip(body).length, brotli: brotli(body).length,
        wire: sizes.responseBodySize, encoding: (await response.allHeaders())['content-encoding'] ?? 'none',
      });
    }
    await close();
  }
  const sorted = [...starts].sort((a, b) => a - b);
  const total = (key) => files.reduce((sum, f) => sum + f[key], 0);
  return { files, raw: total('raw'), gzip: total('gzip'), brotli: total('brotli'), wire: total('wire'), firstPlotMs: percentile(sorted, 0.5), starts };
}

/**
 * Time from navigation to the first plot for two builds of the page, loaded alternately so
 * both see the same machine: `sessions` maps a name to a session serving that build.
 */
export async function firstPlotSideBySide(sessions, loads = 9) {
  const times = Object.fromEntries(Object.keys(sessions).map((name) => [name, []]));
  for (let i = 0; i < loads; i += 1) {
    for (const [name, session] of Object.entries(sessions)) {
      const { page, close } = await openPage(session);
      times[name].push(await page.evaluate(() => performance.getEntriesByName('activation-explorer:first-plot')[0].startTime));
      await close();
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, percentile([...values].sort((a, b) => a - b), 0.5)]));
}

/**
 * What a tutorial page using <activation-plot> from a package CDN downloads: the element and
 * everything it loads from the CDN's origin (raw, gzip -9, Brotli 11).
 */
export async function elementPageWeight(session, cdnUrl) {
  const cdnOrigin = new URL(cdnUrl).origin;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Tutorial</title>
<script type="module" src="${cdnOrigin}/activation-plot.js"></script></head>
<body><activation-plot function="leaky_relu" controls="alpha" style="height:520px"></activation-plot></body></html>`;
  // The tutorial is served for real: Chromium lets a page that came from loopback load from it.
  const siteRoot = mkdtempSync(join(tmpdir(), 'ae-tutorial-'));
  writeFileSync(join(siteRoot, 'index.html'), html);
  const site = await startStaticServer({ root: siteRoot });
  const context = await session.browser.newContext();
  const page = await context.newPage();
  const responses = [];
  page.on('response', (response) => responses.push(response));
  try {
    await page.goto(site.url);
    await page.waitForSelector('activation-plot .ae-plot[data-state="ready"]', { timeout: 20000 });
    await page.waitForTimeout(200);
    const files = [];
    for (const response of responses) {
      if (!response.url().startsWith(cdnOrigin)) continue;
      const body = await response.body();
      files.push({ path: new URL(response.url()).pathname, raw: body.length, gzip: gzip(body).length, brotli: brotli(body).length });
    }
    const total = (key) => files.reduce((sum, f) => sum + f[key], 0);
    return { files, raw: total('raw'), gzip: total('gzip'), brotli: total('brotli') };
  } finally {
    await context.close();
    site.server.close();
    rmSync(siteRoot, { recursive: true, force: true });
  }
}

/**
 * The slider's page/floor ratio with the reader's formula on screen beside the built-ins' own,
 * measured alternately in one browser (issue 19: goal ≤ 1.1 at n = 2,001):
 *   node bench/page-bench.mjs --formula [--n 2001] [--moves 60] [--rounds 3]
 */
async function formulaSideBySide({ n, moves, rounds }) {
  const session = await startSession();
  const ratios = { builtin: [], formula: [] };
  const fmt = (v) => v.toFixed(2);
  try {
    console.log('| round | scene | page p50 (ms) | floor p50 (ms) | page/floor | page p95 | floor p95 |');
    console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
    for (let round = 1; round <= rounds; round += 1) {
      for (const [name, formula] of [['builtin', false], ['formula', true]]) {
        const [row] = await sliderLatency(session, [n], moves, { formula });
        const ratio = row.page.p50 / row.floor.p50;
        ratios[name].push(ratio);
        const scene = formula ? 'x * sigmoid(b*x), b dragged, beside ReLU' : 'Leaky ReLU, α dragged, beside ReLU';
        console.log(`| ${round} | ${scene} | ${fmt(row.page.p50)} | ${fmt(row.floor.p50)} | ${fmt(ratio)} | ${fmt(row.page.p95)} | ${fmt(row.floor.p95)} |`);
      }
    }
  } finally {
    await session.close();
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(`median page/floor at n = ${n}: built-in ${fmt(median(ratios.builtin))}, formula ${fmt(median(ratios.formula))} (goal ≤ 1.1)`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { formula: { type: 'boolean', default: false }, n: { type: 'string', default: '2001' },
    moves: { type: 'string', default: '60' }, rounds: { type: 'string', default: '3' } } });
  if (!values.formula) throw new Error('usage: node bench/page-bench.mjs --formula [--n 2001] [--moves 60] [--rounds 3] (bench/run.mjs runs the rest)');
  await formulaSideBySide({ n: Number(values.n), moves: Number(values.moves), rounds: Number(values.rounds) });
}

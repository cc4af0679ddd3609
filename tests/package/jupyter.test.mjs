// The Python helper as a notebook author meets it: a wheel built offline with Debian's tools,
// a notebook that calls activation_explorer.show(), executed by jupyter nbconvert to HTML, and
// that HTML opened in Chromium with no server: the plot appears and the slider moves it.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { distDir, wasmBytes, webModule } from '../support/paths.mjs';
import { openUrl, screenshot, startSession } from '../browser/harness.mjs';
import { repoRoot, run, version } from './support.mjs';

let work;
let site;
let session;
before(async () => {
  session = await startSession();
  work = mkdtempSync(join(tmpdir(), 'ae-jupyter-'));
  run('node', [join(repoRoot, 'scripts/lib/build-python.mjs'), distDir, work]);
  // Installed as pip would: the wheel unpacked onto a path Python searches.
  site = join(work, 'site');
  const wheel = readdirSync(work).find((f) => f.endsWith('.whl'));
  run(PYTHON, ['-m', 'zipfile', '-e', join(work, wheel), site]);
});
after(async () => {
  await session.close();
  rmSync(work, { recursive: true, force: true });
});

// Debian's Python, where the packages the scripts install live.
const PYTHON = '/usr/bin/python3';
const python = (code) => run(PYTHON, ['-c', code], { env: { ...process.env, PYTHONPATH: site } }).trim();

test('the wheel is named for the one version and carries the single-file build', () => {
  assert.ok(readdirSync(work).includes(`activation_explorer-${version}-py3-none-any.whl`));
  assert.equal(python('import activation_explorer; print(activation_explorer.__version__)'), version);
  assert.equal(python('import activation_explorer, importlib.resources as r; print(r.files(activation_explorer).joinpath("standalone.html").is_file())'), 'True');
});

test('the wheel carries the catalog the page reads, written at build time from the wasm module', async () => {
  const { loadEngine } = await import(webModule('activation-engine.js'));
  const { catalog } = await loadEngine(wasmBytes());
  const shipped = JSON.parse(python('import activation_explorer, importlib.resources as r; print(r.files(activation_explorer).joinpath("catalog.json").read_text())'));
  assert.deepEqual(shipped.catalog, JSON.parse(JSON.stringify(catalog)));
});

// Python names the problem and the choices, which come from the catalog the wheel carries.
const refusal = (call) => python(`import activation_explorer as a\ntry:\n    ${call}\nexcept ValueError as e:\n    print(e)\nelse:\n    print("accepted")`);

test('alpha=5, fn="leakyrelu" and bogus=1 raise a ValueError naming the problem and the choices, from the catalog', async () => {
  const { loadEngine } = await import(webModule('activation-engine.js'));
  const { catalog } = await loadEngine(wasmBytes());
  const alpha = catalog.functions.find((f) => f.id === 'leaky_relu').parameters.find((p) => p.id === 'alpha');
  assert.equal(refusal('a.Explorer(alpha=5)'), `alpha=5 is outside the range of Leaky ReLU's α: ${alpha.min} to ${alpha.max} (default ${alpha.default}).`);
  const unknownFunction = refusal('a.Explorer(fn="leakyrelu")');
  assert.match(unknownFunction, /^fn='leakyrelu' is not a function here \(did you mean 'leaky_relu'\?\); the functions are: /);
  assert.ok(unknownFunction.endsWith(`${catalog.functions.map((f) => f.id).join(', ')}.`), unknownFunction);
  const bogus = refusal('a.Explorer(bogus=1)');
  assert.match(bogus, /^bogus is not a setting of the explorer; the settings are: fn, fn2 … fn6, .*at_kink.*from_ \(or x_from\), height, the parameters of the functions shown: alpha\.$/);
  assert.match(refusal('a.Explorer(fn="elu", alpha=0.001)'), /^alpha=0\.001 is outside the range of ELU's α: 0\.01 to 5/, 'each function\'s own range');
  assert.match(refusal('a.Explorer(fn2="relu", alpha2=0.1)'), /^alpha2: ReLU \(fn2\) has no parameter 'alpha'; its parameters: none\.$/);
  assert.equal(refusal('a.Explorer(at_kink="torch")'),
    `at_kink='torch' is not one of the choices (did you mean 'pytorch'?): ${catalog.conventions.map((c) => `'${c.id}'`).join(', ')}.`);
  assert.match(refusal('a.Explorer(controls="alpha,sliders")'), /^controls: 'sliders' is not a control; the controls are: function, params, .*, alpha \(separated by commas\)\.$/);
  assert.equal(refusal('a.Explorer(fn="elu", alpha=2, fn2="relu", at_kink="jax", dtype="bfloat16", theme="dark", controls="alpha")'), 'accepted');
});

test('view="lab" is refused with one sentence that says why and where the lab runs', () => {
  const message = refusal('a.Explorer(view="lab")');
  assert.match(message, /^view='lab' is not available in a notebook: .*actviz train`\.$/);
  assert.equal(message.split('. ').length, 1, 'one sentence');
});

test('the first output of a kernel carries the page; later outputs borrow it; the carrier\'s cell re-run carries it again', () => {
  // The front end's cell id and the execution count, as ipykernel reports them, stand in for a notebook.
  const sizes = JSON.parse(python(`
import json, activation_explorer as a
from activation_explorer import _notebook as nb
cell = [None, 0]
nb._current_cell = lambda: tuple(cell)
def out(c, n):
    cell[:] = [c, n]
    html = a.Explorer(alpha=0.1)._repr_html_()
    return ["carrier" if len(html) > 100_000 else "borrows", len(html.encode())]
runs = [out("c1", 1), out("c2", 2), out("c3", 3), out("c2", 4), out("c1", 5), out("c1", 5), out("c3", 6)]
nb._carrier = None
cell[:] = [None, 7]
no_ids = [out(None, 7), out(None, 8)]
print(json.dumps({"runs": runs, "no_ids": no_ids}))`));
  assert.deepEqual(sizes.runs.map(([kind]) => kind), ['carrier', 'borrows', 'borrows', 'borrows', 'carrier', 'borrows', 'borrows'],
    'the carrier\'s cell (c1) run again writes the page again, once per run');
  assert.deepEqual(sizes.no_ids.map(([kind]) => kind), ['carrier', 'borrows'], 'without cell ids: the kernel\'s first output');
  assert.ok(sizes.runs[0][1] > 1_000_000 && sizes.runs[1][1] < 5_000, `carrier ${sizes.runs[0][1]} bytes, borrower ${sizes.runs[1][1]} bytes`);
});

test('bad arguments are refused in Python with a message; settings pass through to the page', () => {
  assert.equal(python('import activation_explorer as a; print(a.Explorer(alpha=0.1, from_=-3).query)'),
    '?fn=leaky_relu&alpha=0.1&from=-3&embed=1&controls=params');
  for (const [call, message] of [['a.Explorer(height=50)', 'height must be'], ['a.Explorer(alpha=[1])', 'alpha must be a number or a string'], ['a.Explorer(alpha=True)', 'alpha must be']]) {
    const out = python(`import activation_explorer as a\ntry:\n    ${call}\nexcept (TypeError, ValueError) as e:\n    print(e)`);
    assert.match(out, new RegExp(message), call);
  }
});

test('a notebook executed by nbconvert shows the explorer offline; its slider moves the plot', { timeout: 180_000 }, async () => {
  const notebook = {
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Leaky ReLU\n', 'Move α.'] },
      { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['import activation_explorer\n', 'activation_explorer.show(fn="leaky_relu", alpha=0.1, fn2="relu", controls="alpha")'] },
    ],
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(work, 'leaky.ipynb'), JSON.stringify(notebook));
  // Debian's Jupyter and kernel: /usr/bin first, where another python3 may come first on PATH.
  run('/usr/bin/jupyter', ['nbconvert', '--to', 'html', '--execute', '--ExecutePreprocessor.timeout=120', 'leaky.ipynb'],
    { cwd: work, env: { ...process.env, PYTHONPATH: site, PATH: `/usr/bin:${process.env.PATH}` } });
  const { page, problems, requests, close } = await openUrl(session, pathToFileURL(join(work, 'leaky.html')).href);
  const frame = page.frameLocator('iframe[title^="Activation Explorer"]');
  await frame.locator('#plot[data-state="ready"]').waitFor({ timeout: 30_000 });
  const alphaPlotted = () => frame.locator('#plot').evaluate((plot) => -plot.data.find((t) => t.meta.kind === 'value' && t.meta.series === 's0').y[0] / 10);
  assert.ok(Math.abs(await alphaPlotted() - 0.1) < 1e-12);
  assert.equal(await frame.locator('.open-full').count(), 0, 'no link to a page that has no address');
  await frame.locator('#s0-alpha-slider').focus();
  await page.keyboard.press('PageUp');
  await page.waitForFunction(async () => true);
  for (let i = 0; i < 50 && Math.abs(await alphaPlotted() - 0.2) > 1e-12; i += 1) await page.waitForTimeout(100);
  assert.ok(Math.abs(await alphaPlotted() - 0.2) < 1e-12, 'Page Up moved α to 0.2 and the plot followed');
  console.log(`screenshot: ${await screenshot(page, 'jupyter-nbconvert.png')}`);
  const network = requests.filter((u) => /^https?:/.test(u) && !u.includes('127.0.0.1'));
  assert.deepEqual(network.filter((u) => /activation|plotly|wasm/i.test(u)), [], 'the explorer itself fetched nothing');
  assert.deepEqual(problems.filter((p) => !/require\.js|MathJax|Failed to load resource/.test(p)), []);
  await close();
});

const jupyterEnv = () => ({ ...process.env, PYTHONPATH: site, PATH: `/usr/bin:${process.env.PATH}` });
const codeCell = (source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: [source] });

test('a notebook of four explorers holds the page once: the first cell\'s output is the page, each further one a few KB, and all draw offline', { timeout: 240_000 }, async () => {
  const alphas = [0.1, 0.2, 0.3, 0.05];
  const notebook = {
    cells: [
      codeCell('import activation_explorer'),
      ...alphas.map((alpha) => codeCell(`activation_explorer.show(fn="leaky_relu", alpha=${alpha}, fn2="relu", controls="alpha")`)),
    ],
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(work, 'four.ipynb'), JSON.stringify(notebook));
  run('/usr/bin/jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=120', '--output', 'four-run.ipynb', 'four.ipynb'],
    { cwd: work, env: jupyterEnv() });
  const saved = readFileSync(join(work, 'four-run.ipynb'));
  const cells = JSON.parse(saved).cells.slice(1);
  const bytes = cells.map((c) => Buffer.byteLength(JSON.stringify(c.outputs)));
  console.log(`output bytes per cell: ${bytes.join(', ')}; notebook ${saved.length} bytes`);
  assert.ok(bytes[0] > 1_000_000, `the first output carries the page (${bytes[0]} bytes)`);
  for (const b of bytes.slice(1)) assert.ok(b < 5_000, `a further output is ${b} bytes`);
  assert.ok(saved.length < bytes[0] + 20_000, `the notebook is the page once and a little more: ${saved.length} bytes`);

  run('/usr/bin/jupyter', ['nbconvert', '--to', 'html', 'four-run.ipynb'], { cwd: work, env: jupyterEnv() });
  const { page, problems, requests, close } = await openUrl(session, pathToFileURL(join(work, 'four-run.html')).href, { viewport: { width: 1100, height: 900 } });
  const frames = page.locator('iframe[title^="Activation Explorer"]');
  assert.equal(await frames.count(), alphas.length);
  const plotted = (i) => frames.nth(i).contentFrame().locator('#plot')
    .evaluate((plot) => -plot.data.find((t) => t.meta.kind === 'value' && t.meta.series === 's0').y[0] / 10);
  for (const [i, alpha] of alphas.entries()) {
    await frames.nth(i).scrollIntoViewIfNeeded();
    await frames.nth(i).contentFrame().locator('#plot[data-state="ready"]').waitFor({ timeout: 30_000 });
    assert.ok(Math.abs(await plotted(i) - alpha) < 1e-12, `frame ${i} draws α = ${alpha}`);
  }
  // A later explorer is a page of its own: its slider moves its plot and no other.
  await frames.nth(2).contentFrame().locator('#s0-alpha-slider').focus();
  await page.keyboard.press('PageUp');
  for (let i = 0; i < 50 && Math.abs(await plotted(2) - 0.4) > 1e-12; i += 1) await page.waitForTimeout(100);
  assert.ok(Math.abs(await plotted(2) - 0.4) < 1e-12);
  assert.ok(Math.abs(await plotted(1) - 0.2) < 1e-12);

  // One later cell run again: the notebook puts its new output in place of the old one.
  const rerun = python('import activation_explorer as a\nfrom activation_explorer import _notebook as nb\nnb._carrier = ("elsewhere", 1)\nprint(a.Explorer(alpha=0.7, fn2="relu", controls="alpha")._repr_html_())');
  await page.evaluate((html) => {
    const old = document.querySelectorAll('iframe[title^="Activation Explorer"]')[3];
    const holder = document.createElement('div');
    holder.innerHTML = html;
    old.replaceWith(holder);
    // As JupyterLab runs an output's scripts: a fresh script element in place of each.
    for (const script of holder.querySelectorAll('script')) {
      const fresh = document.createElement('script');
      fresh.textContent = script.textContent;
      script.replaceWith(fresh);
    }
  }, rerun);
  await frames.nth(3).contentFrame().locator('#plot[data-state="ready"]').waitFor({ timeout: 30_000 });
  assert.ok(Math.abs(await plotted(3) - 0.7) < 1e-12, 'the re-run cell draws its new view from the carrier');
  console.log(`screenshot: ${await screenshot(page, 'jupyter-four-explorers.png')}`);
  const network = requests.filter((u) => /^https?:/.test(u) && !u.includes('127.0.0.1'));
  assert.deepEqual(network.filter((u) => /activation|plotly|wasm/i.test(u)), [], 'nothing fetched');
  assert.deepEqual(problems.filter((p) => !/require\.js|MathJax|Failed to load resource/.test(p)), []);
  await close();
});

test('a later output whose carrier is gone says so in its frame and names the fix', { timeout: 60_000 }, async () => {
  const borrower = python('import activation_explorer as a\nfrom activation_explorer import _notebook as nb\nnb._carrier = ("elsewhere", 1)\nprint(a.Explorer(alpha=0.2)._repr_html_())');
  writeFileSync(join(work, 'orphan.html'), `<!doctype html><meta charset="utf-8"><body>${borrower}</body>`);
  const { page, problems, close } = await openUrl(session, pathToFileURL(join(work, 'orphan.html')).href);
  const text = await page.frameLocator('iframe').locator('body').textContent();
  assert.match(text, /borrows its code from the first explorer shown in this notebook/);
  assert.match(text, /run that cell again, or restart the kernel and run all/);
  assert.deepEqual(problems, []);
  await close();
});

// The Python helper as a notebook author meets it: a wheel built offline with Debian's tools,
// a notebook that calls activation_explorer.show(), executed by jupyter nbconvert to HTML, and
// that HTML opened in Chromium with no server: the plot appears and the slider moves it.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { distDir } from '../support/paths.mjs';
import { openUrl, PER_TEST, screenshot, startSession } from '../browser/harness.mjs';
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

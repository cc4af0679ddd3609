// The explorer page's weight budget (issue 18: within 357.5 KiB with Brotli, 366,093 B as
// bench/results.md measured it with a real page load) and the bundling steps that keep it there.
// A static sum over the built files: no timing, so it cannot flake.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { parse } from 'acorn';

import { withoutDescriptions } from '../../scripts/lib/build-plotly.mjs';
import { brotli } from '../../scripts/lib/precompress.mjs';
import { distDir } from '../support/paths.mjs';

const BUDGET_BROTLI_BYTES = 366_093;

/**
 * What the explorer page loads: the files index.html links to, and the wasm app.js fetches (the
 * lean module; activation_explorer.wasm, with the formula parser, only for a formula).
 */
function pageFiles() {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)]
    .map((match) => match[1])
    .filter((path) => !/^[a-z]+:|^\/\//i.test(path));
  return ['index.html', ...new Set(linked), 'activation_explorer_core.wasm'];
}

test('the explorer page stays within its Brotli budget', () => {
  const files = pageFiles().map((path) => ({ path, brotli: brotli(readFileSync(join(distDir, path))).length }));
  const total = files.reduce((sum, file) => sum + file.brotli, 0);
  const lines = files.map((file) => `${file.path.padEnd(30)} ${String(file.brotli).padStart(9)} B`);
  const formulaModule = brotli(readFileSync(join(distDir, 'activation_explorer.wasm'))).length;
  console.log([...lines, `${'total'.padEnd(30)} ${String(total).padStart(9)} B (budget ${BUDGET_BROTLI_BYTES} B)`,
    `${'+ activation_explorer.wasm'.padEnd(30)} ${String(formulaModule).padStart(9)} B for a formula: ${total + formulaModule} B`].join('\n'));
  assert.ok(files.some((file) => file.path.endsWith('plotly-core.min.js')), 'index.html loads the Plotly bundle');
  assert.ok(total <= BUDGET_BROTLI_BYTES, `the page is ${total} B with Brotli, over its budget of ${BUDGET_BROTLI_BYTES} B:\n${lines.join('\n')}`);
});

test('the Plotly bundle carries no attribute descriptions', () => {
  const bundle = readFileSync(join(distDir, 'vendor/plotly-core.min.js'), 'utf8');
  // The start of Plotly's description of a trace's `name`, one of several hundred left out.
  assert.equal(bundle.includes('Sets the trace name.'), false);
});

test('withoutDescriptions removes each description property, wherever it sits, and nothing else', () => {
  const source = `module.exports = {
    only: { description: 'gone' },
    first: { description: ['a', 'b'].join(' '), valType: 'number', },
    middle: { dflt: 1, description: 'gone' + x, editType: 'plot' },
    last: { dflt: 2, description: \`gone\`, },
    nested: { description: { description: 'gone' }, keep: { dflt: 3, description: 'gone' } },
    quoted: { 'description': 'gone', dflt: 4 },
    computed: { ['description']: 'kept' },
    read: extra.description,
  };`;
  const stripped = withoutDescriptions(source);
  parse(stripped, { ecmaVersion: 'latest' });
  const value = new Function('module', 'x', 'extra', `${stripped}; return module.exports;`)({}, 'x', { description: 'passed' });
  assert.deepEqual(value, {
    only: {}, first: { valType: 'number' }, middle: { dflt: 1, editType: 'plot' }, last: { dflt: 2 },
    nested: { keep: { dflt: 3 } }, quoted: { dflt: 4 }, computed: { description: 'kept' }, read: 'passed',
  });
});

test('the colour spaces the bundle keeps read every CSS colour as plotly.js\'s full culori does', async () => {
  // build-plotly.mjs gives Plotly culori with the CSS spaces only (culori/css + culori/fn).
  const full = createRequire(import.meta.url)('culori');
  await import('culori/css');
  const slim = await import('culori/fn');
  const colours = ['#0072B2', '#d55e00', '#abc', '#abcd', '#16181dcc', 'rebeccapurple', 'transparent', 'currentcolor',
    'rgb(1, 2, 3)', 'rgba(1, 2, 3, 0.5)', 'rgb(10% 20% 30% / 40%)', 'hsl(120deg 50% 25%)', 'hsla(120, 50%, 25%, 0.3)',
    'hwb(30 10% 20%)', 'lab(50% 40 -20)', 'lch(60% 30 200)', 'oklab(0.6 0.1 -0.1)', 'oklch(0.7 0.15 120 / 0.8)',
    'color(srgb 0.1 0.2 0.3)', 'color(srgb-linear 0.1 0.2 0.3)', 'color(display-p3 0.2 0.4 0.6)', 'color(rec2020 0.5 0.2 0.1)',
    'color(a98-rgb 0.3 0.3 0.7)', 'color(prophoto-rgb 0.4 0.5 0.6)', 'color(xyz-d65 0.2 0.3 0.4)', 'color(xyz-d50 0.2 0.3 0.4)',
    'color(xyz 0.2 0.3 0.4)', 'none', 'rgb(0px 1 2)', 'not a colour'];
  const read = (culori, colour) => {
    try {
      const rgb = culori.converter('rgb')(colour);
      return rgb && [culori.formatHex(rgb), culori.formatRgb(rgb), culori.wcagLuminance(rgb), culori.wcagContrast(rgb, '#ffffff'),
        culori.converter('hsl')(rgb)];
    } catch (error) {
      return `throws ${error.constructor.name}`;
    }
  };
  for (const colour of colours) assert.deepEqual(read(slim, colour), read(full, colour), colour);
});

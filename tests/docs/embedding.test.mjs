// docs/embedding.md, tried: each snippet is built with the tool it is written for (MkDocs,
// Sphinx, MDX, IPython; plain HTML as it is) and the result is opened in Chromium next to a
// copy of dist/, where it must show the plot.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { distDir } from '../support/paths.mjs';
import { openUrl, startSession } from '../browser/harness.mjs';

const PLACEHOLDER = 'https://your.site/activation-explorer/';
const markdown = readFileSync(new URL('../../docs/embedding.md', import.meta.url), 'utf8');
const snippets = Object.fromEntries([...markdown.matchAll(/^```\w+ embed=([\w-]+)\n([\s\S]*?)^```$/gm)].map((m) => [m[1], m[2]]));

let site;
let session;
let base;
before(async () => {
  // The tutorial site: dist/ under /activation-explorer/, each tool's output beside it.
  site = mkdtempSync(join(tmpdir(), 'ae-docs-'));
  cpSync(distDir, join(site, 'activation-explorer'), { recursive: true });
  session = await startSession({ root: site });
  base = `${session.url}activation-explorer/`;
});
after(async () => {
  await session.close();
  rmSync(site, { recursive: true, force: true });
});

const localised = (name) => {
  assert.ok(snippets[name], `docs/embedding.md has a snippet marked embed=${name}`);
  return snippets[name].replaceAll(PLACEHOLDER, base);
};
const write = (path, text) => {
  mkdirSync(join(site, path, '..'), { recursive: true });
  writeFileSync(join(site, path), text);
};

// Opens a built page and waits for the plot in its iframe (or in the page, for the component).
async function expectPlot(path, { inFrame = true } = {}) {
  const { page, problems, close } = await openUrl(session, new URL(path, session.url).href);
  try {
    const scope = inFrame ? page.frameLocator('iframe').first() : page;
    await scope.locator('.ae-plot[data-state="ready"]').waitFor({ timeout: 20000 });
    const alpha = await scope.locator('input[id$="s0-alpha"], input[id$="s1-alpha"]').first().inputValue();
    // The host's own misses (a favicon, a theme's CDN script offline) are not the explorer's.
    assert.deepEqual(problems.filter((p) => p.includes('/activation-explorer/')), [], `${path}: no console error from the explorer`);
    return alpha;
  } finally {
    await close();
  }
}

test('the plain-HTML iframe shows the plot with its α control', { timeout: 60_000 }, async () => {
  write('plain.html', `<!doctype html><html lang="en"><title>t</title><body>${localised('plain-html')}</body></html>`);
  assert.equal(await expectPlot('plain.html'), '0.1');
});

test('the web component snippet works on a page of the same site', { timeout: 60_000 }, async () => {
  write('component.html', `<!doctype html><html lang="en"><head><title>t</title></head><body>${localised('web-component')}</body></html>`);
  assert.equal(await expectPlot('component.html', { inFrame: false }), '0.01');
});

test('MkDocs builds the Markdown snippet into a page that shows the plot', { timeout: 120_000 }, () => {
  const project = join(site, 'mkdocs-src');
  mkdirSync(join(project, 'docs'), { recursive: true });
  writeFileSync(join(project, 'mkdocs.yml'), 'site_name: Activations\nuse_directory_urls: false\n');
  writeFileSync(join(project, 'docs', 'index.md'), localised('mkdocs'));
  execFileSync('mkdocs', ['build', '--quiet', '--site-dir', join(site, 'mkdocs')], { cwd: project, stdio: 'pipe' });
  return expectPlot('mkdocs/index.html').then((alpha) => assert.equal(alpha, '0.1'));
});

test('Sphinx builds the reStructuredText snippet into a page that shows the plot', { timeout: 120_000 }, () => {
  const project = join(site, 'sphinx-src');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'conf.py'), "project = 'Activations'\n");
  writeFileSync(join(project, 'index.rst'), localised('sphinx'));
  execFileSync('sphinx-build', ['-q', '-b', 'html', project, join(site, 'sphinx')], { stdio: 'pipe' });
  return expectPlot('sphinx/index.html').then((alpha) => assert.equal(alpha, '0.1'));
});

test('the MDX snippet compiles, renders with React, and shows the plot', { timeout: 60_000 }, async () => {
  const { evaluate } = await import('@mdx-js/mdx');
  const runtime = await import('react/jsx-runtime');
  const { createElement } = await import('react');
  const { renderToStaticMarkup } = await import('react-dom/server');
  const { default: Content } = await evaluate(localised('mdx'), { ...runtime });
  write('mdx.html', `<!doctype html><html lang="en"><title>t</title><body>${renderToStaticMarkup(createElement(Content))}</body></html>`);
  assert.equal(await expectPlot('mdx.html'), '0.1');
});

test('IPython.display.IFrame from the Jupyter snippet shows the plot', { timeout: 60_000 }, async () => {
  // The notebook cell's value is what Jupyter displays: its _repr_html_().
  const cell = localised('jupyter');
  const program = `import ast\nsource = ${JSON.stringify(cell)}\ntree = ast.parse(source)\nlast = tree.body.pop()\nscope = {}\nexec(compile(tree, 'cell', 'exec'), scope)\nprint(eval(compile(ast.Expression(last.value), 'cell', 'eval'), scope)._repr_html_())\n`;
  const html = execFileSync('/usr/bin/python3', ['-c', program], { encoding: 'utf8' });
  assert.match(html, /<iframe/);
  write('jupyter.html', `<!doctype html><html lang="en"><title>t</title><body>${html}</body></html>`);
  assert.equal(await expectPlot('jupyter.html'), '0.1');
});

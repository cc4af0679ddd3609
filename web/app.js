// The page: reads the view from the URL, runs one explorer, keeps the URL in step with it,
// and offers the embed code. In embed mode (embed=1) only the plot and the controls named in
// `controls=` are shown.

import { loadEngine } from './activation-engine.js';
import { element } from './controls.js';
import { embedHeight, embedSnippet } from './embed-code.js';
import { createExplorerDom, PLOTLY_MISSING, showFatal, showProblems } from './explorer-dom.js';
import { fullPageLink, withQuery } from './page-links.js';
import { startExplorer } from './explorer.js';
import { readUrlState, writeUrlState } from './url-state.js';
import { wasmSource } from './wasm-source.js';

// The wasm sits beside this script. Read now: currentScript is set only while a classic
// script first runs (the bundle in dist/); as a module (web/ in development) the page's URL does.
const scriptUrl = document.currentScript?.src || document.baseURI; // inline (standalone.html): ''
const URL_PROBLEMS = 'Some settings in the link could not be used; their defaults are shown instead:';
const dom = createExplorerDom('');
document.getElementById('explorer').replaceChildren(dom.root);

main().catch((error) => showFatal(dom, error.message));

async function main() {
  if (!globalThis.Plotly) throw new Error(PLOTLY_MISSING);
  const engine = await loadEngine(await wasmSource(new URL('activation_explorer.wasm', scriptUrl)));
  const { catalog } = engine;
  const { view, problems } = readUrlState(initialQuery(), catalog, engine.parameterProblem);
  document.getElementById('version').textContent = catalog.version;
  showProblems(dom.parts.urlNotice, URL_PROBLEMS, problems, { dismissible: true });
  document.documentElement.classList.toggle('embed', view.embed);
  const explorer = startExplorer({
    engine,
    dom,
    view,
    controls: view.embed ? new Set(view.controls) : null,
    // Only a view that plotted goes into the URL, so a copied link always works.
    onRender: (draft) => rememberInUrl(writeUrlState(draft)),
  });
  // A page with no address of its own (the Jupyter helper's <iframe srcdoc>) has nowhere to link to.
  if (view.embed && location.protocol !== 'about:') {
    dom.parts.caption.append(element('a', { className: 'open-full', href: fullPageLink(location.href), target: '_blank', rel: 'noopener', textContent: 'Open in Activation Explorer ↗' }));
  } else if (!view.embed) {
    dom.parts.chart.append(embedCodeTool(explorer, catalog));
  }

  // Back and forward (and links that only change the query) bring a whole view: the
  // controls are rebuilt from it, and its problems are named like a fresh load's.
  window.addEventListener('popstate', () => {
    const next = readUrlState(location.search, catalog, engine.parameterProblem);
    showProblems(dom.parts.urlNotice, URL_PROBLEMS, next.problems, { dismissible: true });
    explorer.applyView(next.view);
  });
}

// The view to start with: the page's query, or, where the page has no address of its own (the
// Jupyter helper shows standalone.html in an <iframe srcdoc>), the query its host wrote into it.
function initialQuery() {
  return document.querySelector('meta[name="activation-explorer-query"]')?.content ?? location.search;
}

// "Copy embed code": an <iframe> of this view in embed mode, with the first function's
// parameter sliders, ready to paste into a tutorial.
function embedCodeTool(explorer, catalog) {
  const code = element('textarea', { id: 'embed-code', readOnly: true, rows: 3, ariaLabel: 'Embed code', hidden: true });
  const status = element('span', { className: 'embed-status', role: 'status' });
  const button = element('button', { type: 'button', id: 'copy-embed', textContent: 'Copy embed code' });
  button.addEventListener('click', async () => {
    const { view } = explorer;
    const first = catalog.functions.find((f) => f.id === view.series[0].functionId);
    const query = writeUrlState({ ...view, embed: true, controls: first.parameters.map((p) => p.id) });
    const src = new URL(`?${query}`, location.href).href;
    const title = `${view.series.map((s) => catalog.functions.find((f) => f.id === s.functionId).name).join(' and ')} with ${view.series.length > 1 ? 'their derivatives' : 'its derivative'}`;
    code.value = embedSnippet({ src, title, height: embedHeight(first.parameters) });
    code.hidden = false;
    code.select();
    try {
      await navigator.clipboard.writeText(code.value);
      status.textContent = 'Copied.';
    } catch {
      status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });
  return element('div', { className: 'embed-tools' }, [button, status, code]);
}

// A sandboxed frame (opaque origin) may not touch its history; the view still works there.
function rememberInUrl(query) {
  try {
    history.replaceState(null, '', withQuery(location.href, query));
  } catch {
    // SecurityError in <iframe sandbox="allow-scripts">: nothing to remember into.
  }
}


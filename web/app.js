// The page: the router (web/views/router.js) over the registry's views, the explorer first.
// Each view reads and writes its own URL keys; in embed mode (embed=1) only the view is shown.

import { loadExplorerEngine } from './explorer-engine.js';
import { queryHasFormula } from './explorer/explorer-url.js';
import { PLOTLY_MISSING } from './explorer-dom.js';
import { placeholderFor } from './views/placeholder.js';
import { viewNamed, views } from './views/registry.js';
import { pageRouter, viewOf } from './views/router.js';

// The files sit beside this script. Read now: currentScript is set only while a classic
// script first runs (the bundle in dist/); as a module (web/ in development) the page's URL does.
const scriptUrl = document.currentScript?.src || document.baseURI; // inline (standalone.html): ''
const asset = (path) => new URL(path, scriptUrl);
const container = document.getElementById('explorer');

// The view to start with: the page's query, or, where the page has no address of its own (the
// Jupyter helper shows standalone.html in an <iframe srcdoc>), the query its host wrote into it.
const query = document.querySelector('meta[name="activation-explorer-query"]')?.content ?? location.search;
const placeholder = placeholderFor(viewNamed(viewOf(query)), container, '');
main().catch((error) => placeholder.fail(error.message));

async function main() {
  if (!globalThis.Plotly) throw new Error(PLOTLY_MISSING);
  // A formula link loads the formula module at once (one file instead of the lean one, then it).
  const formulaFirst = viewOf(query) === views()[0].name && queryHasFormula(new URLSearchParams(query));
  const engine = await loadExplorerEngine(asset, { formulaFirst });
  document.getElementById('version').textContent = engine.catalog.version;
  const router = pageRouter({ container, engine, asset });
  await router.show(viewOf(query), query);
  // Back and forward (and links that only change the query) bring a whole view.
  window.addEventListener('popstate', () => router.show(viewOf(location.search), location.search, { fromHistory: true }));
}

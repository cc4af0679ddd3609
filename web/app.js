// The page: a small router between two views, the explorer (the default) and the dead-neuron
// lab (view=lab), each reading and writing its own URL keys; it keeps the URL in step with the
// running view and offers the explorer's embed code. In embed mode (embed=1) only the view is
// shown (the explorer: its plot and the controls named in `controls=`).

import { loadEngine } from './activation-engine.js';
import { element } from './controls.js';
import { embedHeight, embedSnippet, LAB_EMBED_HEIGHT } from './embed-code.js';
import { createExplorerDom, PLOTLY_MISSING, showFatal, showProblems } from './explorer-dom.js';
import { labLoader } from './lab-loader.js';
import { fullPageLink, withQuery } from './page-links.js';
import { startExplorer } from './explorer.js';
import { readUrlState, readView, writeUrlState } from './url-state.js';
import { wasmSource } from './wasm-source.js';

// The wasm sits beside this script. Read now: currentScript is set only while a classic
// script first runs (the bundle in dist/); as a module (web/ in development) the page's URL does.
const scriptUrl = document.currentScript?.src || document.baseURI; // inline (standalone.html): ''
const URL_PROBLEMS = 'Some settings in the link were not used as given:';
const LAB_PROBLEMS = 'Some lab settings in the link were not used as given:';
const wasmUrl = new URL('activation_explorer.wasm', scriptUrl);
const labWasmUrl = new URL('activation_lab.wasm', scriptUrl);
const container = document.getElementById('explorer');
const dom = createExplorerDom('');
container.replaceChildren(dom.root);

main().catch((error) => showFatal(dom, error.message));

async function main() {
  if (!globalThis.Plotly) throw new Error(PLOTLY_MISSING);
  const engine = await loadEngine(await wasmSource(wasmUrl));
  const { catalog } = engine;
  document.getElementById('version').textContent = catalog.version;
  const query = initialQuery();
  const router = viewRouter(engine);
  const viewOf = (search) => readView(new URLSearchParams(search).get('view')).name;
  await router.show(viewOf(query), query);
  // Back and forward (and links that only change the query) bring a whole view.
  window.addEventListener('popstate', () => router.show(viewOf(location.search), location.search, { fromHistory: true }));
}

// Starts one view and stops the other; the tabs switch between them, carrying the functions
// (the explorer's first two series are the lab's two sides, and back).
function viewRouter(engine) {
  const { catalog } = engine;
  const tabs = viewTabs((name) => {
    const query = name === 'lab' ? labQueryFromExplorer() : explorerQueryFromLab();
    pushUrl(query);
    show(name, query);
  });
  let current = { name: '', stop: () => {}, query: () => '', apply: null };
  let showing = 0;

  async function show(name, query, { fromHistory = false } = {}) {
    if (fromHistory && current.name === name && current.apply) { current.apply(query); return; }
    current.stop();
    current = { name: '', stop: () => {}, query: () => query, apply: null };
    tabs.select(name);
    const ticket = ++showing;
    try {
      const next = name === 'lab' ? await showLab(query) : showExplorer(query);
      if (ticket !== showing) { next.stop(); return; } // another tab was chosen meanwhile
      current = next;
    } catch (error) {
      const failed = createExplorerDom('');
      container.replaceChildren(failed.root);
      showFatal(failed, error.message);
    }
  }

  function showExplorer(query) {
    const { view, problems } = readUrlState(query, catalog, engine.parameterProblem);
    const explorerDom = createExplorerDom('');
    container.replaceChildren(explorerDom.root);
    showProblems(explorerDom.parts.urlNotice, URL_PROBLEMS, problems, { dismissible: true });
    document.documentElement.classList.toggle('embed', view.embed);
    tabs.element.hidden = view.embed;
    const explorer = mountExplorer(engine, explorerDom, view);
    return {
      name: 'explorer',
      stop: () => explorer.destroy(),
      query: () => writeUrlState(explorer.view),
      apply: (q) => {
        const next = readUrlState(q, catalog, engine.parameterProblem);
        showProblems(explorerDom.parts.urlNotice, URL_PROBLEMS, next.problems, { dismissible: true });
        explorer.applyView(next.view);
      },
    };
  }

  // The lab's view and trainer load only when the lab opens (the explorer's page stays light).
  const loadLab = labLoader({ viewUrl: new URL('lab/lab-view.js', scriptUrl), cssUrl: new URL('lab/lab.css', scriptUrl), wasmUrl: labWasmUrl });

  async function showLab(query) {
    const labDom = element('div', { className: 'ae-lab-root' }, [element('p', { className: 'notice', textContent: 'Loading the lab…' })]);
    const notice = element('div', { className: 'notice ae-url-notice', role: 'status', hidden: true });
    container.replaceChildren(notice, labDom);
    const { startLab, tables, readLabState, writeLabState, embedQuery } = await loadLab();
    const embed = new URLSearchParams(query).get('embed') === '1';
    const { settings, problems } = readLabState(embed ? embedQuery(query) : query, { tables, catalog, checkParams: engine.parameterProblem });
    showProblems(notice, LAB_PROBLEMS, problems, { dismissible: true });
    document.documentElement.classList.toggle('embed', embed);
    tabs.element.hidden = embed;
    const lab = startLab({
      root: labDom, catalog, tables, settings, wasmUrl: labWasmUrl,
      workerUrl: new URL('lab/lab-worker.js', scriptUrl),
      onSettings: (next) => rememberInUrl(writeLabState(next)),
      // A phone gets the embed's layout too: its charts in the first screen, the settings folded.
      compact: embed || window.matchMedia('(max-width: 560px)').matches,
      // A page with no address of its own (the Jupyter helper's srcdoc) has nowhere to link to.
      links: embed && location.protocol !== 'about:' ? [element('p', { className: 'lab-open-row' }, [openFullPageLink()])] : [],
    });
    rememberInUrl(writeLabState(settings));
    if (!embed) container.append(embedCodeTool(() => labEmbedSnippet(lab.settings, catalog, writeLabState)));
    return {
      name: 'lab',
      stop: () => lab.destroy(),
      query: () => writeLabState(lab.settings),
      settings: () => lab.settings,
      apply: (q) => {
        const next = readLabState(q, { tables, catalog, checkParams: engine.parameterProblem });
        showProblems(notice, LAB_PROBLEMS, next.problems, { dismissible: true });
        lab.applySettings(next.settings);
      },
    };
  }

  // The explorer's first two functions (with their parameters) as the lab's sides; one the core
  // calls untrainable (a step: no gradient to learn from) gives way to the lab's default.
  function labQueryFromExplorer() {
    const view = readUrlState(current.query(), catalog, engine.parameterProblem).view;
    const trainable = view.series.filter((s) => catalog.functions.find((f) => f.id === s.functionId)?.trainable);
    const query = new URLSearchParams({ view: 'lab' });
    if (trainable[0]) {
      query.set('fn', trainable[0].functionId);
      for (const [id, value] of Object.entries(trainable[0].params)) query.set(id, String(value));
    }
    if (trainable[1]) {
      query.set('versus', trainable[1].functionId);
      for (const [id, value] of Object.entries(trainable[1].params)) query.set(`${id}2`, String(value));
    }
    if (view.theme !== 'auto') query.set('theme', view.theme);
    return `?${query}`;
  }
  // The lab's two sides as the explorer's first two series, from the lab's settings (not by
  // sorting its URL keys, which only the lab knows).
  function explorerQueryFromLab() {
    const { sides, atKink, theme } = current.settings();
    const query = new URLSearchParams();
    sides.forEach((side, s) => {
      const suffix = s === 0 ? '' : '2';
      query.set(`fn${suffix}`, side.functionId);
      for (const [id, value] of Object.entries(side.params)) query.set(`${id}${suffix}`, String(value));
    });
    query.set('at_kink', atKink);
    if (theme !== 'auto') query.set('theme', theme);
    return `?${query}`;
  }

  return { show };
}

function viewTabs(onSelect) {
  const buttons = [['explorer', 'Explorer'], ['lab', 'Dead-neuron lab']].map(([name, text]) => {
    const b = element('button', { type: 'button', role: 'tab', id: `tab-${name}`, textContent: text, dataset: { view: name } });
    b.addEventListener('click', () => { if (b.getAttribute('aria-selected') !== 'true') onSelect(name); });
    return b;
  });
  const nav = element('nav', { className: 'view-tabs', role: 'tablist', ariaLabel: 'Views' }, buttons);
  document.querySelector('header')?.append(nav);
  return {
    element: nav,
    select(name) { for (const b of buttons) b.setAttribute('aria-selected', String(b.dataset.view === name)); },
  };
}

function pushUrl(query) {
  try {
    history.pushState(null, '', withQuery(location.href, query.replace(/^\?/, '')));
  } catch {
    // A sandboxed frame has no history to push to.
  }
}

function mountExplorer(engine, dom, view) {
  const { catalog } = engine;
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
    dom.parts.caption.append(openFullPageLink());
  } else if (!view.embed) {
    dom.parts.chart.append(embedCodeTool(() => explorerEmbedSnippet(explorer.view, catalog)), labLink(explorer));
  }
  return explorer;
}

// The view to start with: the page's query, or, where the page has no address of its own (the
// Jupyter helper shows standalone.html in an <iframe srcdoc>), the query its host wrote into it.
function initialQuery() {
  return document.querySelector('meta[name="activation-explorer-query"]')?.content ?? location.search;
}

// The embed's way out: the same view as a full page, read from the address when followed (the
// address follows every change).
function openFullPageLink() {
  // A narrow embed shows "Open ↗" (explorer.css hides the middle); the name stays whole.
  const link = element('a', { className: 'open-full', target: '_blank', rel: 'noopener', title: 'Open in Activation Explorer', ariaLabel: 'Open in Activation Explorer' },
    ['Open', element('span', { className: 'open-full-more', textContent: ' in Activation Explorer' }), ' ↗']);
  return hrefFromNow(link, () => fullPageLink(location.href));
}

// A link whose address is the view's as it is when the reader reaches for it (pointer, focus,
// click), not as it was when the link was made.
function hrefFromNow(link, hrefOf) {
  const update = () => { link.href = hrefOf(); };
  update();
  for (const event of ['pointerenter', 'focus', 'click']) link.addEventListener(event, update);
  return link;
}

// "Copy embed code": an <iframe> of the running view in embed mode, ready to paste into a tutorial.
function embedCodeTool(snippet) {
  const code = element('textarea', { id: 'embed-code', readOnly: true, rows: 3, ariaLabel: 'Embed code', hidden: true });
  const status = element('span', { className: 'embed-status', role: 'status' });
  const button = element('button', { type: 'button', id: 'copy-embed', textContent: 'Copy embed code' });
  button.addEventListener('click', async () => {
    code.value = snippet();
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

// The explorer's embed: the plot with the first function's parameter sliders.
function explorerEmbedSnippet(view, catalog) {
  const first = catalog.functions.find((f) => f.id === view.series[0].functionId);
  const query = writeUrlState({ ...view, embed: true, controls: first.parameters.map((p) => p.id) });
  const title = `${view.series.map((s) => catalog.functions.find((f) => f.id === s.functionId).name).join(' and ')} with ${view.series.length > 1 ? 'their derivatives' : 'its derivative'}`;
  return embedSnippet({ src: new URL(`?${query}`, location.href).href, title, height: embedHeight(first.parameters) });
}

// The lab's embed: its compact layout with the same settings.
function labEmbedSnippet(settings, catalog, writeLabState) {
  const [studied, compared] = settings.sides.map((side) => catalog.functions.find((f) => f.id === side.functionId).name);
  const title = `Dead-neuron lab: ${studied} against ${compared}, trained side by side`;
  return embedSnippet({ src: new URL(`?${writeLabState(settings)}&embed=1`, location.href).href, title, height: LAB_EMBED_HEIGHT });
}

// A sandboxed frame (opaque origin) may not touch its history; the view still works there.
function rememberInUrl(query) {
  try {
    history.replaceState(null, '', withQuery(location.href, query));
  } catch {
    // SecurityError in <iframe sandbox="allow-scripts">: nothing to remember into.
  }
}

// One click from the explorer to the lab's preset, with the α the explorer shows for Leaky ReLU
// (at least 0.1, where the difference is plain).
function labLink(explorer) {
  const link = element('a', { id: 'open-lab', className: 'lab-link', textContent: 'Why α matters: watch ReLU units die in the dead-neuron lab →' });
  hrefFromNow(link, () => {
    const leaky = explorer.view.series.find((s) => s.functionId === 'leaky_relu');
    const alpha = Math.max(0.1, leaky?.params.alpha ?? 0.1);
    return `?${new URLSearchParams({ view: 'lab', preset: 'dying_relu', alpha: String(alpha), play: '1' })}`;
  });
  return element('p', { className: 'lab-link-row' }, [link]);
}

// <activation-plot>: the explorer as a custom element for tutorial pages.
//   <script type="module" src="activation-plot.js"></script>
//   <activation-plot function="leaky_relu" alpha="0.01" from="-5" to="5" controls="alpha"></activation-plot>
// Attributes (all live): function, compare (more functions, comma-separated), any parameter of
// the function by its id (alpha, beta, …), from, to, samples, at-kink (pytorch|jax|tensorflow|pytorch_2_6), show
// (f,df,d2f), depth, theme (auto|light|dark), controls (parameter ids or control groups).
// A `change` event (detail: the view) follows every edit made in its controls. All elements on
// a page share one wasm instance, one Plotly and one stylesheet, loaded from beside this file.
//
// view="lab": the dead-neuron lab instead, in its compact layout, its attributes named as the
// lab's URL keys (dataset, layers (the URL's hidden), function, versus, alpha, alpha2, optimizer,
// lr, batch, seed, init, loss, steps, speed, play, preset, at-kink, theme). HTML's global
// attributes (hidden, lang, aria-*, data-*…) keep their HTML meaning and are not settings. Its files (lab/, activation_lab.wasm)
// load only when a lab is shown; it trains in a worker when the page and the files share an
// origin, else on the page in short slices.

import { loadEngine } from './activation-engine.js';
import { element } from './controls.js';
import { createExplorerDom, PLOTLY_MISSING, showFatal, showProblems } from './explorer-dom.js';
import { startExplorer } from './explorer.js';
import { labLoader } from './lab-loader.js';
import { loadScript } from './load-script.js';
import { shownText } from './number-text.js';
import { readUrlState, readView } from './url-state.js';
import { wasmSource } from './wasm-source.js';

// Its files sit beside it. Written as new URL('./…', import.meta.url), the form bundlers (Vite,
// webpack, Parcel) follow to emit them as assets; loaded as a classic script instead
// (activation-plot.classic.js, for pages opened from disk, where browsers refuse module
// scripts) there is no import.meta.url and its src stands in.
const scriptSrc = document.currentScript?.src || document.baseURI;
const ASSETS = import.meta.url
  ? {
    wasm: () => new URL('./activation_explorer.wasm', import.meta.url),
    plotly: () => new URL('./vendor/plotly-core.min.js', import.meta.url),
    css: () => new URL('./activation-plot.css', import.meta.url),
    labView: () => new URL('./lab/lab-view.js', import.meta.url),
    labCss: () => new URL('./lab/lab.css', import.meta.url),
    labWorker: () => new URL('./lab/lab-worker.js', import.meta.url),
    labWasm: () => new URL('./activation_lab.wasm', import.meta.url),
  }
  : {
    wasm: () => new URL('activation_explorer.wasm', scriptSrc),
    plotly: () => new URL('vendor/plotly-core.min.js', scriptSrc),
    css: () => new URL('activation-plot.css', scriptSrc),
    labView: () => new URL('lab/lab-view.js', scriptSrc),
    labCss: () => new URL('lab/lab.css', scriptSrc),
    labWorker: () => new URL('lab/lab-worker.js', scriptSrc),
    labWasm: () => new URL('activation_lab.wasm', scriptSrc),
  };
let enginePromise = null;
let loadLab = null;
let plotlyPromise = null;
let instances = 0;

function sharedEngine() {
  enginePromise ??= wasmSource(ASSETS.wasm()).then(loadEngine);
  return enginePromise;
}

// Plotly is a classic script that sets window.Plotly; a page that has it already is reused.
function sharedPlotly() {
  if (globalThis.Plotly) return Promise.resolve();
  plotlyPromise ??= loadScript(ASSETS.plotly(), PLOTLY_MISSING);
  return plotlyPromise;
}

function sharedLab() {
  loadLab ??= labLoader({ viewUrl: ASSETS.labView(), cssUrl: ASSETS.labCss(), wasmUrl: ASSETS.labWasm() });
  return loadLab();
}

function sharedStylesheet() {
  if (document.querySelector('link[data-activation-plot]')) return;
  document.head.append(element('link', { rel: 'stylesheet', href: ASSETS.css().href, dataset: { activationPlot: '' } }));
}

// HTML's global attributes are the page's business, not the plot's: never read as settings nor
// named as unknown ones (`hidden` hides the element, as HTML says; the lab's widths are `layers`).
const GLOBAL_ATTRIBUTES = new Set(['accesskey', 'autocapitalize', 'autofocus', 'class', 'contenteditable', 'dir', 'draggable',
  'enterkeyhint', 'exportparts', 'hidden', 'id', 'inert', 'inputmode', 'is', 'itemid', 'itemprop', 'itemref', 'itemscope',
  'itemtype', 'lang', 'nonce', 'part', 'popover', 'role', 'slot', 'spellcheck', 'style', 'tabindex', 'title', 'translate',
  'writingsuggestions', 'xml:lang', 'xml:space', 'xmlns']);
const isGlobalAttribute = (name) => GLOBAL_ATTRIBUTES.has(name) || /^(aria-|data-|on)/.test(name);

// Attribute names that differ from the URL's.
const ATTRIBUTE_TO_QUERY = { function: 'fn', samples: 'n', 'at-kink': 'at_kink' };
// The lab's attributes are its URL keys but for these (`hidden` is HTML's, so widths are `layers`).
const LAB_ATTRIBUTE_TO_QUERY = { function: 'fn', 'at-kink': 'at_kink', layers: 'hidden' };

/** Problems as the URL reader words them ("fn: …"), with the attribute's name instead ("function: …"). */
function inAttributeNames(problems, attributeToQuery) {
  const attributeOf = Object.fromEntries(Object.entries(attributeToQuery).map(([a, q]) => [q, a]));
  const leadingKey = new RegExp(`^"?(${Object.keys(attributeOf).join('|')})\\b`);
  return problems.map((p) => p.replace(leadingKey, (m, key) => m.replace(key, attributeOf[key])));
}
const LAB_PROBLEMS = 'Some attributes of <activation-plot view="lab"> were not used as given:';

// view="lab" in any case (the reader names a case it had to fold).
const isLab = (el) => readView(el.getAttribute('view')).name === 'lab';

/**
 * The attributes as the URL query the page reads, so both check values the same way. Two
 * attributes for one setting (at-kink and at_kink) are named: the first in `names` is used.
 * @returns {{query: URLSearchParams, clashes: string[]}}
 */
function settingAttributes(el, attributeToQuery, names = [...el.attributes].map((a) => a.name)) {
  const query = new URLSearchParams();
  const from = new Map();
  const clashes = [];
  // Own keys only: an attribute named "constructor" is not the object's.
  const renamed = (name) => Object.hasOwn(attributeToQuery, name);
  const ordered = [...names].sort((a, b) => Number(!renamed(a)) - Number(!renamed(b)));
  for (const name of ordered) {
    if (isGlobalAttribute(name) || name === 'compare') continue;
    const key = renamed(name) ? attributeToQuery[name] : name;
    if (from.has(key)) {
      clashes.push(`${name}="${shownText(el.getAttribute(name))}" and ${from.get(key)}="${shownText(el.getAttribute(from.get(key)))}" set the same thing; ${from.get(key)} is used.`);
      continue;
    }
    from.set(key, name);
    query.set(key, el.getAttribute(name));
  }
  return { query, clashes };
}

function labAttributesToQuery(el) {
  return settingAttributes(el, LAB_ATTRIBUTE_TO_QUERY);
}

function attributesToQuery(el) {
  const { query, clashes } = settingAttributes(el, ATTRIBUTE_TO_QUERY);
  const compare = el.getAttribute('compare');
  if (compare !== null) compare.split(',').map((v) => v.trim()).filter(Boolean).forEach((id, i) => query.set(`fn${i + 2}`, id));
  if (!query.has('fn')) query.set('fn', 'leaky_relu');
  return { query, clashes };
}

class ActivationPlot extends HTMLElement {
  #dom = null;
  #explorer = null;
  #lab = null;
  #edited = false;
  #attributeObserver = null;
  // Bumped by every mount and unmount, so a mount still loading when the element is removed
  // or remounted does not start an explorer nobody can reach.
  #generation = 0;

  constructor() {
    super();
    // The element's own `change` (detail: the view) is the only one its listeners hear: the
    // native change events of the fields inside it stop here. Added first, so it runs first.
    this.addEventListener('change', (event) => { if (event.target !== this) event.stopImmediatePropagation(); });
  }

  connectedCallback() {
    this.#attributeObserver = new MutationObserver((records) => {
      const names = records.map((r) => r.attributeName).filter((name) => !isGlobalAttribute(name));
      if (names.length === 0) return;
      // Another view or other controls mean another layout: build it anew; any other setting is a new view.
      if (names.includes('view') || names.includes('controls')) this.#mount();
      else if (this.#lab) this.#applyLabAttributes({ play: names.includes('play') });
      else if (this.#explorer) sharedEngine().then((engine) => this.#explorer?.applyView(this.#readAttributes(engine).view));
    });
    this.#attributeObserver.observe(this, { attributes: true });
    this.#mount();
  }

  /** Leaving the page takes down everything the element started (observers, listeners, the graph). */
  disconnectedCallback() {
    this.#attributeObserver?.disconnect();
    this.#attributeObserver = null;
    this.#unmount();
  }

  #unmount() {
    this.#generation += 1;
    this.#explorer?.destroy();
    this.#explorer = null;
    this.#lab?.view?.destroy();
    this.#lab = null;
    this.#dom?.root.remove();
    this.#dom = null;
  }

  #mount() {
    this.#unmount();
    const generation = this.#generation;
    instances += 1;
    const prefix = `ap${instances}-`;
    if (isLab(this)) {
      this.#mountLab(prefix, generation);
      return;
    }
    const dom = createExplorerDom(prefix);
    this.#dom = dom;
    this.replaceChildren(dom.root);
    sharedStylesheet();
    this.#start(dom, prefix, generation).catch((error) => {
      if (generation === this.#generation) showFatal(dom, error.message);
    });
  }

  async #start(dom, prefix, generation) {
    await sharedPlotly();
    const engine = await sharedEngine();
    if (generation !== this.#generation) return;
    const { view } = this.#readAttributes(engine);
    this.#explorer = startExplorer({
      engine,
      dom,
      view,
      controls: new Set(view.controls),
      idPrefix: prefix,
      onUserChange: () => { this.#edited = true; },
      onRender: (draft) => {
        if (!this.#edited) return;
        this.#edited = false;
        this.dispatchEvent(new CustomEvent('change', { bubbles: true, detail: viewDetail(draft) }));
      },
    });
  }

  // Bad attributes are named in the element, as the page names bad URL settings.
  #readAttributes(engine) {
    const { query, clashes } = attributesToQuery(this);
    const { view, problems } = readUrlState(`?${query}`, engine.catalog, engine.parameterProblem);
    showProblems(this.#dom.parts.urlNotice, 'Some attributes of <activation-plot> were not used as given:',
      [...clashes, ...inAttributeNames(problems, ATTRIBUTE_TO_QUERY)]);
    return { view, problems };
  }

  // The lab: a notice for bad attributes above it, "Loading the lab…" until its files are in.
  #mountLab(prefix, generation) {
    const notice = element('div', { className: 'notice ae-url-notice', role: 'status', hidden: true });
    const root = element('div', { className: 'ae-lab-root' }, [element('p', { className: 'notice', textContent: 'Loading the lab…' })]);
    // A failure is shown where the lab would be, in the explorer's frame and colours.
    const frame = element('div', { className: 'ae-explorer' }, [notice, root]);
    this.#dom = { root: frame };
    this.replaceChildren(frame);
    sharedStylesheet();
    this.#startLab({ notice, root, prefix }, generation).catch((error) => {
      if (generation !== this.#generation) return;
      root.replaceChildren(element('p', { className: 'notice error', role: 'alert', textContent: error.message }));
    });
  }

  async #startLab({ notice, root, prefix }, generation) {
    await sharedPlotly();
    const engine = await sharedEngine();
    const lab = await sharedLab();
    if (generation !== this.#generation) return;
    // view: the running lab (startLab's), once its settings are read.
    this.#lab = { notice, engine, modules: lab, view: null };
    const settings = this.#readLabAttributes();
    this.#lab.view = lab.startLab({
      root, catalog: engine.catalog, tables: lab.tables, settings,
      wasmUrl: ASSETS.labWasm(), workerUrl: ASSETS.labWorker(),
      compact: true, idPrefix: prefix,
      onSettings: (next) => this.dispatchEvent(new CustomEvent('change', { bubbles: true, detail: labDetail(next, lab.writeLabState) })),
    });
  }

  #readLabAttributes() {
    const { notice, engine, modules } = this.#lab;
    const { query, clashes } = labAttributesToQuery(this);
    const { settings, problems } = modules.readLabState(`?${query}`, {
      tables: modules.tables, catalog: engine.catalog, checkParams: engine.parameterProblem,
    });
    showProblems(notice, LAB_PROBLEMS, [...clashes, ...inAttributeNames(problems, LAB_ATTRIBUTE_TO_QUERY)]);
    return settings;
  }

  // play="1" set after mounting starts the run, as it does on arrival.
  #applyLabAttributes({ play = false } = {}) {
    const settings = this.#readLabAttributes();
    this.#lab?.view?.applySettings(settings, { play: play && settings.play });
  }

  /** The current view: functions, parameters, range, convention; for view="lab", the lab's settings. */
  get view() {
    if (this.#lab?.view) return labDetail(this.#lab.view.settings, this.#lab.modules.writeLabState);
    return this.#explorer ? viewDetail(this.#explorer.view) : null;
  }
}

// The lab's settings, and the query that reproduces them (for a link to the full page).
function labDetail(settings, writeLabState) {
  return { view: 'lab', query: writeLabState(settings), ...structuredClone(settings) };
}

function viewDetail(view) {
  return {
    function: view.series[0].functionId,
    params: { ...view.series[0].params },
    compare: view.series.slice(1).map((s) => ({ function: s.functionId, params: { ...s.params } })),
    from: view.from, to: view.to, samples: view.n, atKink: view.atKink,
  };
}

if (!customElements.get('activation-plot')) customElements.define('activation-plot', ActivationPlot);

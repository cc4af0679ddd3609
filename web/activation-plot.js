// <activation-plot>: a view of the registry as a custom element for tutorial pages.
//   <script type="module" src="activation-plot.js"></script>
//   <activation-plot function="leaky_relu" alpha="0.01" from="-5" to="5" controls="alpha"></activation-plot>
// Attributes (all live): function, compare (more functions, comma-separated), any parameter of
// the function by its id (alpha, beta, …), from, to, samples, at-kink (pytorch|jax|tensorflow|pytorch_2_6), show
// (f,df,d2f), depth, theme (auto|light|dark), controls (parameter ids or control groups); expr, a
// formula in x (docs/formulas.md), drawn when function is left out or "expr", each of its
// parameters by its name (expr="x * sigmoid(b*x)" b="1.702" controls="b").
// A `change` event (detail: the view) follows every edit made in its controls. All elements on
// a page share one wasm instance, one Plotly and one stylesheet, loaded from beside this file; the
// wasm is activation_explorer_core.wasm, and activation_explorer.wasm once an element shows a formula.
//
// view="lab": the dead-neuron lab instead, in its compact layout, its attributes named as the
// lab's URL keys (dataset, layers (the URL's hidden), function, versus, alpha, alpha2, optimizer,
// lr, batch, seed, init, loss, steps, speed, play, preset, at-kink, theme). HTML's global
// attributes (hidden, lang, aria-*, data-*…) keep their HTML meaning and are not settings. Its files (lab/, activation_lab.wasm)
// load only when a lab is shown; it trains in a worker when the page and the files share an
// origin, else on the page in short slices. Any view of the registry (web/views/registry.js)
// is shown the same way, by its name.

import { element } from './controls.js';
import { loadExplorerEngine } from './explorer-engine.js';
import { PLOTLY_MISSING, showProblems } from './explorer-dom.js';
import { loadScript } from './load-script.js';
import { attributesToQuery, inAttributeNames, isGlobalAttribute } from './views/element-attributes.js';
import { placeholderFor } from './views/placeholder.js';
import { viewNamed, views } from './views/registry.js';
import { readViewQuery, viewChoice } from './views/url-layer.js';

// Its files sit beside it. Written as new URL('./…', import.meta.url), the form bundlers (Vite,
// webpack, Parcel) follow to emit them as assets: every file a view asks for (host.asset) is
// listed here for them. Loaded as a classic script instead (activation-plot.classic.js, for
// pages opened from disk, where browsers refuse module scripts) there is no import.meta.url
// and its src stands in.
const scriptSrc = document.currentScript?.src || document.baseURI;
const BUNDLED = import.meta.url ? {
  'activation_explorer_core.wasm': () => new URL('./activation_explorer_core.wasm', import.meta.url),
  'activation_explorer.wasm': () => new URL('./activation_explorer.wasm', import.meta.url),
  'vendor/plotly-core.min.js': () => new URL('./vendor/plotly-core.min.js', import.meta.url),
  'activation-plot.css': () => new URL('./activation-plot.css', import.meta.url),
  'lab/lab-view.js': () => new URL('./lab/lab-view.js', import.meta.url),
  'lab/lab.css': () => new URL('./lab/lab.css', import.meta.url),
  'lab/lab-worker.js': () => new URL('./lab/lab-worker.js', import.meta.url),
  'activation_lab.wasm': () => new URL('./activation_lab.wasm', import.meta.url),
} : {};
const asset = (path) => BUNDLED[path]?.() ?? new URL(path, import.meta.url || scriptSrc);
let enginePromise = null;
let plotlyPromise = null;
let instances = 0;

function sharedEngine() {
  enginePromise ??= loadExplorerEngine(asset);
  return enginePromise;
}

// Plotly is a classic script that sets window.Plotly; a page that has it already is reused.
function sharedPlotly() {
  if (globalThis.Plotly) return Promise.resolve();
  plotlyPromise ??= loadScript(asset('vendor/plotly-core.min.js'), PLOTLY_MISSING);
  return plotlyPromise;
}

function sharedStylesheet() {
  if (document.querySelector('link[data-activation-plot]')) return;
  document.head.append(element('link', { rel: 'stylesheet', href: asset('activation-plot.css').href, dataset: { activationPlot: '' } }));
}

class ActivationPlot extends HTMLElement {
  // The running view: its name, the loaded view and what its mount returned.
  #session = null;
  #edited = false;
  #attributeObserver = null;
  // Bumped by every mount and unmount, so a mount still loading when the element is removed
  // or remounted does not start a view nobody can reach.
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
      // Another view or other controls mean another layout: build it anew; any other setting is applied.
      if (names.includes('view') || names.includes('controls')) this.#mount();
      else if (this.#session) this.#apply(names, this.#generation);
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
    this.#session?.mounted.destroy();
    this.#session = null;
    this.replaceChildren();
  }

  #mount() {
    this.#unmount();
    const generation = this.#generation;
    instances += 1;
    const idPrefix = `ap${instances}-`;
    const description = viewNamed(viewChoice(this.getAttribute('view'), views()).name);
    placeholderFor(description, this, idPrefix);
    sharedStylesheet();
    this.#start(description, idPrefix, generation).catch((error) => {
      // Said where the view would be, in a frame of its own (a mount that failed half-way left its).
      if (generation === this.#generation) placeholderFor(description, this, idPrefix).fail(error.message);
    });
  }

  async #start(description, idPrefix, generation) {
    await sharedPlotly();
    const engine = await sharedEngine();
    const base = { kind: 'element', engine, asset, idPrefix };
    const loaded = await description.load(base);
    await loaded.prepare?.({ query: attributesToQuery(this, loaded).query });
    if (generation !== this.#generation) return;
    const session = { name: description.name, loaded, mounted: null };
    const host = {
      ...base, embed: false, compact: true, fullPage: false,
      onEdit: () => { this.#edited = true; },
      onState: (state) => {
        if (!this.#edited) return;
        this.#edited = false;
        this.dispatchEvent(new CustomEvent('change', { bubbles: true, detail: loaded.detail(state) }));
      },
      openFullPage: () => null,
      embedCodeTool: () => null,
    };
    const { state, problems } = this.#read(session);
    session.mounted = loaded.mount(this, state, host);
    this.#session = session;
    this.#showProblems(session, problems);
  }

  // Bad attributes are named in the element (once its view has its notice), as the page names bad URL settings.
  #read({ loaded }) {
    const { query, clashes } = attributesToQuery(this, loaded);
    const { state, problems } = readViewQuery(query, loaded, views());
    return { state, problems: [...clashes, ...inAttributeNames(problems, loaded.attributes)] };
  }

  #showProblems({ name, mounted }, problems) {
    const tag = name === views()[0].name ? '<activation-plot>' : `<activation-plot view="${name}">`;
    showProblems(mounted.notice, `Some attributes of ${tag} were not used as given:`, problems);
  }

  // A new attribute may bring a formula: its module is loaded first (the plot stays meanwhile).
  async #apply(changed, generation) {
    await this.#session.loaded.prepare?.({ query: attributesToQuery(this, this.#session.loaded).query });
    if (generation !== this.#generation || !this.#session) return;
    const { state, problems } = this.#read(this.#session);
    this.#showProblems(this.#session, problems);
    this.#session.mounted.apply(state, { changed });
  }

  /** The current view: functions, parameters, range, convention; for view="lab", the lab's settings. */
  get view() {
    const session = this.#session;
    return session ? session.loaded.detail(session.mounted.state) : null;
  }
}

if (!customElements.get('activation-plot')) customElements.define('activation-plot', ActivationPlot);

// The explorer as a view of the registry (the contract: web/views/registry.js): its URL keys
// (explorer-url.js), what it shares with the other views, and its mount around startExplorer.

import { element } from '../controls.js';
import { embedHeight } from '../embed-code.js';
import { createExplorerDom } from '../explorer-dom.js';
import { startExplorer } from '../explorer.js';
import {
  builtinFunctions, defaultView, explorerControls, FORMULA_KEY, queryHasFormula, readExplorerKeys, seriesFor,
  unknownExplorerKey, writeExplorerKeys,
} from './explorer-url.js';
import { formulaNameClash } from '../views/formula-names.js';
import { formulaSlot } from './formula-slot.js';

/**
 * The explorer for a host: its engine's catalog checks the keys. The reader's formula is
 * registered in the engine under the view's own id ("expr", or "<prefix>expr" for an element),
 * and taken out when the view is destroyed.
 */
export function explorerViewFor(host) {
  const { engine } = host;
  const { catalog } = engine;
  const formula = formulaSlot(engine, {
    id: `${host.idPrefix ?? ''}${FORMULA_KEY}`, refuseName: formulaNameClash, // every view's URL keys (views/formula-names.js) maxLength: engine.formulaGrammar().limits?.length,
  });
  const context = { catalog, checkParams: engine.parameterProblem, formula };
  const specOf = (id) => engine.functionSpec(id);
  // What the other views and the element's listeners are told: a formula by the URL's name, with its text.
  const described = (view, { functionId, params }) => (functionId === view.formula?.id
    ? { functionId: FORMULA_KEY, params: { ...params }, expr: view.formula.text } : { functionId, params: { ...params } });
  return {
    // The names controls= may list, a link's formula's parameters among them (read here first).
    controls: (reader) => {
      const text = reader.get(FORMULA_KEY);
      if (text === null) return explorerControls(catalog, null);
      // A refused text keeps the last good formula (the slot's), and so its sliders' names.
      const result = formula.set(text);
      return explorerControls(catalog, result.ok ? result.spec : formula.spec);
    },
    read: (reader, page) => readExplorerKeys(reader, page, context),
    unknownKey: (key, view) => unknownExplorerKey(key, view, engine.catalog),
    write: writeExplorerKeys,
    shared: (view) => ({ functions: view.series.map((s) => described(view, s)), atKink: view.atKink, theme: view.theme }),
    fromShared: (shared) => viewFromShared(shared, { catalog, formula }),
    // The explorer shows one typed formula: another one a tab brings is named, not dropped silently.
    leftOut: ({ functions }) => [...new Set(functions.filter((f) => f.expr !== undefined).map((f) => f.expr))].slice(1)
      .map((text) => `f(x) = ${text} is not shown: the explorer shows one typed formula at a time; the tab back to the lab keeps it.`),
    // A formula to show needs the full module (a lean engine fetches it once); a failed load is
    // named where the formula is refused (the URL's or the attributes' problems).
    // A promise only when there is something to fetch: the router reads a query at once otherwise,
    // so back/forward lands in the same task as its popstate (an input right after it is not lost).
    prepare: ({ query = null, shared = null }) => {
      const wanted = query ? queryHasFormula(query) : shared?.functions.some((f) => f.expr !== undefined);
      return wanted && !engine.hasFormulas ? engine.loadFormulas() : undefined;
    },
    // An element shows one function unless told more; compare="relu, elu" names the others.
    attributes: { function: 'fn', samples: 'n', 'at-kink': 'at_kink' },
    elementQuery(query, el) {
      const compare = el.getAttribute('compare');
      query.delete('compare');
      if (compare !== null) compare.split(',').map((v) => v.trim()).filter(Boolean).forEach((id, i) => query.set(`fn${i + 2}`, id));
      // expr="…" alone shows the formula.
      if (!query.has('fn')) query.set('fn', query.has(FORMULA_KEY) ? FORMULA_KEY : defaultView(catalog).series[0].functionId);
    },
    detail: (view) => {
      const [first, ...rest] = view.series.map((s) => described(view, s));
      const asDetail = ({ functionId, params, expr }) => ({ function: functionId, params, ...(expr === undefined ? {} : { expr }) });
      return { ...asDetail(first), compare: rest.map(asDetail), from: view.from, to: view.to, samples: view.n, atKink: view.atKink };
    },
    // The embed: the plot with the first function's parameter sliders.
    embedCode(view) {
      const first = specOf(view.series[0].functionId);
      const names = view.series.map((s) => (s.functionId === view.formula?.id ? `f(x) = ${view.formula.text}` : specOf(s.functionId).name)).join(' and ');
      return {
        controls: first.parameters.map((p) => p.id),
        title: `${names} with ${view.series.length > 1 ? 'their derivatives' : 'its derivative'}`,
        height: embedHeight(first.parameters),
      };
    },
    mount: (root, view, mountHost) => mountExplorer(root, view, mountHost, formula),
  };
}

// A tab switch's functions as the explorer's view: a function with `expr` is the reader's
// formula (the first one registered; a function this explorer does not have is left out).
function viewFromShared({ functions, atKink, theme }, { catalog, formula }) {
  const view = { ...defaultView(catalog), atKink, theme };
  const series = [];
  for (const { functionId, params, expr } of functions) {
    let spec = builtinFunctions(catalog).find((f) => f.id === functionId);
    if (expr !== undefined && (view.formula === null || view.formula.text === expr)) {
      const result = formula.set(expr);
      if (result.ok) view.formula = { id: formula.id, text: expr };
      spec = result.ok ? result.spec : null;
    } else if (expr !== undefined) spec = null;
    if (!spec) continue;
    const own = seriesFor(spec);
    series.push({ ...own, params: Object.fromEntries(Object.keys(own.params).map((id) => [id, params[id] ?? own.params[id]])) });
  }
  if (series.length > 0) view.series = series;
  return view;
}

function mountExplorer(root, view, host, formula) {
  const dom = createExplorerDom(host.idPrefix);
  root.replaceChildren(dom.root);
  const explorer = startExplorer({
    engine: host.engine,
    formula,
    dom,
    view,
    // The element and an embed show the controls they name; the full page shows them all.
    controls: host.compact ? new Set(view.controls) : null,
    idPrefix: host.idPrefix,
    onUserChange: host.onEdit,
    // Only a view that plotted is reported (and goes into the URL), so a copied link always works.
    onRender: host.onState,
  });
  const open = host.openFullPage();
  if (open) dom.parts.caption.append(open);
  if (host.fullPage) dom.parts.chart.append(host.embedCodeTool(), labLink(explorer));
  return {
    notice: dom.parts.urlNotice,
    get state() { return explorer.view; },
    apply: (next) => explorer.applyView(next),
    destroy: () => {
      explorer.destroy();
      formula.clear();
    },
  };
}

// One click from the explorer to the lab's preset, with the α the explorer shows for Leaky ReLU
// (at least 0.1, where the difference is plain).
function labLink(explorer) {
  const link = element('a', { id: 'open-lab', className: 'lab-link', textContent: 'Why α matters: watch ReLU units die in the dead-neuron lab →' });
  const update = () => {
    const leaky = explorer.view.series.find((s) => s.functionId === 'leaky_relu');
    const alpha = Math.max(0.1, leaky?.params.alpha ?? 0.1);
    link.href = `?${new URLSearchParams({ view: 'lab', preset: 'dying_relu', alpha: String(alpha), play: '1' })}`;
  };
  update();
  for (const event of ['pointerenter', 'focus', 'click']) link.addEventListener(event, update);
  return element('p', { className: 'lab-link-row' }, [link]);
}

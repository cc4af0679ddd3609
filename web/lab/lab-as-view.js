// The lab as a view of the registry (the contract: web/views/registry.js), in the lab's lazily
// loaded bundle: its URL keys (lab-url.js), what it shares with the other views, and its mount
// around startLab.

import { element } from '../controls.js';
import { LAB_EMBED_HEIGHT } from '../embed-code.js';
import { checkFormula, formulaBook, formulaSide, isFormula, sideSpec } from './lab-formulas.js';
import { defaultLabSettings, keysTaken, readLabKeys, unknownLabKey, writeLabKeys, writeLabState } from './lab-url.js';
import { startLab } from './lab-view.js';

/**
 * The lab for a host, with the tables of its wasm module and the page's instance of it
 * (labEngine: it checks formula sides where they are read; without it, expr and expr2 are refused).
 */
export function labViewFor(host, tables, labEngine = null) {
  const { catalog } = host.engine;
  const formulas = labEngine ? formulaBook(labEngine) : null;
  const context = { tables, catalog, checkParams: host.engine.parameterProblem, formulas };
  const trainable = (id) => catalog.functions.find((f) => f.id === id)?.trainable;
  const nameOf = (side) => sideSpec(catalog, formulas, side)?.name ?? side.expr;
  return {
    read: (reader, page) => readLabKeys(reader, page, context),
    unknownKey: unknownLabKey,
    write: (settings) => writeLabKeys(settings, tables),
    // A formula side goes as { functionId, params, expr } (the agreed shape; the explorer's id is expr).
    shared: ({ sides, atKink, theme }) => ({
      functions: sides.map(({ functionId, params, expr }) => (isFormula({ expr }) ? { functionId, params, expr } : { functionId, params })),
      atKink,
      theme,
    }),
    // The first two functions the core can train (a step has no gradient to learn from; a
    // formula the lab's module reads can) are the two sides; a side with none keeps the lab's default.
    fromShared({ functions, atKink, theme }) {
      const settings = defaultLabSettings(tables);
      let s = 0;
      for (const shared of functions) {
        const side = s < 2 ? sharedSide(shared, s, settings) : null;
        if (side) settings.sides[s++] = side;
      }
      return { ...settings, atKink, theme };
    },
    // The element's attributes are the lab's URL keys but for these (`hidden` is HTML's, so widths are `layers`).
    attributes: { function: 'fn', 'at-kink': 'at_kink', layers: 'hidden' },
    // The lab's settings, and the query that reproduces them (for a link to the full page).
    detail: (settings) => ({ view: 'lab', query: writeLabState(settings, tables), ...structuredClone(settings) }),
    // The lab's embed: its compact layout with the same settings.
    embedCode: (settings) => ({
      controls: [],
      title: `Dead-neuron lab: ${nameOf(settings.sides[0])} against ${nameOf(settings.sides[1])}, trained side by side`,
      height: LAB_EMBED_HEIGHT,
    }),
    mount: (root, settings, mountHost) => mountLab(root, settings, { ...mountHost, catalog, tables, formulas }),
  };

  // A function another view shared, as side s if the lab can train it (a formula the lab's module
  // reads, whose parameters' URL keys are free), or null.
  function sharedSide({ functionId, params, expr }, s, settings) {
    if (typeof expr !== 'string') return trainable(functionId) ? { functionId, params: { ...params } } : null;
    const checked = formulas ? checkFormula(formulas, s, expr, keysTaken(settings, s, catalog, formulas)) : { ok: false };
    return checked.ok ? formulaSide(s, expr, checked.spec, params ?? {}) : null;
  }
}

function mountLab(root, settings, host) {
  const notice = element('div', { className: 'notice ae-url-notice', role: 'status', hidden: true });
  const labRoot = element('div', { className: 'ae-lab-root' });
  const open = host.openFullPage();
  // In an element the notice sits in the explorer's frame and colours (activation-plot.css).
  const parts = [notice, labRoot, ...(host.fullPage ? [host.embedCodeTool()] : [])];
  root.replaceChildren(...(host.kind === 'element' ? [element('div', { className: 'ae-explorer' }, parts)] : parts));
  const lab = startLab({
    root: labRoot, catalog: host.catalog, tables: host.tables, formulas: host.formulas, settings,
    wasmUrl: host.asset('activation_lab.wasm'), workerUrl: host.asset('lab/lab-worker.js'),
    onSettings: (next) => { host.onEdit(); host.onState(next); },
    // A phone gets the embed's layout too: its charts in the first screen, the settings folded.
    compact: host.compact || window.matchMedia('(max-width: 560px)').matches,
    idPrefix: host.idPrefix,
    links: open ? [element('p', { className: 'lab-open-row' }, [open])] : [],
  });
  host.onState(lab.settings);
  return {
    notice,
    get state() { return lab.settings; },
    // play="1" set after mounting starts the run, as it does on arrival.
    apply: (next, { changed = [] } = {}) => lab.applySettings(next, { play: changed.includes('play') && next.play }),
    destroy: () => lab.destroy(),
  };
}

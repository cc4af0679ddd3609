// The lab as a view of the registry (the contract: web/views/registry.js), in the lab's lazily
// loaded bundle: its URL keys (lab-url.js), what it shares with the other views, and its mount
// around startLab.

import { element } from '../controls.js';
import { LAB_EMBED_HEIGHT } from '../embed-code.js';
import { defaultLabSettings, readLabKeys, unknownLabKey, writeLabKeys, writeLabState } from './lab-url.js';
import { startLab } from './lab-view.js';

/** The lab for a host, with the tables of its wasm module. */
export function labViewFor(host, tables) {
  const { catalog } = host.engine;
  const context = { tables, catalog, checkParams: host.engine.parameterProblem };
  const trainable = (id) => catalog.functions.find((f) => f.id === id)?.trainable;
  const nameOf = (id) => catalog.functions.find((f) => f.id === id).name;
  return {
    read: (reader, page) => readLabKeys(reader, page, context),
    unknownKey: unknownLabKey,
    write: (settings) => writeLabKeys(settings, tables),
    shared: ({ sides, atKink, theme }) => ({ functions: sides.map(({ functionId, params }) => ({ functionId, params })), atKink, theme }),
    // The first two functions the core can train (a step has no gradient to learn from) are the
    // two sides; a side with none keeps the lab's default.
    fromShared({ functions, atKink, theme }) {
      const settings = defaultLabSettings(tables);
      functions.filter((f) => trainable(f.functionId)).slice(0, 2).forEach(({ functionId, params }, s) => {
        settings.sides[s] = { functionId, params: { ...params } };
      });
      return { ...settings, atKink, theme };
    },
    // The element's attributes are the lab's URL keys but for these (`hidden` is HTML's, so widths are `layers`).
    attributes: { function: 'fn', 'at-kink': 'at_kink', layers: 'hidden' },
    // The lab's settings, and the query that reproduces them (for a link to the full page).
    detail: (settings) => ({ view: 'lab', query: writeLabState(settings, tables), ...structuredClone(settings) }),
    // The lab's embed: its compact layout with the same settings.
    embedCode: (settings) => ({
      controls: [],
      title: `Dead-neuron lab: ${nameOf(settings.sides[0].functionId)} against ${nameOf(settings.sides[1].functionId)}, trained side by side`,
      height: LAB_EMBED_HEIGHT,
    }),
    mount: (root, settings, mountHost) => mountLab(root, settings, { ...mountHost, catalog, tables }),
  };
}

function mountLab(root, settings, host) {
  const notice = element('div', { className: 'notice ae-url-notice', role: 'status', hidden: true });
  const labRoot = element('div', { className: 'ae-lab-root' });
  const open = host.openFullPage();
  // In an element the notice sits in the explorer's frame and colours (activation-plot.css).
  const parts = [notice, labRoot, ...(host.fullPage ? [host.embedCodeTool()] : [])];
  root.replaceChildren(...(host.kind === 'element' ? [element('div', { className: 'ae-explorer' }, parts)] : parts));
  const lab = startLab({
    root: labRoot, catalog: host.catalog, tables: host.tables, settings,
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

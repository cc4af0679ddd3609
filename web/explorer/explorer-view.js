// The explorer as a view of the registry (the contract: web/views/registry.js): its URL keys
// (explorer-url.js), what it shares with the other views, and its mount around startExplorer.

import { element } from '../controls.js';
import { embedHeight } from '../embed-code.js';
import { createExplorerDom } from '../explorer-dom.js';
import { startExplorer } from '../explorer.js';
import {
  defaultView, explorerControls, readExplorerKeys, seriesOf, unknownExplorerKey, writeExplorerKeys,
} from './explorer-url.js';

/** The explorer for a host: its engine's catalog checks the keys. */
export function explorerViewFor(host) {
  const { catalog } = host.engine;
  const context = { catalog, checkParams: host.engine.parameterProblem };
  const nameOf = (id) => catalog.functions.find((f) => f.id === id).name;
  return {
    controls: explorerControls(catalog),
    read: (reader, page) => readExplorerKeys(reader, page, context),
    unknownKey: (key, view) => unknownExplorerKey(key, view, catalog),
    write: writeExplorerKeys,
    shared: (view) => ({ functions: view.series.map(({ functionId, params }) => ({ functionId, params })), atKink: view.atKink, theme: view.theme }),
    fromShared: ({ functions, atKink, theme }) => ({
      ...defaultView(catalog),
      series: functions.map(({ functionId, params }) => ({ ...seriesOf(catalog, functionId), params: { ...params } })),
      atKink,
      theme,
    }),
    // An element shows one function unless told more; compare="relu, elu" names the others.
    attributes: { function: 'fn', samples: 'n', 'at-kink': 'at_kink' },
    elementQuery(query, el) {
      const compare = el.getAttribute('compare');
      query.delete('compare');
      if (compare !== null) compare.split(',').map((v) => v.trim()).filter(Boolean).forEach((id, i) => query.set(`fn${i + 2}`, id));
      if (!query.has('fn')) query.set('fn', defaultView(catalog).series[0].functionId);
    },
    detail: (view) => ({
      function: view.series[0].functionId,
      params: { ...view.series[0].params },
      compare: view.series.slice(1).map((s) => ({ function: s.functionId, params: { ...s.params } })),
      from: view.from, to: view.to, samples: view.n, atKink: view.atKink,
    }),
    // The embed: the plot with the first function's parameter sliders.
    embedCode(view) {
      const first = catalog.functions.find((f) => f.id === view.series[0].functionId);
      const names = view.series.map((s) => nameOf(s.functionId)).join(' and ');
      return {
        controls: first.parameters.map((p) => p.id),
        title: `${names} with ${view.series.length > 1 ? 'their derivatives' : 'its derivative'}`,
        height: embedHeight(first.parameters),
      };
    },
    mount: (root, view, mountHost) => mountExplorer(root, view, mountHost),
  };
}

function mountExplorer(root, view, host) {
  const dom = createExplorerDom(host.idPrefix);
  root.replaceChildren(dom.root);
  const explorer = startExplorer({
    engine: host.engine,
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
    destroy: () => explorer.destroy(),
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

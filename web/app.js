// The page: controls → draft state → C++ sampling (wasm) → Plotly, one way, at most once a frame.
// A bad value shows a message and leaves the last good plot on screen.

import { loadEngine } from './activation-engine.js';
import { checkbox, conventionControl, element, integerSlider, numberField } from './controls.js';
import { buildFigure, DASHES, formatNumber, PALETTE } from './plot-model.js';
import { showProperties } from './properties.js';
import { seriesEditor } from './series-editor.js';
import { MAX_SERIES, readUrlState, seriesOf, writeUrlState } from './url-state.js';
import { chartTools, downloadText, renderTable } from './chart-tools.js';
import { describeSeries, samplesTable, tableToCsv } from './samples-table.js';
const PLOTLY_CONFIG = {
  responsive: true,
  displaylogo: false,
  modeBarButtonsToRemove: ['select2d', 'lasso2d'],
  toImageButtonOptions: { format: 'png', filename: 'activation-explorer', scale: 2 },
};

// The wasm sits beside this script. Read now: currentScript is set only while a classic
// script first runs (the bundle in dist/); as a module (web/ in development) the page's URL does.
const scriptUrl = document.currentScript?.src ?? document.baseURI;
const plot = document.getElementById('plot');
const message = document.getElementById('message');

main().catch((error) => {
  showMessage(error.message, 'fatal');
  // Where the plot would be, too: that is where an embedding reader looks.
  plot.replaceChildren(Object.assign(document.createElement('p'), { className: 'notice', textContent: error.message }));
  plot.dataset.state = 'failed';
});

async function main() {
  if (!globalThis.Plotly) throw new Error('The plotting library did not load (vendor/plotly-basic.min.js is missing or blocked).');
  const engine = await loadEngine(new URL('activation_explorer.wasm', scriptUrl));
  const { catalog } = engine;
  let nextKey = 0;
  const withKey = (series) => ({ key: `s${nextKey++}`, ...series });
  const newSeries = (functionId) => withKey(seriesOf(catalog, functionId));
  const checkParams = (functionId, params) => {
    const result = engine.kinks({ functionId, params });
    return result.ok ? null : result.message;
  };
  const { view, problems } = readUrlState(location.search, catalog, checkParams);
  showUrlNotice(problems);
  const draft = { ...view, series: view.series.map(withKey) };
  const fieldErrors = new Map();
  let revision = 0;
  let frameRequested = false;

  // Coalesces bursts of input (a dragged slider fires many events a frame) into one redraw
  // that reads the draft when the frame comes, so the last value always wins.
  function requestRender() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      render();
    });
  }
  const valid = (fieldId) => fieldErrors.delete(fieldId);
  const invalid = (fieldId, text) => {
    fieldErrors.set(fieldId, text);
    requestRender();
  };

  // ---- Compare mode: one editor card per series.
  const seriesList = document.getElementById('series-list');
  const addButton = element('button', { type: 'button', id: 'add-series', textContent: '+ Add a function to compare' });
  function buildSeriesEditors() {
    seriesList.replaceChildren(...draft.series.map((s, i) => seriesEditor({
      catalog,
      series: s,
      color: PALETTE[i],
      removable: draft.series.length > 1,
      onChange: requestRender,
      onInvalid: invalid,
      onValid: valid,
      onRemove: () => {
        draft.series.splice(draft.series.indexOf(s), 1);
        for (const id of [...fieldErrors.keys()]) if (id.startsWith(`${s.key}-`)) fieldErrors.delete(id);
        buildSeriesEditors();
        requestRender();
      },
    })));
    addButton.disabled = draft.series.length >= MAX_SERIES;
  }
  addButton.addEventListener('click', () => {
    const unused = catalog.functions.find((f) => !draft.series.some((s) => s.functionId === f.id)) ?? catalog.functions[0];
    draft.series.push(newSeries(unused.id));
    buildSeriesEditors();
    requestRender();
    seriesList.lastElementChild.querySelector('select').focus();
  });
  buildSeriesEditors();
  document.getElementById('series-tools').append(addButton);

  // ---- Shared controls.
  const convention = conventionControl(catalog.conventions, {
    value: draft.atKink,
    onValue: (v) => { draft.atKink = v; requestRender(); },
  });
  const numberInput = (id, label, key) => numberField({
    id, label, value: draft[key],
    onValue: (v) => { valid(id); draft[key] = v; requestRender(); },
    onInvalid: (text) => invalid(id, text),
  });
  const rangeFields = [['x-from', 'x from', 'from'], ['x-to', 'x to', 'to'], ['samples', 'samples', 'n']]
    .map(([id, label, key]) => ({ key, field: numberInput(id, label, key) }));
  document.getElementById('range').append(...rangeFields.map((r) => r.field.element));
  document.getElementById('shared').prepend(convention.element);
  document.getElementById('depth').append(
    checkbox({ id: 'depth-on', label: 'Show |f′(x)|ᴸ: the gradient factor through L layers', checked: draft.depth.on,
      onValue: (v) => { draft.depth.on = v; requestRender(); } }),
    integerSlider({ id: 'depth-layers', label: 'L', min: 1, max: 50, value: draft.depth.layers,
      onValue: (v) => { draft.depth.layers = v; requestRender(); } }),
  );

  // ---- Downloads and the data table, from the last series plotted.
  let plotted = [];
  const tableBox = document.getElementById('data-table');
  const fileStem = () => `activation-explorer-${draft.series.map((s) => s.functionId).join('-')}`;
  const refreshTable = () => { if (!tableBox.hidden) renderTable(tableBox, samplesTable(plotted), formatNumber); };
  document.getElementById('chart-tools').append(chartTools({
    tableId: tableBox.id,
    onImage: (format) => globalThis.Plotly.downloadImage(plot, { format, filename: fileStem(), scale: format === 'png' ? 2 : 1 }),
    onCsv: () => downloadText(`${fileStem()}.csv`, tableToCsv(samplesTable(plotted)), 'text/csv'),
    onJson: () => downloadText(`${fileStem()}.json`, `${JSON.stringify({ ...viewForExport(draft), link: location.href }, null, 2)}\n`, 'application/json'),
    onToggleTable: (open) => { tableBox.hidden = !open; refreshTable(); },
  }));

  function sampleSeries(s, index) {
    const spec = engine.functionSpec(s.functionId);
    const samples = engine.sample({ functionId: s.functionId, params: s.params, atKink: draft.atKink, from: draft.from, to: draft.to, n: draft.n, second: s.show.d2f });
    if (!samples.ok) return samples;
    const kinks = engine.kinks({ functionId: s.functionId, params: s.params });
    if (!kinks.ok) return kinks;
    const shownParams = spec.parameters.map((p) => `${p.symbol} = ${formatNumber(s.params[p.id])}`).join(', ');
    return {
      ok: true,
      ...s,
      name: spec.name,
      label: shownParams ? `${spec.name} (${shownParams})` : spec.name,
      color: PALETTE[index],
      dash: DASHES[index % DASHES.length],
      atKink: draft.atKink,
      conventionLabel: catalog.conventions.find((c) => c.id === draft.atKink).label,
      ...samples,
      kinks: kinks.kinks,
    };
  }

  function render() {
    if (fieldErrors.size > 0) {
      showMessage([...fieldErrors.values()].join(' '));
      return;
    }
    const series = [];
    for (const s of draft.series) {
      const sampled = sampleSeries(s, series.length);
      if (!sampled.ok) {
        showMessage(`${engine.functionSpec(s.functionId).name}: ${sampled.message}`);
        return;
      }
      series.push(sampled);
    }
    revision += 1;
    const figure = buildFigure(series, { from: draft.from, to: draft.to, revision, depthLayers: draft.depth.on ? draft.depth.layers : 0 });
    globalThis.Plotly.react(plot, figure.data, figure.layout, PLOTLY_CONFIG);
    plot.dataset.revision = String(revision);
    plot.dataset.wasmMemory = String(engine.memoryBytes);
    if (plot.dataset.state !== 'ready') performance.mark('activation-explorer:first-plot');
    plot.dataset.state = 'ready';
    showProperties(document.getElementById('properties'), engine, series);
    describeKinks(series, catalog.conventions, convention);
    describeThinning(figure.drawn);
    plotted = series;
    document.getElementById('plot-summary').textContent = describeSeries(series, formatNumber);
    refreshTable();
    hideMessage();
    // Only a view that plotted goes into the URL, so a copied link always works.
    history.replaceState(null, '', `${location.pathname}?${writeUrlState(draft)}`);
  }

  // Back and forward (and links that only change the query) bring a whole view: the
  // controls are rebuilt from it, and its problems are named like a fresh load's.
  function applyView(search) {
    const { view: next, problems: nextProblems } = readUrlState(search, catalog, checkParams);
    showUrlNotice(nextProblems);
    Object.assign(draft, next, { series: next.series.map(withKey) });
    fieldErrors.clear();
    buildSeriesEditors();
    for (const { key, field } of rangeFields) field.setValue(draft[key]);
    document.getElementById(`at-kink-${draft.atKink}`).checked = true;
    document.getElementById('depth-on').checked = draft.depth.on;
    const layers = document.getElementById('depth-layers');
    layers.value = String(draft.depth.layers);
    layers.dispatchEvent(new Event('input'));
    requestRender();
  }
  window.addEventListener('popstate', () => applyView(location.search));

  render();
}

function describeKinks(series, conventions, convention) {
  const sentences = [];
  for (const s of series) {
    for (const k of s.kinks) {
      if (k.dfLeft === k.dfRight || k.x < s.x[0] || k.x > s.x[s.x.length - 1]) continue;
      const returns = conventions.map((c) => `${c.label} returns ${formatNumber(k.dfAt[c.id])}`).join(', ');
      sentences.push(`${s.name}′ jumps at x = ${formatNumber(k.x)} from ${formatNumber(k.dfLeft)} (left) to ${formatNumber(k.dfRight)} (right); ${returns}.`);
    }
  }
  document.getElementById('kink-note').textContent = sentences.join(' ');
  // Beside each convention, what it gives at the first series' first jump in f'.
  const jump = series[0].kinks.find((k) => k.dfLeft !== k.dfRight);
  convention.describe(Object.fromEntries(conventions.map((c) => [c.id,
    jump ? ` — f′(${formatNumber(jump.x)}) = ${formatNumber(jump.dfAt[c.id])}` : ''])));
}

// The view without the page's own bookkeeping (series keys), as the JSON download holds it.
function viewForExport(view) {
  return {
    series: view.series.map(({ functionId, params, show }) => ({ function: functionId, params, show })),
    from: view.from, to: view.to, n: view.n, atKink: view.atKink, depth: view.depth,
  };
}

// Past a few thousand samples the plot draws a subset (exact for piecewise-linear curves);
// the reader is told, so nobody mistakes the drawn points for the computed ones.
function describeThinning(drawn) {
  const thinned = drawn.find((d) => d.drawn < d.of);
  document.getElementById('draw-note').textContent = thinned
    ? `Drawn with ${thinned.drawn.toLocaleString('en')} of the ${thinned.of.toLocaleString('en')} samples per curve (evenly spaced, every kink kept), which looks the same and redraws faster.`
    : '';
}

// Problems found in the URL: named one by one, dismissible, shown as text only.
function showUrlNotice(problems) {
  const notice = document.getElementById('url-notice');
  notice.hidden = problems.length === 0;
  if (problems.length === 0) return;
  const list = document.createElement('ul');
  list.append(...problems.map((p) => Object.assign(document.createElement('li'), { textContent: p })));
  const dismiss = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Dismiss', className: 'dismiss' });
  dismiss.addEventListener('click', () => { notice.hidden = true; });
  notice.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'Some settings in the link could not be used; their defaults are shown instead:' }), list, dismiss);
  notice.hidden = false;
}

function showMessage(text, kind = 'error') {
  message.textContent = text;
  message.dataset.kind = kind;
  message.hidden = false;
}

function hideMessage() {
  message.hidden = true;
  message.textContent = '';
}

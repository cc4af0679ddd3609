// One explorer: controls → draft view → C++ sampling (wasm) → Plotly, one way, at most once a
// frame. The page and each <activation-plot> run one. A bad value shows a message and leaves
// the last good plot on screen.

import { chartTools, downloadText, renderTable } from './chart-tools.js';
import { checkbox, conventionControl, element, integerSlider, numberField, placeTickLabelsIn } from './controls.js';
import { buildFigure, formatNumber, MAX_DRAW_POINTS, modeBarShown, SERIES_WIDTH, SMALL_PLOT_HEIGHT, THEMES } from './plot-model.js';
import { showProperties } from './properties.js';
import { curveRange, describeSeries, samplesTable, tableToCsv } from './samples-table.js';
import { plotSurface } from './plot-surface.js';
import { dtypePicker, saturationCache, saturationSentence, zeroBands } from './precision.js';
import { seriesEditor } from './series-editor.js';
import { themeName as resolveTheme, watchSystemTheme } from './theme-watch.js';
import { defaultView, MAX_SERIES, seriesOf } from './explorer/explorer-url.js';

// How long the input must rest before the summary is computed from every sample.
const SUMMARY_SETTLE_MS = 300;

const PLOTLY_CONFIG = {
  responsive: true,
  displaylogo: false,
  modeBarButtonsToRemove: ['select2d', 'lasso2d'],
  toImageButtonOptions: { format: 'png', filename: 'activation-explorer', scale: 2 },
};

/**
 * @param {{engine, dom: {root, parts}, view: object, controls?: Set<string> | null, idPrefix?: string,
 *   onRender?: (view: object) => void, onUserChange?: () => void}} options
 *   controls: null shows everything; otherwise CONTROL_GROUPS names (url-state.js) and parameter ids.
 *   onRender runs after every successful plot; onUserChange after each edit made in the controls.
 * @returns {{applyView(view: object): void, view: object, destroy(): void}}
 */
export function startExplorer({ engine, dom, view, controls = null, idPrefix = '', onRender = () => {}, onUserChange = () => {} }) {
  const { parts } = dom;
  // With a chosen few controls, the plot comes first and takes the whole width.
  dom.root.dataset.layout = controls === null ? 'full' : 'compact';
  const { catalog } = engine;
  const shows = (name) => controls === null || controls.has(name);
  const showsParameter = (id) => shows('params') || (controls !== null && controls.has(id));
  let nextKey = 0;
  const withKey = (series) => ({ key: `${idPrefix}s${nextKey++}`, ...series });
  const draft = { ...view, series: view.series.map(withKey) };
  const fieldErrors = new Map();
  let revision = 0;
  let frame = 0;
  let destroyed = false;
  let plotted = [];
  let plottedView = null;
  // A range that came with the view (URL, attributes, back/forward) and that the engine refuses
  // falls back to the last good one; a range being typed keeps its message until it is fixed.
  let rangeTyped = false;
  let fallbackNote = '';
  // The pending write of what surrounds the plot (settle), after Plotly has drawn.
  let settleTimer = 0;
  // The last range and n checked in full: moves of a parameter sample only what is drawn.
  let checkedGrid = '';

  // Coalesces bursts of input (a dragged slider fires many events a frame) into one redraw
  // that reads the draft when the frame comes, so the last value always wins.
  function requestRender() {
    if (frame !== 0 || destroyed) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  }
  const edited = () => { onUserChange(); requestRender(); };
  const valid = (fieldId) => fieldErrors.delete(fieldId);
  const invalid = (fieldId, text) => {
    fieldErrors.set(fieldId, text);
    requestRender();
  };

  // ---- Compare mode: one editor card per series, showing what `controls` asks for.
  const addButton = element('button', { type: 'button', id: `${idPrefix}add-series`, className: 'add-series', textContent: '+ Add a function to compare' });
  function buildSeriesEditors() {
    const palette = themeColors().palette;
    parts.seriesList.replaceChildren(...draft.series.map((s, i) => seriesEditor({
      catalog,
      series: s,
      color: palette[i],
      show: { picker: shows('function'), parameter: showsParameter, toggles: shows('curves') },
      removable: shows('compare') && draft.series.length > 1,
      onChange: edited,
      onInvalid: invalid,
      onValid: valid,
      onRemove: () => {
        draft.series.splice(draft.series.indexOf(s), 1);
        for (const id of [...fieldErrors.keys()]) if (id.startsWith(`${s.key}-`)) fieldErrors.delete(id);
        buildSeriesEditors();
        edited();
      },
    })).filter(Boolean));
    addButton.disabled = draft.series.length >= MAX_SERIES;
    placeTickLabelsIn(parts.seriesList);
  }
  addButton.addEventListener('click', () => {
    const unused = catalog.functions.find((f) => !draft.series.some((s) => s.functionId === f.id)) ?? catalog.functions[0];
    draft.series.push(withKey(seriesOf(catalog, unused.id)));
    buildSeriesEditors();
    edited();
    parts.seriesList.lastElementChild?.querySelector('select')?.focus();
  });
  if (shows('compare')) parts.seriesTools.append(addButton);

  // ---- Shared controls.
  const convention = conventionControl(catalog.conventions, {
    idPrefix,
    // In the compact layout (embeds) a menu: the frameworks' names take one line.
    menu: controls !== null,
    value: draft.atKink,
    onValue: (v) => { draft.atKink = v; edited(); },
  });
  const precision = dtypePicker(catalog.dtypes, { idPrefix, value: draft.dtype, onValue: (v) => { draft.dtype = v; edited(); } });
  const saturationOf = saturationCache(engine);
  const numberInput = (id, label, key) => numberField({
    id, label, value: draft[key],
    onValue: (v) => { valid(id); rangeTyped = true; draft[key] = v; edited(); },
    onInvalid: (text) => invalid(id, text),
  });
  const rangeFields = [['x-from', 'x from', 'from'], ['x-to', 'x to', 'to'], ['samples', 'samples', 'n']]
    .map(([id, label, key]) => ({ key, field: numberInput(`${idPrefix}${id}`, label, key) }));
  parts.range.append(...rangeFields.map((r) => r.field.element));
  if (shows('dtype')) parts.shared.prepend(precision.element);
  if (shows('convention')) parts.shared.prepend(convention.element);
  const depthOn = checkbox({ id: `${idPrefix}depth-on`, label: 'Show |f′(x)|ᴸ: the gradient factor through L layers', checked: draft.depth.on,
    onValue: (v) => { draft.depth.on = v; edited(); } });
  const depthLayers = integerSlider({ id: `${idPrefix}depth-layers`, label: 'L', min: 1, max: 50, value: draft.depth.layers,
    onValue: (v) => { draft.depth.layers = v; edited(); } });
  parts.depth.append(depthOn, depthLayers.element);
  parts.range.hidden = !shows('range');
  parts.depth.hidden = !shows('depth');
  const themePicker = element('select', { id: `${idPrefix}theme` }, [['auto', 'as the system'], ['light', 'light'], ['dark', 'dark']]
    .map(([value, text]) => element('option', { value, textContent: text, selected: value === draft.theme })));
  themePicker.addEventListener('change', () => { draft.theme = themePicker.value; buildSeriesEditors(); edited(); });
  if (shows('theme')) {
    parts.shared.append(element('div', { className: 'field theme' }, [element('label', { htmlFor: themePicker.id, textContent: 'Theme' }), themePicker]));
  }
  parts.properties.hidden = !shows('properties');

  // ---- Downloads and the data table, from the last series plotted.
  const fileStem = () => `activation-explorer-${draft.series.map((s) => s.functionId).join('-')}`;
  const refreshTable = () => { if (!parts.dataTable.hidden) renderTable(parts.dataTable, samplesTable(allSamples()), formatNumber); };
  if (shows('tools')) {
    parts.chartTools.append(chartTools({
      idPrefix,
      tableId: parts.dataTable.id,
      onImage: (format) => globalThis.Plotly.downloadImage(parts.plot, { format, filename: fileStem(), scale: format === 'png' ? 2 : 1 }),
      onCsv: () => downloadText(`${fileStem()}.csv`, tableToCsv(samplesTable(allSamples())), 'text/csv'),
      onJson: () => downloadText(`${fileStem()}.json`, `${JSON.stringify({ ...viewForExport(draft), link: location.href }, null, 2)}\n`, 'application/json'),
      onToggleTable: (open) => { parts.dataTable.hidden = !open; refreshTable(); },
    }));
  }

  // ---- Theme: the view's, or the system's when it says 'auto' (and follow the system's changes).
  const systemTheme = watchSystemTheme(() => { buildSeriesEditors(); requestRender(); });
  const themeName = () => resolveTheme(draft.theme, systemTheme.dark());
  function themeColors() { return THEMES[themeName()]; }

  const coarsePointer = globalThis.matchMedia?.('(pointer: coarse)');

  // The sliders' tick labels are laid out for their width: again whenever the controls change width.
  const tickLabels = new ResizeObserver(() => placeTickLabelsIn(parts.controls));
  tickLabels.observe(parts.controls);

  // The plot follows its container (an embedding page's column, a resized iframe).
  // Its legend and margins depend on its height, so a real change of size also redraws.
  let drawnSmall = null;
  let drawnModeBar = null;
  const modeBar = () => modeBarShown({ width: surface.width || Infinity, coarsePointer: Boolean(coarsePointer?.matches) });
  const surface = plotSurface(parts.plot, PLOTLY_CONFIG, () => {
    if ((surface.height < SMALL_PLOT_HEIGHT) !== drawnSmall || modeBar() !== drawnModeBar) requestRender();
  });

  // The engine's samples for a series. Past MAX_DRAW_POINTS only what is drawn is computed
  // (that many evenly spaced points plus the kinks), so a slider move costs the same at any n;
  // all n samples are computed when the table or a download asks for them.
  // `borrow` hands back views of the engine's buffers, valid until its next call.
  function samplesOf(s, view, { full = false, borrow = false } = {}) {
    const request = { functionId: s.functionId, params: s.params, atKink: view.atKink, dtype: view.dtype, from: view.from, to: view.to, n: view.n, second: s.show.d2f, borrow };
    if (full || view.n <= MAX_DRAW_POINTS) return engine.sample(request);
    const drawn = engine.sample({ ...request, n: MAX_DRAW_POINTS });
    return drawn.ok ? { ...drawn, drawnFrom: view.n } : drawn;
  }

  // Every sample of what is on screen, computed for the table and the CSV when the plot
  // drew fewer (the same request gives the same numbers).
  function allSamples() {
    if (!plotted.some((s) => s.drawnFrom)) return plotted;
    return plotted.map((s) => ({ ...s, ...samplesOf(s, plottedView, { full: true }) }));
  }

  function sampleSeries(s, index, colors, view) {
    const spec = engine.functionSpec(s.functionId);
    const kinks = engine.kinks({ functionId: s.functionId, params: s.params });
    if (!kinks.ok) return kinks;
    const samples = samplesOf(s, view);
    if (!samples.ok) return samples;
    const shownParams = spec.parameters.map((p) => `${p.symbol} = ${formatNumber(s.params[p.id])}`).join(', ');
    return {
      ok: true,
      ...s,
      params: { ...s.params }, // as plotted: later edits that fail must not change the CSV
      name: spec.name,
      label: shownParams ? `${spec.name} (${shownParams})` : spec.name,
      symbols: Object.fromEntries(spec.parameters.map((p) => [p.id, p.symbol])),
      color: colors.palette[index],
      width: SERIES_WIDTH[index],
      atKink: draft.atKink,
      conventionLabel: catalog.conventions.find((c) => c.id === draft.atKink).label,
      ...samples,
      kinks: kinks.kinks,
      dtype: view.dtype,
      saturation: saturationOf(s, view.atKink, view.dtype),
    };
  }

  // Why the engine refuses this range and n whatever the function, or null. Sampling the
  // catalog's first function at its defaults on the full grid tells a range problem from a
  // parameter problem, and catches what the drawn grid may not share (too narrow for n
  // distinct samples). Once per range and n, not on every move of a parameter.
  function rangeProblem(view) {
    const grid = `${view.from}:${view.to}:${view.n}:${view.dtype}`;
    if (grid === checkedGrid) return null;
    const probe = catalog.functions[0];
    const result = engine.sample({ functionId: probe.id, dtype: view.dtype, from: view.from, to: view.to, n: view.n, borrow: true });
    if (!result.ok) return result.message;
    checkedGrid = grid;
    return null;
  }

  // Back to the last range that plotted (or the default one), with a note that says why.
  function fallBackToGoodRange(reason) {
    const good = plottedView ?? defaultView(catalog);
    fallbackNote = `${reason} The range from ${formatNumber(good.from)} to ${formatNumber(good.to)} with ${good.n} samples is shown instead.`;
    Object.assign(draft, { from: good.from, to: good.to, n: good.n });
    for (const { key, field } of rangeFields) field.setValue(draft[key]);
    render();
  }

  function render() {
    if (destroyed) return;
    if (fieldErrors.size > 0) {
      showMessage([...fieldErrors.values()].join(' '));
      return;
    }
    const colors = themeColors();
    const view = { from: draft.from, to: draft.to, n: draft.n, atKink: draft.atKink, dtype: draft.dtype };
    const refused = rangeProblem(view);
    if (refused) {
      if (rangeTyped) showMessage(refused); else fallBackToGoodRange(refused);
      return;
    }
    const series = [];
    for (const s of draft.series) {
      const sampled = sampleSeries(s, series.length, colors, view);
      if (!sampled.ok) {
        showMessage(`${engine.functionSpec(s.functionId).name}: ${sampled.message}`);
        return;
      }
      series.push(sampled);
    }
    revision += 1;
    dom.root.dataset.theme = themeName();
    const plotHeight = surface.height || Infinity;
    drawnSmall = plotHeight < SMALL_PLOT_HEIGHT;
    const figure = buildFigure(series, { from: draft.from, to: draft.to, revision, theme: colors, depthLayers: draft.depth.on ? draft.depth.layers : 0, plotHeight, zeroBands: zeroBands(series) });
    // On touch screens a drag over the plot must scroll the page, not zoom it.
    if (coarsePointer?.matches) figure.layout.dragmode = false;
    drawnModeBar = modeBar();
    surface.react({ ...figure, config: { displayModeBar: drawnModeBar } });
    const { plot } = parts;
    plot.dataset.revision = String(revision);
    plot.dataset.wasmMemory = String(engine.memoryBytes);
    if (plot.dataset.state !== 'ready') performance.mark('activation-explorer:first-plot');
    plot.dataset.state = 'ready';
    plotted = series;
    plottedView = view;
    refreshTable();
    if (fallbackNote) showMessage(fallbackNote, 'warning'); else hideMessage();
    fallbackNote = '';
    // What is around the plot (formulas, notes, the URL) is written once Plotly has drawn: a
    // slider move waits for the plot only, and a burst of moves writes these once.
    clearTimeout(settleTimer);
    const drawn = { series, view, draft: { ...draft, series: draft.series.map((s) => ({ ...s, params: { ...s.params }, show: { ...s.show } })) }, revision, figureDrawn: figure.drawn };
    settleTimer = setTimeout(() => settle(drawn), 0);
  }

  function settle({ series, view, draft: drawnDraft, revision: drawnRevision, figureDrawn }) {
    if (destroyed) return;
    showProperties(parts.properties, engine, series);
    describeKinks(series, catalog.conventions);
    parts.drawNote.textContent = thinningNote(figureDrawn);
    // Compact layouts cut the notes to one line; the tooltip keeps their whole text.
    parts.caption.firstElementChild.title = `${parts.kinkNote.textContent} ${parts.drawNote.textContent}`.trim();
    describeForScreenReaders(series, view);
    onRender(drawnDraft);
    parts.plot.dataset.settled = String(drawnRevision);
  }

  // The text summary names each curve's extremes. When fewer points were drawn than computed
  // they may lie between the drawn ones, so once the input settles it is written again from
  // all the samples (a slider move stays cheap; the summary is right a moment later).
  let summaryTimer = 0;
  function describeForScreenReaders(series, view) {
    parts.summary.textContent = describeSeries(series, formatNumber);
    clearTimeout(summaryTimer);
    if (!series.some((s) => s.drawnFrom)) return;
    summaryTimer = setTimeout(() => {
      if (destroyed || plotted !== series) return;
      const exact = series.map((s) => {
        const all = samplesOf(s, view, { full: true, borrow: true });
        if (!all.ok) return s;
        return { ...s, ranges: Object.fromEntries(['f', 'df', 'd2f'].filter((key) => all[key]).map((key) => [key, curveRange(all[key])])) };
      });
      parts.summary.textContent = describeSeries(exact, formatNumber);
    }, SUMMARY_SETTLE_MS);
  }

  function describeKinks(series, conventions) {
    const sentences = [];
    const clauses = [];
    for (const s of series) {
      for (const k of s.kinks) {
        if (k.dfLeft === k.dfRight || k.x < s.x[0] || k.x > s.x[s.x.length - 1]) continue;
        sentences.push(`${s.name}′ jumps at x = ${formatNumber(k.x)} from ${formatNumber(k.dfLeft)} (left) to ${formatNumber(k.dfRight)} (right); ${whoReturnsWhat(k, conventions)}.`);
        clauses.push(`${s.name}′ jumps ${formatNumber(k.dfLeft)} → ${formatNumber(k.dfRight)} at x = ${formatNumber(k.x)}.`);
      }
    }
    const saturation = series.map((s) => saturationSentence(s, s.dtype)).filter(Boolean);
    parts.kinkNote.textContent = [...sentences, ...saturation].join(' ');
    parts.kinkShort.textContent = [...clauses, ...saturation].join(' ');
    // Beside each convention, what it gives at the first series' first jump in f'.
    const jump = series[0].kinks.find((k) => k.dfLeft !== k.dfRight);
    convention.describe(Object.fromEntries(conventions.map((c) => [c.id,
      jump ? ` — f′(${formatNumber(jump.x)}) = ${formatNumber(jump.dfAt[c.id])}` : ''])));
  }

  function showMessage(text, kind = 'error') {
    parts.message.textContent = text;
    parts.message.dataset.kind = kind;
    parts.message.hidden = false;
  }

  function hideMessage() {
    parts.message.hidden = true;
    parts.message.textContent = '';
  }

  /** Replaces the whole view (back/forward, new attributes): controls are rebuilt from it. */
  function applyView(next) {
    Object.assign(draft, next, { series: next.series.map(withKey) });
    fieldErrors.clear();
    rangeTyped = false;
    buildSeriesEditors();
    for (const { key, field } of rangeFields) field.setValue(draft[key]);
    convention.setValue(draft.atKink);
    precision.setValue(draft.dtype);
    themePicker.value = draft.theme;
    depthOn.querySelector('input').checked = draft.depth.on;
    depthLayers.setValue(draft.depth.layers);
    requestRender();
  }

  /** Removes what the explorer added: its frame request, theme listener, resize observer and graph. */
  function destroy() {
    if (destroyed) return;
    destroyed = true;
    cancelAnimationFrame(frame);
    frame = 0;
    clearTimeout(summaryTimer);
    clearTimeout(settleTimer);
    systemTheme.stop();
    tickLabels.disconnect();
    surface.destroy();
    dom.root.remove();
  }

  buildSeriesEditors();
  render();
  return { applyView, destroy, get view() { return draft; } };
}

// "PyTorch ≥ 2.7 and TensorFlow / Keras return 0.01, JAX returns 1": the conventions grouped
// by the value they give at a kink, so where frameworks or versions differ it reads at once.
export function whoReturnsWhat(kink, conventions) {
  const byValue = new Map();
  for (const c of conventions) {
    const key = formatNumber(kink.dfAt[c.id]);
    byValue.set(key, [...(byValue.get(key) ?? []), c.label]);
  }
  const names = (labels) => (labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`);
  if (byValue.size === 1) return `every framework returns ${[...byValue.keys()][0]}`;
  return [...byValue].map(([value, labels]) => `${names(labels)} ${labels.length === 1 ? 'returns' : 'return'} ${value}`).join(', ');
}

// The view without the explorer's own bookkeeping (series keys), as the JSON download holds it.
function viewForExport(view) {
  return {
    series: view.series.map(({ functionId, params, show }) => ({ function: functionId, params, show })),
    from: view.from, to: view.to, n: view.n, atKink: view.atKink, dtype: view.dtype, depth: view.depth,
  };
}

// Past a few thousand samples the plot draws fewer points (exact for piecewise-linear curves);
// the reader is told, so nobody mistakes the drawn points for the computed ones.
function thinningNote(drawn) {
  const thinned = drawn.find((d) => d.drawn < d.of);
  return thinned
    ? `Drawn with ${thinned.drawn.toLocaleString('en')} evenly spaced points per curve (every kink included), which looks the same and redraws faster; the data table and the CSV hold all ${thinned.of.toLocaleString('en')} samples of the grid and the kinks.`
    : '';
}

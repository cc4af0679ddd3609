// One explorer: controls → draft → state → C++ sampling (wasm) → Plotly, one way, at most once a
// frame. The page and each <activation-plot> run one. A bad value shows a message and leaves
// the last good plot on screen. The pieces, each with one job: control-panel.js (the controls,
// which emit drafts), state.js (a draft becomes a view, corrected or refused, pure),
// sampling.js (the engine's calls), render.js (Plotly), notes.js (words, the message line),
// exports.js (downloads and the data table).

import { THEMES } from '../plot-model.js';
import { themeName as resolveTheme, watchSystemTheme } from '../theme-watch.js';
import { defaultView, parameterKeyClash } from './explorer-url.js';
import { controlPanel } from './control-panel.js';
import { explorerExports } from './exports.js';
import { kinkNotes, messageLine, screenReaderSummary, writeNotes } from './notes.js';
import { showProperties } from './properties.js';
import { plotRenderer } from './render.js';
import { allSamplesOf, rangeChecker, samplesOf, seriesSampler } from './sampling.js';
import { snapshotOf, viewToDraw } from './state.js';

export { whoReturnsWhat } from './notes.js';

/**
 * @param {{engine, formula?: object | null, dom: {root, parts}, view: object, controls?: Set<string> | null, idPrefix?: string,
 *   onRender?: (view: object) => void, onUserChange?: () => void}} options
 *   formula: the explorer's formula slot (formula-slot.js): "Your own formula…" in the menu; null: none.
 *   controls: null shows everything; otherwise CONTROL_GROUPS names (url-state.js) and parameter ids.
 *   onRender runs after every successful plot; onUserChange after each edit made in the controls.
 * @returns {{applyView(view: object): void, view: object, destroy(): void}}
 */
export function startExplorer({ engine, formula = null, dom, view, controls = null, idPrefix = '', onRender = () => {}, onUserChange = () => {} }) {
  const { parts } = dom;
  // With a chosen few controls, the plot comes first and takes the whole width.
  dom.root.dataset.layout = controls === null ? 'full' : 'compact';
  const { catalog } = engine;
  let nextKey = 0;
  const withKey = (series) => ({ key: `${idPrefix}s${nextKey++}`, ...series });
  const draft = { ...view, series: view.series.map(withKey) };
  let destroyed = false;
  let plotted = [];
  let plottedView = null;
  // A range that came with the view (URL, attributes, back/forward) and that the engine refuses
  // is corrected to the last good one; a range being typed keeps its message until it is fixed.
  let rangeTyped = false;
  // The correction's note, shown once the corrected view has plotted.
  let correctionNote = '';
  // The pending write of what surrounds the plot (settle), after Plotly has drawn.
  let settleTimer = 0;

  const frames = oncePerFrame(() => update());
  const requestUpdate = () => { if (!destroyed) frames.request(); };

  // ---- Theme: the view's, or the system's when it says 'auto' (and follow the system's changes).
  const systemTheme = watchSystemTheme(() => { panel.rebuildSeries(); requestUpdate(); });
  const themeName = () => resolveTheme(draft.theme, systemTheme.dark());

  const grammar = formula ? engine.formulaGrammar() : null;
  const panel = controlPanel({
    catalog, specOf: (id) => engine.functionSpec(id), formula, grammar: grammar?.ok ? grammar : null, parts, draft, idPrefix, controls,
    palette: () => THEMES[themeName()].palette,
    withKey,
    onDraft: (_, { typedRange }) => { if (typedRange) rangeTyped = true; onUserChange(); requestUpdate(); },
    onInvalid: requestUpdate,
  });
  const allSamples = () => allSamplesOf(engine, plotted, plottedView);
  const exportsBar = explorerExports({ parts, idPrefix, shown: controls === null || controls.has('tools'), draft: () => draft, allSamples });
  const renderer = plotRenderer({ engine, root: dom.root, plot: parts.plot, onResize: requestUpdate });
  const checkRange = rangeChecker(engine);
  // Where a refused range goes when no range has plotted yet.
  const defaultRange = defaultView(catalog);
  const sampleAll = seriesSampler(engine);
  const message = messageLine(parts.message);
  const summary = screenReaderSummary(parts.summary, {
    exactSamples: (s) => samplesOf(engine, s, plottedView, { full: true, borrow: true }),
    current: (series) => !destroyed && plotted === series,
  });

  // The state first: the draft becomes the view to draw (null: refused, with its message), and
  // a correction goes into the draft and, by the control panel, into the range fields before
  // anything is sampled or drawn.
  function viewFromDraft() {
    // Two parameters sharing a key could not be written into the link: the plot waits for a rename.
    const clash = parameterKeyClash(draft);
    const fieldErrors = [...panel.errors(), ...(clash ? [clash.message] : [])];
    const state = viewToDraw(draft, { checkRange, typed: rangeTyped, fieldErrors, lastGood: plottedView, fallback: defaultRange });
    if (!state.ok) {
      message.show(state.message);
      return null;
    }
    if (state.correction) {
      Object.assign(draft, state.correction);
      panel.showRange(draft);
      correctionNote = state.problems.map((p) => p.message).join(' ');
    }
    return state.view;
  }

  // One pass, once a frame at most: state → sampling → render.js → message line; what surrounds
  // the plot follows in settle.
  function update() {
    if (destroyed) return;
    // A formula typed since the last frame is parsed once, here, before the state is drawn.
    panel.applyFormula();
    const shown = viewFromDraft();
    if (!shown) return;
    const sampled = sampleAll(draft.series, shown, THEMES[themeName()].palette);
    if (!sampled.ok) {
      message.show(sampled.message);
      return;
    }
    const { series } = sampled;
    const look = { theme: THEMES[themeName()], themeName: themeName(), depthLayers: draft.depth.on ? draft.depth.layers : 0 };
    const { revision, figureDrawn } = renderer.draw(series, shown, look);
    plotted = series;
    plottedView = shown;
    exportsBar.refreshTable();
    if (correctionNote) message.show(correctionNote, 'warning'); else message.hide();
    correctionNote = '';
    // What is around the plot (formulas, notes, the URL) is written once Plotly has drawn: a
    // slider move waits for the plot only, and a burst of moves writes these once.
    clearTimeout(settleTimer);
    const drawn = { series, draft: snapshotOf(draft), revision, figureDrawn };
    settleTimer = setTimeout(() => { if (!destroyed) settle({ parts, engine, panel, summary, onRender }, drawn); }, 0);
  }

  /** Replaces the whole view (back/forward, new attributes): controls are rebuilt from it. */
  function applyView(next) {
    Object.assign(draft, next, { series: next.series.map(withKey) });
    rangeTyped = false;
    panel.show(draft);
    requestUpdate();
  }

  /** Removes what the explorer added: its frame request, theme listener, resize observer and graph. */
  function destroy() {
    if (destroyed) return;
    destroyed = true;
    frames.cancel();
    summary.stop();
    clearTimeout(settleTimer);
    systemTheme.stop();
    panel.destroy();
    renderer.destroy();
    dom.root.remove();
  }

  update();
  return { applyView, destroy, get view() { return draft; } };
}

// Coalesces bursts of input (a dragged slider fires many events a frame) into one call of `run`
// when the frame comes; it reads the draft then, so the last value always wins.
function oncePerFrame(run) {
  let frame = 0;
  return {
    request() {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        run();
      });
    },
    cancel() {
      cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}

// What surrounds the plot, written once Plotly has drawn: formulas and properties, the notes
// under the plot, each convention's value at the kink (beside it, by the control panel), the
// text summary, then the host's onRender (the URL) with the view drawn.
function settle({ parts, engine, panel, summary, onRender }, { series, draft, revision, figureDrawn }) {
  showProperties(parts.properties, engine, series);
  const notes = kinkNotes(series, engine.catalog.conventions);
  writeNotes(parts, notes, figureDrawn);
  panel.describeConventions(notes.atKink);
  summary.write(series);
  onRender(draft);
  parts.plot.dataset.settled = String(revision);
}

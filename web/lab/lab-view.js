// The dead-neuron lab view: two copies of one network trained side by side in a worker, the
// controls that set them up, and the charts that show units dying. It wires the pieces, each
// with one job: the settings as pure state (lab-state.js), the form (lab-controls.js), the link
// to the trainer (lab-link.js), the charts (lab-charts.js), the status and summary
// (lab-notes.js) and the export (lab-export.js). Data flows one way: a control's draft → the
// state → the form, the run and the URL; the trainer's reports → the run → the charts.
// destroy() removes everything it added.

import { element } from '../controls.js';
import { THEMES } from '../plot-model.js';
import { themeName, watchSystemTheme } from '../theme-watch.js';
import { createCharts } from './lab-charts.js';
import { createControls } from './lab-controls.js';
import { exportFileName, saveJson } from './lab-export.js';
import { linkTrainer } from './lab-link.js';
import { createNotes } from './lab-notes.js';
import { applyDraft, BUTTON_PRESET, labState, pressPreset, replaceSettings } from './lab-state.js';
import { defaultLabSettings } from './lab-url.js';

/**
 * @param {{root: HTMLElement, catalog: object, tables: object, formulas?: object, settings: object, workerUrl: URL, wasmUrl: URL,
 *   onSettings?: (settings: object) => void,
 *   idPrefix?: string, compact?: boolean, links?: HTMLElement[]}} options
 * compact (embeds and <activation-plot view="lab">): play, step, reset and the studied side's
 * parameters in one row, every other setting folded under "Settings", smaller charts.
 * idPrefix keeps the ids of several labs on one page apart; links (an embed's "Open" link) go
 * under the summary, in sight.
 */
export function startLab({
  root, catalog, tables, formulas = null, settings: initial, workerUrl, wasmUrl, onSettings = () => {},
  idPrefix = '', compact = false, links = [],
}) {
  let state = labState(initial);
  let destroyed = false;
  const systemTheme = watchSystemTheme(() => { showTheme(); charts.requestDraw(true); });
  const theme = () => THEMES[themeName(state.settings.theme, systemTheme.dark())];

  const notes = createNotes({ idPrefix });
  const link = linkTrainer({
    workerUrl, wasmUrl, settings: () => state.settings,
    on: {
      running: (on) => controls.showRunning(on),
      status: notes.showStatus,
      progress: (all) => charts.requestDraw(all),
      stopped: () => charts.requestDraw(true),
      restarted: () => charts.invalidate(),
      exported: (json) => saveJson(json, exportFileName(state.settings)),
    },
  });
  const charts = createCharts({
    idPrefix, compact, describedBy: notes.summary.id, catalog, formulas, run: link.run, settings: () => state.settings, theme,
    afterDraw: () => {
      notes.showSummary(state.settings, tables, link.run);
      frameEl.dataset.steps = String(link.run.steps);
    },
  });
  const controls = createControls({
    catalog, tables, formulas, idPrefix, compact, onDraft: changed, onInvalid: (text) => notes.showStatus(text),
    onPress: { play: link.toggle, step: link.step, reset: () => link.restart(), preset: pressedPreset, export: link.exportRun },
  });

  // data-layout="compact" gives the parameters the explorer's compact look (explorer.css).
  const frameEl = element('div', { className: `ae-explorer ae-lab${compact ? ' compact' : ''}`, dataset: compact ? { layout: 'compact' } : {} }, [
    controls.element, element('div', { className: 'lab-main' }, [notes.status, notes.summary, ...links, charts.element]),
  ]);
  // The layout follows the lab's own width (a column of a blog, a frame), not the window's.
  root.replaceChildren(element('div', { className: 'lab-container' }, [frameEl]));
  // The colours of the controls and the page around them (explorer.css, style.css) follow it.
  const showTheme = () => { frameEl.dataset.theme = themeName(state.settings.theme, systemTheme.dark()); };
  showTheme();

  // What the state says a change does: a new setup starts the run again from the same seed
  // (playing if it was), a new speed plays on at it; the page hears of every accepted change.
  function follow(effect, autoplay = undefined) {
    if (effect === null) return;
    onSettings(state.settings);
    if (effect === 'run') link.restart(autoplay);
    else if (effect === 'speed') link.replay();
  }

  function changed(draft) {
    const { state: next, effect } = applyDraft(state, draft, { catalog, tables, formulas });
    state = next;
    controls.show(state, draft);
    // A parameter's control has no line of its own for a value refused (a formula's catalog call
    // out of its range): the status line names it, and the run goes on.
    if (effect === null && draft.key === 'param' && state.problems.param) notes.showStatus(state.problems.param, 'error');
    follow(effect);
  }

  // The preset plays at once; the run is then what to watch: the settings fold (compact, they
  // would cover the screen), and the summary with the first chart under it scrolls into view if
  // either is out of it.
  function pressedPreset() {
    const { state: next, effect } = pressPreset(state, tables);
    state = next;
    controls.build(state);
    follow(effect, true);
    controls.fold();
    const top = notes.summary.getBoundingClientRect().top;
    const firstChart = charts.firstChart.getBoundingClientRect();
    if (top < 0 || firstChart.bottom > window.innerHeight) window.scrollBy({ top: top - 8 });
  }

  controls.build(state);
  link.restart(Boolean(state.settings.play));

  return {
    get settings() { return structuredClone(state.settings); },
    /** Replaces the settings (back/forward, an element's attributes): controls rebuilt, run restarted, playing if `play`. */
    applySettings(next, { play = false } = {}) {
      state = replaceSettings(state, next);
      showTheme();
      controls.build(state);
      link.restart(play);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      charts.destroy();
      link.destroy();
      systemTheme.stop?.();
      root.replaceChildren();
    },
  };
}

/** The keys that say how a run is shown or played, not what it trains. */
const NOT_SETTINGS = new Set(['view', 'embed', 'theme', 'controls', 'play', 'speed']);

/**
 * An embed given no settings (the bare `?view=lab&embed=1`) starts from the preset in which
 * units die (`preset=dying_relu`), not from the default run, in which nothing happens to see.
 * @param {string} query location.search
 */
export function embedQuery(query) {
  const keys = [...new URLSearchParams(query).keys()];
  if (keys.some((key) => !NOT_SETTINGS.has(key))) return query;
  const withPreset = new URLSearchParams(query);
  withPreset.set('preset', BUTTON_PRESET);
  return `?${withPreset}`;
}

export { defaultLabSettings };
export { loadLabEngine } from './lab-engine.js';
export { readLabState, writeLabState } from './lab-url.js';

// The dead-neuron lab view: two copies of one network trained side by side in a worker, the
// controls that set them up, and the charts that show units dying. Draws at most once per
// animation frame however fast the worker trains; destroy() removes everything it added.

import { element, parameterControl } from '../controls.js';
import { formatNumber, modeBarShown, THEMES } from '../plot-model.js';
import { plotSurface } from '../plot-surface.js';
import { themeName, watchSystemTheme } from '../theme-watch.js';
import { drawActivity, drawBoundary, drawLines, observeCanvas, unobserveCanvas } from './lab-canvas.js';
import { deadFigure, gradientFigure, lossFigure, withThousands } from './lab-figures.js';
import { defaultLabSettings, dyingReluPreset, presetOf, SPEEDS } from './lab-url.js';
import { startTrainer } from './lab-trainer.js';

const PLOTLY_CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ['select2d', 'lasso2d'] };
// The explorer's rule: no mode bar on touch screens or narrow charts, where it covers the titles.
const coarsePointer = globalThis.matchMedia?.('(pointer: coarse)');
const BATCHES = [1, 8, 16, 32, 64, 128];
// The charts redraw at most this often while training (each is a Plotly.react).
const REDRAW_MS = 100;
// Frames arriving this late, with this much of it not the lab's own drawing, mean the page is
// busy elsewhere (another view redrawing, the reader dragging a slider): the lab then draws at
// most every BUSY_REDRAW_MS, so it never lengthens someone else's frame for long.
const LATE_FRAME_MS = 30;
const BUSY_OTHERS_MS = 20;
const BUSY_REDRAW_MS = 250;

/**
 * @param {{root: HTMLElement, catalog: object, tables: object, settings: object, workerUrl: URL, wasmUrl: URL,
 *   onSettings?: (settings: object) => void,
 *   idPrefix?: string, compact?: boolean, links?: HTMLElement[]}} options
 * compact (embeds and <activation-plot view="lab">): play, step, reset and the studied side's
 * parameters in one row, every other setting folded under "Settings", smaller charts.
 * idPrefix keeps the ids of several labs on one page apart; links (an embed's "Open" link) go
 * under the summary, in sight.
 */
export function startLab({
  root, catalog, tables, settings: initial, workerUrl, wasmUrl, onSettings = () => {},
  idPrefix = '', compact = false, links = [],
}) {
  const settings = structuredClone(initial);
  const specOf = (id) => catalog.functions.find((f) => f.id === id);
  const state = { running: false, info: null, data: null, grid: null, history: null, latest: null };
  let destroyed = false;
  let frame = 0;
  let lastDraw = 0;
  let lastFrame = 0;
  let ownDrawMs = 0;
  const systemTheme = watchSystemTheme(() => { showTheme(); requestDraw(true); });
  const colors = () => THEMES[themeName(settings.theme, systemTheme.dark())];

  // ---- DOM
  const status = element('p', { className: 'lab-status', role: 'status', ariaLive: 'polite' });
  const summary = element('p', { className: 'lab-summary', id: `${idPrefix}lab-summary` });
  const chartIds = ['boundary-0', 'boundary-1', 'loss', 'dead', 'activity', 'gradients'];
  // The regions and the activity map are canvases (thousands of cells); the rest are Plotly charts.
  const CANVASES = new Set(['boundary-0', 'boundary-1', 'activity']);
  const plots = Object.fromEntries(chartIds.map((id) => [id, CANVASES.has(id)
    ? element('canvas', { id: `${idPrefix}lab-${id}`, className: 'lab-plot lab-canvas', role: 'img' })
    : element('div', { id: `${idPrefix}lab-${id}`, className: 'lab-plot' })]));
  const surfaces = Object.fromEntries(chartIds.filter((id) => !CANVASES.has(id)).map((id) => [id, plotSurface(plots[id], PLOTLY_CONFIG)]));
  // While training, the line charts are drawn on a canvas laid over each Plotly chart (a
  // Plotly.react and its repaint take 40–70 ms here, too long for every frame); paused, Plotly
  // draws them, interactive.
  // Shown and hidden by visibility, not display, so they keep their size (reading it anew
  // would force a layout of the page).
  const liveCanvases = Object.fromEntries(Object.keys(surfaces).map((id) => [id, element('canvas', { className: 'lab-live', ariaHidden: 'true', dataset: { live: 'off' } })]));
  const chartBoxes = Object.fromEntries(Object.keys(surfaces).map((id) => [id, element('div', { className: 'lab-chart-box' }, [liveCanvases[id], plots[id]])]));
  // Canvases follow their size like the Plotly surfaces do.
  const allCanvases = [...[...CANVASES].map((id) => plots[id]), ...Object.values(liveCanvases)];
  allCanvases.forEach(observeCanvas);
  const canvasObserver = new ResizeObserver(() => requestDraw(true));
  for (const id of CANVASES) canvasObserver.observe(plots[id]);
  const sideEditors = element('div', { className: 'lab-sides' });
  const controls = element('section', { className: 'controls lab-controls', ariaLabel: 'Lab controls' });
  const charts = element('section', { className: 'lab-charts', ariaLabel: 'Training charts', ariaDescribedby: summary.id },
    chartIds.map((id) => chartBoxes[id] ?? plots[id]));
  // data-layout="compact" gives the parameters the explorer's compact look (explorer.css).
  const frameEl = element('div', { className: `ae-explorer ae-lab${compact ? ' compact' : ''}`, dataset: compact ? { layout: 'compact' } : {} }, [
    controls, element('div', { className: 'lab-main' }, [status, summary, ...links, charts]),
  ]);
  // The layout follows the lab's own width (a column of a blog, a frame), not the window's.
  root.replaceChildren(element('div', { className: 'lab-container' }, [frameEl]));
  // The colours of the controls and the page around them (explorer.css, style.css) follow it.
  const showTheme = () => { frameEl.dataset.theme = themeName(settings.theme, systemTheme.dark()); };
  showTheme();

  // A value the link set that is not among the menu's usual choices (batch=5000) joins them: the
  // menu shows what the run uses.
  const select = (id, label, usual, value, onChange) => {
    const options = usual.some(([v]) => v === String(value)) ? usual : [...usual, [String(value), String(value)]];
    const input = element('select', { id: idPrefix + id }, options.map(([v, text]) => element('option', { value: v, textContent: text, selected: v === String(value) })));
    input.addEventListener('change', () => onChange(input.value));
    return element('div', { className: 'field' }, [element('label', { htmlFor: input.id, textContent: label }), input]);
  };
  const number = (id, label, value, { min, max, whole = false }, onChange) => {
    const input = element('input', { id: idPrefix + id, type: 'text', inputMode: 'decimal', autocomplete: 'off', value: String(value) });
    const note = element('span', { className: 'field-error', role: 'status' });
    input.addEventListener('change', () => {
      const v = Number(input.value.trim());
      const ok = input.value.trim() !== '' && Number.isFinite(v) && v >= min && v <= max && (!whole || Number.isInteger(v));
      input.setAttribute('aria-invalid', String(!ok));
      note.textContent = ok ? '' : `${label}: ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}.`;
      if (ok) onChange(v);
    });
    return element('div', { className: 'field' }, [element('label', { htmlFor: input.id, textContent: label }), input, note]);
  };

  function buildControls() {
    // A function the core calls untrainable (a step) is offered only when the link chose it.
    const functionOptions = (side) => catalog.functions.filter((f) => f.trainable || f.id === side.functionId).map((f) => [f.id, f.name]);
    const withValue = (usual, value) => [...new Set([...usual, value])].sort((a, b) => a - b).map((v) => [String(v), String(v)]);
    const parametersOf = (side, s) => specOf(side.functionId).parameters.map((p) => parameterControl(p, {
      idPrefix: `${idPrefix}lab-s${s}-`, value: side.params[p.id],
      onValue: (v) => { side.params[p.id] = v; changed(); },
      onInvalid: (text) => showStatus(text),
    }).element);
    // Compact, the studied side's parameters (α) sit in the toolbar instead of its fieldset.
    const quickParameters = compact ? parametersOf(settings.sides[0], 0) : [];
    sideEditors.replaceChildren(...settings.sides.map((side, s) => element('fieldset', { className: `lab-side side-${s}` }, [
      element('legend', { textContent: s === 0 ? 'Activation under study' : 'Compared with' }),
      select(`lab-fn-${s}`, 'Function', functionOptions(side), side.functionId, (id) => {
        const next = specOf(id);
        settings.sides[s] = { functionId: id, params: Object.fromEntries(next.parameters.map((p) => [p.id, p.default])) };
        buildControls();
        changed();
      }),
      ...(compact && s === 0 ? [] : parametersOf(side, s)),
    ])));
    const buttons = element('div', { className: 'lab-buttons' }, [playButton, stepButton, resetButton]);
    const speed = select('lab-speed', compact ? 'Speed' : 'Speed (steps per frame)', withValue(SPEEDS, settings.speed), settings.speed, (v) => { settings.speed = Number(v); onSettings(settings); if (state.running) play(); });
    const setup = [
      ...(compact ? [] : [presetButton]),
      sideEditors,
      element('fieldset', { className: 'lab-network' }, [
        element('legend', { textContent: 'Network and data' }),
        select('lab-dataset', 'Dataset', tables.datasets.map((d) => [d.id, d.label]), settings.dataset, (v) => { settings.dataset = v; settings.loss = null; changed(); }),
        ...layerFields(),
        select('lab-init', 'Initialisation', tables.inits.map((i) => [i, { he: 'He (normal)', glorot: 'Glorot (uniform)', negative_bias: 'He, biases −1 (units born dead)' }[i] ?? i]), settings.init, (v) => { settings.init = v; changed(); }),
        number('lab-seed', 'Seed', settings.seed, { min: 0, max: tables.limits.maxSeed, whole: true }, (v) => { settings.seed = v; changed(); }),
      ]),
      element('fieldset', { className: 'lab-training' }, [
        element('legend', { textContent: 'Training' }),
        select('lab-optimizer', 'Optimiser', tables.optimizers.map((o) => [o, o === 'sgd' ? 'SGD' : 'Adam']), settings.optimizer, (v) => { settings.optimizer = v; changed(); }),
        learningRate(),
        select('lab-batch', 'Batch size', withValue(BATCHES.filter((b) => b <= settings.samples), settings.batch), settings.batch, (v) => { settings.batch = Number(v); changed(); }),
        number('lab-steps', 'Stop after steps', settings.steps, { min: 1, max: tables.limits.maxSteps, whole: true }, (v) => { settings.steps = v; onSettings(settings); }),
        select('lab-framework', 'f′ at a kink', catalog.conventions.map((c) => [c.id, c.label]), settings.atKink, (v) => { settings.atKink = v; changed(); }),
      ]),
      exportButton,
    ];
    if (!compact) {
      controls.replaceChildren(buttons, speed, ...setup);
      return;
    }
    // Rebuilt when a function changes: the folded settings stay open if the reader opened them.
    const wasOpen = controls.querySelector('details')?.open ?? false;
    // The preset beside Play: one tap from the first screen. The folded settings' toggle ends
    // the first row (the frame's height goes to the charts); opened, they take a row of their own.
    buttons.append(presetButton);
    const folded = element('details', { className: 'lab-settings', open: wasOpen }, [
      element('summary', { textContent: 'Settings', title: 'Functions, network, data, training' }), ...setup]);
    controls.replaceChildren(element('div', { className: 'lab-toolbar' }, [buttons, speed, folded, ...quickParameters]));
  }

  // The number of hidden layers and their widths: one width for all ("16") or one per layer
  // ("16,64,2", as the link's hidden= gives them), so the field shows what the run uses.
  function layerFields() {
    const { maxLayers, minWidth, maxWidth } = tables.limits;
    const widthsText = () => (settings.hidden.every((w) => w === settings.hidden[0]) ? String(settings.hidden[0]) : settings.hidden.join(','));
    const layers = number('lab-layers', 'Hidden layers', settings.hidden.length, { min: 1, max: maxLayers, whole: true }, (v) => {
      settings.hidden = Array.from({ length: v }, (_, l) => settings.hidden[l] ?? settings.hidden.at(-1));
      widthInput.value = widthsText();
      changed();
    });
    const widthInput = element('input', { id: `${idPrefix}lab-width`, type: 'text', inputMode: 'numeric', autocomplete: 'off', value: widthsText() });
    const note = element('span', { className: 'field-error', role: 'status' });
    widthInput.addEventListener('change', () => {
      const parts = widthInput.value.split(',').map((w) => w.trim());
      const widths = parts.map(Number);
      const ok = parts.every((w) => /^\d+$/.test(w)) && widths.length <= maxLayers && widths.every((w) => w >= minWidth && w <= maxWidth);
      widthInput.setAttribute('aria-invalid', String(!ok));
      note.textContent = ok ? '' : `Units per layer: whole numbers from ${minWidth} to ${maxWidth}, one for every layer or one per layer (at most ${maxLayers}), such as 16 or 16,64,2.`;
      if (!ok) return;
      settings.hidden = widths.length === 1 ? settings.hidden.map(() => widths[0]) : widths;
      layers.querySelector('input').value = String(settings.hidden.length);
      changed();
    });
    const width = element('div', { className: 'field' }, [element('label', { htmlFor: widthInput.id, textContent: 'Units per layer' }), widthInput, note]);
    return [layers, width];
  }

  // The learning rate on a log scale: 10⁻⁴ … 1 in tenths of a decade.
  function learningRate() {
    const output = element('output', { htmlFor: `${idPrefix}lab-lr`, textContent: formatNumber(settings.lr) });
    const slider = element('input', { id: `${idPrefix}lab-lr`, type: 'range', min: '-4', max: '0', step: '0.1', value: String(Math.log10(settings.lr)), ariaLabel: 'Learning rate (log scale)' });
    slider.setAttribute('aria-valuetext', `learning rate ${formatNumber(settings.lr)}`);
    slider.addEventListener('input', () => {
      settings.lr = Number((10 ** Number(slider.value)).toPrecision(2));
      output.textContent = formatNumber(settings.lr);
      slider.setAttribute('aria-valuetext', `learning rate ${formatNumber(settings.lr)}`);
      changed();
    });
    return element('div', { className: 'slider-row' }, [element('label', { htmlFor: slider.id, textContent: 'Learning rate' }), slider, output]);
  }

  const button = (id, text, onClick) => {
    const b = element('button', { type: 'button', id: idPrefix + id, className: id, textContent: text });
    b.addEventListener('click', onClick);
    return b;
  };
  const playButton = button('lab-play', 'Play', () => (state.running ? pause() : play()));
  const stepButton = button('lab-step', 'Step', () => { pause(); trainer.post({ type: 'step' }); });
  const resetButton = button('lab-reset', 'Reset', () => restart());
  const presetButton = button('lab-preset', tables.presets.find((p) => p.id === 'dying_relu').label, () => {
    Object.assign(settings, dyingReluPreset(tables), { theme: settings.theme, speed: settings.speed });
    buildControls();
    changed(true);
    showCharts();
  });
  presetButton.title = 'Set up the preset run in which ReLU units die (preset=dying_relu) and play it';
  // After the preset the run is what to watch: the settings fold (compact, they would cover the
  // screen), and the summary with the first chart under it scrolls into view if either is out of it.
  function showCharts() {
    const settingsBox = controls.querySelector('details');
    if (settingsBox) settingsBox.open = false;
    const top = summary.getBoundingClientRect().top;
    const firstChart = plots['boundary-0'].getBoundingClientRect();
    if (top < 0 || firstChart.bottom > window.innerHeight) window.scrollBy({ top: top - 8 });
  }
  const exportButton = button('lab-export', 'Export run as JSON', () => trainer.post({ type: 'export' }));

  // ---- Training
  const trainer = startTrainer({ workerUrl, wasmUrl, onMessage });

  function onMessage(message) {
    if (destroyed) return;
    switch (message.type) {
      case 'started':
        if (!message.ok) { setRunning(false); showStatus(message.message, 'error'); return; }
        state.info = message.info;
        state.data = message.data;
        state.grid = message.grid;
        state.history = { loss: [[], []], dead: [[], []], nearlyDead: [[], []] };
        showStatus('');
        if (state.autoplay) play();
        return;
      case 'progress':
        if (!state.history) return;
        message.sides.forEach((side, s) => {
          state.history.loss[s].push(...side.loss);
          side.dead.forEach((d, l) => { (state.history.dead[s][l] ??= []).push(...d); });
          side.nearlyDead.forEach((d, l) => { (state.history.nearlyDead[s][l] ??= []).push(...d); });
        });
        // A report without the regions and units (sent at most every 100 ms while playing)
        // keeps the last ones.
        state.latest = state.latest && !message.sides[0].activity
          ? { ...message, sides: message.sides.map((side, s) => ({ ...state.latest.sides[s], ...side })) } : message;
        state.steps = message.steps;
        requestDraw(!state.running);
        return;
      case 'stopped':
        setRunning(false);
        requestDraw(true);
        if (message.reason === 'diverged') showStatus(`Training ${message.message}.`, 'error');
        else if (message.reason === 'error') showStatus(message.message, 'error');
        else if (message.reason === 'done') showStatus(`Stopped after ${withThousands(state.steps)} steps (the limit set under Training).`);
        return;
      case 'exported':
        download(message.json);
        return;
      case 'error':
        setRunning(false);
        showStatus(message.message, 'error');
        return;
      default:
    }
  }

  function play() {
    if (!state.history) { state.autoplay = true; return; }
    if ((state.steps ?? 0) >= settings.steps) { showStatus(`The run has reached ${withThousands(settings.steps)} steps; raise "Stop after steps" or press Reset.`); return; }
    setRunning(true);
    trainer.post({ type: 'play', speed: settings.speed, until: settings.steps });
  }
  function pause() { if (state.running) trainer.post({ type: 'pause' }); setRunning(false); }
  function setRunning(on) {
    state.running = on;
    state.autoplay = on;
    playButton.textContent = on ? 'Pause' : 'Play';
    playButton.setAttribute('aria-pressed', String(on));
  }

  // Any change of setup starts the run again from the same seed, so the sides stay comparable;
  // a run that was playing (or about to: a drag of α restarts it at every step of the slider,
  // before the last restart's run has started) plays again, a paused one waits.
  const wasPlaying = () => state.running || state.autoplay;
  function changed(autoplay = wasPlaying()) {
    onSettings(settings);
    restart(autoplay);
  }
  function restart(autoplay = wasPlaying()) {
    state.history = null;
    state.pending = null;
    state.latest = null;
    state.steps = 0;
    state.autoplay = autoplay;
    setRunning(false);
    state.autoplay = autoplay;
    trainer.post({ type: 'start', settings: structuredClone(settings) });
  }

  function showStatus(text, kind = 'info') {
    status.textContent = text;
    status.dataset.kind = kind;
  }

  function download(json) {
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const link = element('a', { href: url, download: `activation-lab-${settings.dataset}-seed${settings.seed}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // ---- Drawing: one chart per animation frame, in turn, so no frame's task grows long (each
  // Plotly.react takes 5–20 ms); the summary every frame. After a pause, everything once.
  let nextChart = 0;
  function requestDraw(all = false) {
    if (destroyed) return;
    if (all) state.drawAll = true;
    if (frame) return;
    frame = requestAnimationFrame((time) => {
      frame = 0;
      if (!state.latest || !state.info) return;
      if (state.drawAll || !state.pending) {
        // Everything to bring up to date (a pause, a new theme): still one chart per frame.
        state.pending = new Set(chartIds);
        state.drawAll = false;
      }
      const interval = time - lastFrame;
      const othersMs = interval - ownDrawMs;
      lastFrame = time;
      ownDrawMs = 0;
      if (state.running && time - lastDraw < REDRAW_MS / chartIds.length) { requestDraw(); return; }
      if (state.running && interval > LATE_FRAME_MS && othersMs > BUSY_OTHERS_MS && time - lastDraw < BUSY_REDRAW_MS) { requestDraw(); return; }
      lastDraw = time;
      const drawStart = performance.now();
      drawChart(chartIds[nextChart]);
      state.pending.delete(chartIds[nextChart]);
      nextChart = (nextChart + 1) % chartIds.length;
      drawSummary();
      ownDrawMs = performance.now() - drawStart;
      if (state.running || state.pending.size > 0) requestDraw();
    });
  }

  function look() {
    const theme = colors();
    return { names: settings.sides.map((side) => sideLabel(side)), colors: theme.palette, theme, compact };
  }

  function drawChart(id) {
    const { latest, history } = state;
    const l = look();
    const widths = settings.hidden;
    if (id.startsWith('boundary')) {
      const s = Number(id.at(-1));
      drawBoundary(plots[id], { predictions: latest.sides[s].predictions, grid: state.grid, data: state.data, inputs: state.info.inputs, outputs: state.info.outputs },
        { name: l.names[s], color: l.colors[s], theme: l.theme });
      plots[id].setAttribute('aria-label', `${l.names[s]}: ${state.info.inputs === 1 ? 'the curve it fits' : 'the classes it predicts across the plane'}, after ${state.steps} steps`);
      plots[id].dataset.steps = String(state.steps);
      return;
    }
    if (id === 'activity') {
      drawActivity(plots[id], latest.sides.map((s) => s.activity), l);
      plots[id].setAttribute('aria-label', 'Activity map: each hidden unit\'s share of training inputs with a non-zero gradient');
      plots[id].dataset.steps = String(state.steps);
      return;
    }
    const figure = {
      loss: () => lossFigure({ loss: history.loss }, l),
      dead: () => deadFigure({ dead: history.dead }, widths, l),
      gradients: () => gradientFigure(latest.sides.map((s) => s.gradientNorms), l),
    }[id]();
    const live = liveCanvases[id];
    if (state.running) {
      drawLines(live, figure, l.theme);
      live.dataset.live = 'on';
    } else {
      const displayModeBar = modeBarShown({ width: surfaces[id].width || Infinity, coarsePointer: Boolean(coarsePointer?.matches) });
      surfaces[id].react({ ...figure, config: { displayModeBar } });
      live.dataset.live = 'off';
    }
    plots[id].dataset.steps = String(state.steps);
  }

  function drawSummary() {
    // The sentence comes with each progress message from the C++ core (cpp/lab/summary.cpp);
    // before the first step, a preset's run says what it will show (cpp/lab/presets.cpp).
    const preset = state.steps === 0 ? presetOf(settings, tables) : null;
    summary.textContent = preset ? `${preset.description} Press Play to watch.` : state.latest.summary;
    frameEl.dataset.steps = String(state.steps);
  }

  function sideLabel(side) {
    const spec = specOf(side.functionId);
    const params = spec.parameters.map((p) => `${p.symbol} = ${formatNumber(side.params[p.id])}`).join(', ');
    return params ? `${spec.name} (${params})` : spec.name;
  }

  buildControls();
  restart(Boolean(settings.play));

  return {
    get settings() { return structuredClone(settings); },
    /** Replaces the settings (back/forward, an element's attributes): controls rebuilt, run restarted, playing if `play`. */
    applySettings(next, { play = false } = {}) { Object.assign(settings, structuredClone(next)); showTheme(); buildControls(); restart(play); },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      cancelAnimationFrame(frame);
      trainer.destroy();
      systemTheme.stop?.();
      Object.values(surfaces).forEach((s) => s.destroy());
      canvasObserver.disconnect();
      allCanvases.forEach(unobserveCanvas);
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
  withPreset.set('preset', 'dying_relu');
  return `?${withPreset}`;
}

export { defaultLabSettings };
export { loadLabEngine } from './lab-engine.js';
export { readLabState, writeLabState } from './lab-url.js';

// The lab's charts: the regions and activity map on canvases, the line charts with Plotly, all
// drawn from the run and the settings (read, never written) at most once per animation frame
// however fast the worker trains. Drawing touches the charts only, never a control.

import { element } from '../controls.js';
import { formatNumber, modeBarShown } from '../plot-model.js';
import { plotSurface } from '../plot-surface.js';
import { drawActivity, drawBoundary, drawLines, observeCanvas, unobserveCanvas } from './lab-canvas.js';
import { deadFigure, gradientFigure, lossFigure } from './lab-figures.js';
import { sideSpec } from './lab-formulas.js';

const PLOTLY_CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ['select2d', 'lasso2d'] };
// The explorer's rule: no mode bar on touch screens or narrow charts, where it covers the titles.
const coarsePointer = globalThis.matchMedia?.('(pointer: coarse)');
const CHART_IDS = ['boundary-0', 'boundary-1', 'loss', 'dead', 'activity', 'gradients'];
// The regions and the activity map are canvases (thousands of cells); the rest are Plotly charts.
const CANVASES = new Set(['boundary-0', 'boundary-1', 'activity']);
// The charts redraw at most this often while training (each is a Plotly.react).
const REDRAW_MS = 100;
// Frames arriving this late, with this much of it not the lab's own drawing, mean the page is
// busy elsewhere (another view redrawing, the reader dragging a slider): the lab then draws at
// most every BUSY_REDRAW_MS, so it never lengthens someone else's frame for long.
const LATE_FRAME_MS = 30;
const BUSY_OTHERS_MS = 20;
const BUSY_REDRAW_MS = 250;

/** A side as the charts name it: "Leaky ReLU (α = 0.01)", a formula by its text: "x * sigmoid(b*x) (b = 1.702)". */
export function sideLabel(catalog, side, formulas = null) {
  const spec = sideSpec(catalog, formulas, side) ?? { name: side.expr ?? side.functionId, parameters: [] };
  const params = spec.parameters.map((p) => `${p.symbol ?? p.id} = ${formatNumber(side.params[p.id])}`).join(', ');
  return params ? `${spec.name} (${params})` : spec.name;
}

/**
 * @param {{idPrefix: string, compact: boolean, describedBy: string, catalog: object, formulas?: object, run: object,
 *   settings: () => object, theme: () => object, afterDraw: () => void}} options
 *   run: the link's run record (lab-link.js); theme: the colours now; afterDraw: called after
 *   each frame's chart (the summary follows the run as often)
 * @returns {{element: HTMLElement, firstChart: HTMLElement, requestDraw(all?: boolean): void, invalidate(): void, destroy(): void}}
 */
export function createCharts({ idPrefix, compact, describedBy, catalog, formulas = null, run, settings, theme, afterDraw }) {
  const dom = chartElements(idPrefix, describedBy);
  const look = () => {
    const colors = theme();
    return { names: settings().sides.map((side) => sideLabel(catalog, side, formulas)), colors: colors.palette, theme: colors, compact };
  };
  const draw = (id) => drawChart(dom, id, { run, look: look(), widths: settings().hidden });
  const scheduler = drawScheduler({ run, draw, afterDraw });
  const canvasObserver = new ResizeObserver(() => scheduler.requestDraw(true));
  for (const id of CANVASES) canvasObserver.observe(dom.plots[id]);
  return {
    element: dom.element,
    firstChart: dom.plots['boundary-0'],
    requestDraw: scheduler.requestDraw,
    /** A new run: every chart is drawn anew once it reports. */
    invalidate: scheduler.invalidate,
    destroy() {
      scheduler.stop();
      Object.values(dom.surfaces).forEach((s) => s.destroy());
      canvasObserver.disconnect();
      dom.canvases.forEach(unobserveCanvas);
    },
  };
}

function chartElements(idPrefix, describedBy) {
  const plots = Object.fromEntries(CHART_IDS.map((id) => [id, CANVASES.has(id)
    ? element('canvas', { id: `${idPrefix}lab-${id}`, className: 'lab-plot lab-canvas', role: 'img' })
    : element('div', { id: `${idPrefix}lab-${id}`, className: 'lab-plot' })]));
  const surfaces = Object.fromEntries(CHART_IDS.filter((id) => !CANVASES.has(id)).map((id) => [id, plotSurface(plots[id], PLOTLY_CONFIG)]));
  // While training, the line charts are drawn on a canvas laid over each Plotly chart (a
  // Plotly.react and its repaint take 40–70 ms here, too long for every frame); paused, Plotly
  // draws them, interactive. Shown and hidden by visibility, not display, so they keep their
  // size (reading it anew would force a layout of the page).
  const live = Object.fromEntries(Object.keys(surfaces).map((id) => [id, element('canvas', { className: 'lab-live', ariaHidden: 'true', dataset: { live: 'off' } })]));
  const boxes = Object.fromEntries(Object.keys(surfaces).map((id) => [id, element('div', { className: 'lab-chart-box' }, [live[id], plots[id]])]));
  // Canvases follow their size like the Plotly surfaces do.
  const canvases = [...[...CANVASES].map((id) => plots[id]), ...Object.values(live)];
  canvases.forEach(observeCanvas);
  const section = element('section', { className: 'lab-charts', ariaLabel: 'Training charts', ariaDescribedby: describedBy },
    CHART_IDS.map((id) => boxes[id] ?? plots[id]));
  return { element: section, plots, surfaces, live, canvases };
}

// One chart per animation frame, in turn, so no frame's task grows long (each Plotly.react
// takes 5–20 ms); afterDraw every frame. After a pause, everything once.
function drawScheduler({ run, draw, afterDraw }) {
  let frame = 0;
  let stopped = false;
  let lastDraw = 0;
  let lastFrame = 0;
  let ownDrawMs = 0;
  let nextChart = 0;
  let pending = null; // the charts still to bring up to date
  let drawAll = false;

  function requestDraw(all = false) {
    if (stopped) return;
    if (all) drawAll = true;
    if (frame) return;
    frame = requestAnimationFrame((time) => {
      frame = 0;
      if (!run.latest || !run.info) return;
      // Everything to bring up to date (a pause, a new theme): still one chart per frame.
      if (drawAll || !pending) {
        pending = new Set(CHART_IDS);
        drawAll = false;
      }
      const interval = time - lastFrame;
      const othersMs = interval - ownDrawMs;
      lastFrame = time;
      ownDrawMs = 0;
      if (run.running && time - lastDraw < REDRAW_MS / CHART_IDS.length) { requestDraw(); return; }
      if (run.running && interval > LATE_FRAME_MS && othersMs > BUSY_OTHERS_MS && time - lastDraw < BUSY_REDRAW_MS) { requestDraw(); return; }
      lastDraw = time;
      const drawStart = performance.now();
      draw(CHART_IDS[nextChart]);
      pending.delete(CHART_IDS[nextChart]);
      nextChart = (nextChart + 1) % CHART_IDS.length;
      afterDraw();
      ownDrawMs = performance.now() - drawStart;
      if (run.running || pending.size > 0) requestDraw();
    });
  }
  return {
    requestDraw,
    invalidate() { pending = null; },
    stop() { stopped = true; cancelAnimationFrame(frame); },
  };
}

// One chart from the run: its drawing, its label for screen readers and the step it shows.
function drawChart({ plots, surfaces, live }, id, { run, look, widths }) {
  const { latest, history } = run;
  if (id.startsWith('boundary')) {
    const s = Number(id.at(-1));
    drawBoundary(plots[id], { predictions: latest.sides[s].predictions, grid: run.grid, data: run.data, inputs: run.info.inputs, outputs: run.info.outputs },
      { name: look.names[s], color: look.colors[s], theme: look.theme });
    plots[id].setAttribute('aria-label', `${look.names[s]}: ${run.info.inputs === 1 ? 'the curve it fits' : 'the classes it predicts across the plane'}, after ${run.steps} steps`);
  } else if (id === 'activity') {
    drawActivity(plots[id], latest.sides.map((s) => s.activity), look);
    plots[id].setAttribute('aria-label', 'Activity map: each hidden unit\'s share of training inputs with a non-zero gradient');
  } else {
    const figure = {
      loss: () => lossFigure({ loss: history.loss }, look),
      dead: () => deadFigure({ dead: history.dead }, widths, look),
      gradients: () => gradientFigure(latest.sides.map((s) => s.gradientNorms), look),
    }[id]();
    if (run.running) {
      drawLines(live[id], figure, look.theme);
      live[id].dataset.live = 'on';
    } else {
      const displayModeBar = modeBarShown({ width: surfaces[id].width || Infinity, coarsePointer: Boolean(coarsePointer?.matches) });
      surfaces[id].react({ ...figure, config: { displayModeBar } });
      live[id].dataset.live = 'off';
    }
  }
  plots[id].dataset.steps = String(run.steps);
}

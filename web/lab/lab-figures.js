// The lab's charts as pure functions of its data (tested in Node): the decision boundary or
// fitted curve per side, loss, dead units per layer over time, the layer × unit activity map,
// and each layer's gradient norm. (The one-sentence summary comes from the C++ core:
// cpp/lab/summary.cpp, through the worker's progress messages.)

import { formatNumber } from '../plot-model.js';

const SIDE_DASH = ['solid', 'dash'];
// Class colours (Okabe–Ito, distinguishable in every colour vision).
const CLASS_COLORS = ['#0072B2', '#E69F00', '#009E73'];

// look.compact (embeds, 190 px charts): tighter margins, the legend inside the plot, no x-axis title.
function baseLayout(look, title, extra = {}) {
  const { theme, compact } = look;
  return {
    title: { text: title, font: { size: compact ? 12 : 14 } },
    margin: compact ? { l: 44, r: 8, t: 26, b: 24 } : { l: 56, r: 12, t: 36, b: 44 },
    paper_bgcolor: theme.paper, plot_bgcolor: theme.plot, font: { color: theme.text, size: compact ? 10 : 12 },
    legend: compact ? { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'top', bgcolor: 'rgba(0,0,0,0)' } : { orientation: 'h', x: 0, y: -0.28 },
    ...extra,
  };
}
const axis = (look, title, extra = {}) => ({ title: { text: title }, gridcolor: look.theme.grid, zerolinecolor: look.theme.zeroline, ...extra });
const stepAxis = (look) => axis(look, look.compact ? '' : 'step');

/**
 * @param {{names: string[], colors: string[], theme: object}} look
 * @param {{loss: number[][]}} history per side
 */
export function lossFigure(history, look) {
  const data = history.loss.map((loss, s) => ({
    type: 'scatter', mode: 'lines', name: look.names[s], ...decimated(loss),
    line: { color: look.colors[s], dash: SIDE_DASH[s], width: 2 },
  }));
  return { data, layout: baseLayout(look, 'Loss (each step\'s batch)', { xaxis: stepAxis(look), yaxis: axis(look, 'loss', { type: 'log' }) }) };
}

/** Dead units per hidden layer over time: a line per layer and side (side by dash, layer by shade). */
export function deadFigure(history, widths, look) {
  const data = [];
  history.dead.forEach((layers, s) => layers.forEach((dead, l) => data.push({
    type: 'scatter', mode: 'lines', name: `${look.names[s]}, layer ${l + 1}`, ...decimated(dead),
    line: { color: look.colors[s], dash: SIDE_DASH[s], width: 1 + (2 * (widths.length - l)) / widths.length },
  })));
  const most = Math.max(...widths);
  // No legend (six entries cost a redraw more than the lines): the title says how to read it.
  const title = look.compact
    ? { text: `Dead units per layer (${look.names[1]} dashed)`, font: { size: 12 } }
    : { text: `Dead units per layer (f′ = 0 for every input)<br><sub>${look.names[0]} solid, ${look.names[1]} dashed; thicker: nearer the input</sub>`, font: { size: 13 } };
  return { data, layout: baseLayout(look, '', {
    showlegend: false, title,
    xaxis: stepAxis(look), yaxis: axis(look, 'dead units', { range: [-0.5, most + 0.5] }),
  }) };
}

/**
 * The activity map's cells: each hidden unit's share of training inputs with f′ ≠ 0, a row per
 * layer and a column per unit, one block per side (drawn on a canvas by lab-canvas.js).
 * @returns {Array<{side: number, layer: number, unit: number, share: number, dead: boolean}>}
 */
export function activityCells(activity) {
  const cells = [];
  activity.forEach((layers, side) => layers.forEach((units, layer) => units.forEach((share, unit) => {
    cells.push({ side, layer, unit, share, dead: share === 0 });
  })));
  return cells;
}

/** The gradient norm of each layer at the latest step, per side. */
export function gradientFigure(norms, look) {
  // A layer with no gradient at all (every unit dead) sits on the axis's floor, labelled 0.
  const FLOOR = 1e-9;
  const data = norms.map((values, s) => ({
    type: 'scatter', mode: 'lines+markers', name: look.names[s], x: values.map((_, l) => (l === values.length - 1 ? 'output' : `layer ${l + 1}`)),
    y: values.map((v) => Math.max(v, FLOOR)), text: values.map((v) => (v === 0 ? '0 (no gradient reaches it)' : formatNumber(v))),
    hovertemplate: '%{x}: %{text}<extra></extra>', line: { color: look.colors[s], dash: SIDE_DASH[s] },
  }));
  return { data, layout: baseLayout(look, 'Gradient norm per layer (latest step)', { yaxis: axis(look, '‖∂L/∂W‖', { type: 'log' }) }) };
}

/**
 * The decision regions of one side on the grid: per cell the most likely class and how sure
 * the network is (0 at a coin toss, 1 when certain), for lab-canvas.js to colour.
 * @returns {Array<{x: number, y: number, label: number, confidence: number}>}
 */
export function regionCells(predictions, grid, outputs) {
  const cells = [];
  for (let k = 0; k < grid.length / 2; k += 1) {
    let best = 0;
    for (let c = 1; c < outputs; c += 1) if (predictions[k * outputs + c] > predictions[k * outputs + best]) best = c;
    const p = predictions[k * outputs + best];
    cells.push({ x: grid[2 * k], y: grid[2 * k + 1], label: best, confidence: Math.max(0, Math.min(1, (p - 1 / outputs) / (1 - 1 / outputs))) });
  }
  return cells;
}

export { CLASS_COLORS };

// 12,345: by hand, as the first toLocaleString of a page loads Intl's data (~50 ms, in the
// frame that draws it).
export function withThousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }

// Long runs drawn with at most about MAX_LINE_POINTS points per line: the lowest and highest
// value of each bucket of steps, so spikes and plateaus stay visible (a redraw stays cheap).
export const MAX_LINE_POINTS = 400;
export function decimated(values, limit = MAX_LINE_POINTS) {
  const n = values.length;
  if (n <= limit) return { x: Array.from({ length: n }, (_, i) => i + 1), y: Array.from(values) };
  const buckets = Math.floor(limit / 2);
  const x = [];
  const y = [];
  for (let b = 0; b < buckets; b += 1) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i += 1) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) {
      if (x.length > 0 && x[x.length - 1] === i + 1) continue;
      x.push(i + 1);
      y.push(values[i]);
    }
  }
  return { x, y };
}

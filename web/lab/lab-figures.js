// The lab's charts as pure functions of its data (tested in Node): the decision boundary or
// fitted curve per side, loss, dead units per layer over time, the layer × unit activity map,
// and each layer's gradient norm. (The one-sentence summary comes from the C++ core:
// cpp/lab/summary.cpp, through the worker's progress messages.)

import { formatNumber } from '../plot-model.js';

const SIDE_DASH = ['solid', 'dash'];
// Class colours: the Okabe–Ito hues (told apart in every common colour vision) that neither
// theme gives a side (blue and vermillion light, sky blue and orange dark), so a region's colour
// never reads as a side's. Each class also has its own marker shape, and every point is outlined
// in the theme's text colour: the outline keeps 3:1 against the paper and every region tint, the
// yellow fill alone would not on white (tests/node/lab-view-model.test.mjs checks the ratios).
const CLASS_COLORS = ['#009E73', '#CC79A7', '#F0E442'];
export const CLASS_MARKERS = ['circle', 'square', 'triangle'];

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
  const average = `average of ~${LOSS_SMOOTHING_BATCHES} batches`;
  // Per side: each batch's loss, faint and thin, then its moving average over it. The legend
  // names the averages (compact, inside the plot: the side alone, the title saying the rest),
  // the title the faint lines, the hover each.
  const data = history.loss.flatMap((loss, s) => [
    {
      type: 'scatter', mode: 'lines', name: `${look.names[s]}, each batch`, legendgroup: `side-${s}`, showlegend: false, ...decimated(loss),
      opacity: 0.3, line: { color: look.colors[s], dash: SIDE_DASH[s], width: 1 },
      hovertemplate: `${look.names[s]}, step %{x}: batch loss %{y:.3g}<extra></extra>`,
    },
    {
      type: 'scatter', mode: 'lines', name: look.compact ? look.names[s] : `${look.names[s]}, ${average}`, legendgroup: `side-${s}`, ...evenlySampled(smoothedLoss(loss)),
      line: { color: look.colors[s], dash: SIDE_DASH[s], width: 2.5 },
      hovertemplate: `${look.names[s]}, step %{x}: ${average} %{y:.3g}<extra></extra>`,
    },
  ]);
  const title = look.compact ? `Loss (line: ${average}; faint: each)` : `Loss: ${average} (faint: each step's batch)`;
  return { data, layout: baseLayout(look, title, { xaxis: stepAxis(look), yaxis: axis(look, 'loss', { type: 'log' }) }) };
}

// The loss line's window: an exponential moving average with the weight of a 50-batch mean
// (α = 2 / (50 + 1), the usual "span"), corrected for its start as Adam corrects its moments,
// so the first steps show their own loss instead of one pulled towards 0.
export const LOSS_SMOOTHING_BATCHES = 50;
export function smoothedLoss(values, batches = LOSS_SMOOTHING_BATCHES) {
  const alpha = 2 / (batches + 1);
  const keep = 1 - alpha;
  const n = values.length;
  const out = new Float64Array(n);
  let sum = 0;
  let weight = 0;
  for (let i = 0; i < n; i += 1) {
    const v = values[i];
    // A batch whose loss is not finite (a diverging run's last) is not averaged in.
    if (Number.isFinite(v)) {
      sum = keep * sum + alpha * v;
      weight = keep * weight + alpha;
    }
    out[i] = weight > 0 ? sum / weight : v;
  }
  return out;
}

/** Dead units per hidden layer over time: a line per layer and side (side by dash, layer by shade). */
// The longest side name a compact chart's one-line title holds ("Leaky ReLU (α = 0.01)" is 21).
const COMPACT_TITLE_NAME = 24;

export function deadFigure(history, widths, look) {
  const data = [];
  history.dead.forEach((layers, s) => layers.forEach((dead, l) => data.push({
    type: 'scatter', mode: 'lines', name: `${look.names[s]}, layer ${l + 1}`, ...decimated(dead),
    line: { color: look.colors[s], dash: SIDE_DASH[s], width: 1 + (2 * (widths.length - l)) / widths.length },
  })));
  const most = Math.max(...widths);
  // No legend (six entries cost a redraw more than the lines): the title says how to read it.
  // Compact, a long name (a typed formula) would push the one-line title past the chart's edges.
  const dashed = look.names[1].length <= COMPACT_TITLE_NAME ? look.names[1] : 'the comparison';
  const title = look.compact
    ? { text: `Dead units per layer (${dashed} dashed)`, font: { size: 12 } }
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
  const scale = gradientScale(norms.flat());
  const data = norms.map((values, s) => ({
    type: 'scatter', mode: 'lines+markers', name: look.names[s], x: values.map((_, l) => (l === values.length - 1 ? 'output' : `layer ${l + 1}`)),
    y: values.map((v) => (v > 0 ? v : scale.floor)), text: values.map((v) => (v === 0 ? '0 (no gradient reaches it)' : formatNumber(v))),
    hovertemplate: '%{x}: %{text}<extra></extra>', line: { color: look.colors[s], dash: SIDE_DASH[s] },
  }));
  const yaxis = axis(look, '‖∂L/∂W‖', { type: 'log', range: scale.range, tickmode: 'array', tickvals: scale.tickvals, ticktext: scale.ticktext });
  return { data, layout: baseLayout(look, 'Gradient norm per layer (latest step)', { yaxis }) };
}

/**
 * The gradient chart's log axis: ticks at powers of ten (at most about five) over the norms, and
 * where a layer gets no gradient at all (every unit above it dead, a norm of exactly 0, which a
 * log axis cannot show) a floor a decade below the smallest other norm, drawn there and labelled 0.
 * @returns {{floor: number, range: number[], tickvals: number[], ticktext: string[]}} range in log10 units, as Plotly's
 */
export function gradientScale(values) {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  const low = positive.length > 0 ? Math.floor(Math.log10(Math.min(...positive))) : 0;
  const high = positive.length > 0 ? Math.max(low, Math.ceil(Math.log10(Math.max(...positive)))) : 0;
  const hasZero = values.some((v) => v === 0);
  const floorExponent = low - 1;
  const stride = Math.max(1, Math.ceil((high - low + 1) / 5));
  const exponents = [];
  for (let e = high; e >= low; e -= stride) exponents.unshift(e);
  if (positive.length === 0) exponents.length = 0;
  const power = (e) => Number(`1e${e}`); // exact, where 10 ** -5 is 9.999999999999999e-6
  const tickvals = exponents.map(power);
  const ticktext = tickvals.map((v) => formatNumber(v));
  if (hasZero) { tickvals.unshift(power(floorExponent)); ticktext.unshift('0'); }
  const bottom = hasZero ? floorExponent : low;
  return { floor: power(floorExponent), range: [bottom - 0.3, high + 0.3], tickvals, ticktext };
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

/** WCAG's contrast ratio of two #rrggbb colours (1 to 21; 3 is the least for a chart's marks). */
export function contrastRatio(a, b) {
  const channel = (c) => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = (hex) => {
    const v = Number.parseInt(hex.slice(1), 16);
    return 0.2126 * channel((v >> 16) & 255) + 0.7152 * channel((v >> 8) & 255) + 0.0722 * channel(v & 255);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** A region's colour: the class's colour over the paper, stronger the surer the network (0–1). */
export const REGION_TINT = { least: 0.12, most: 0.45 };
export function regionColor(classColor, paper, confidence) {
  const alpha = REGION_TINT.least + (REGION_TINT.most - REGION_TINT.least) * confidence;
  const rgb = (hex) => { const v = Number.parseInt(hex.slice(1), 16); return [(v >> 16) & 255, (v >> 8) & 255, v & 255]; };
  const [c, p] = [rgb(classColor), rgb(paper)];
  return `#${p.map((x, i) => Math.round(x + (c[i] - x) * alpha).toString(16).padStart(2, '0')).join('')}`;
}

// 12,345: by hand, as the first toLocaleString of a page loads Intl's data (~50 ms, in the
// frame that draws it).
export function withThousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }

// A smooth line (the loss's average) needs no buckets' extremes: every k-th value and the last.
export function evenlySampled(values, limit = MAX_LINE_POINTS) {
  const n = values.length;
  const stride = Math.max(1, Math.ceil(n / limit));
  const x = [];
  const y = [];
  for (let i = 0; i < n; i += stride) { x.push(i + 1); y.push(values[i]); }
  if (n > 0 && x[x.length - 1] !== n) { x.push(n); y.push(values[n - 1]); }
  return { x, y };
}

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

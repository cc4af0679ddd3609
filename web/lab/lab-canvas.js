// The lab's two pictures of state, drawn on canvases (thousands of cells: an SVG chart would take
// a long main-thread task per redraw): each side's decision regions with the training points,
// or its fitted curve for the regression, and the layer × unit activity map.

import { activityCells, CLASS_COLORS, CLASS_MARKERS, REGION_TINT, regionCells } from './lab-figures.js';
import { GRID } from './lab-training.js';

// Each canvas's CSS size, as a ResizeObserver last reported it (observeCanvas): reading the
// element's size while drawing would force a layout of the whole page, tens of ms here.
const sizes = new WeakMap();
const observer = globalThis.ResizeObserver ? new ResizeObserver((entries) => {
  for (const e of entries) sizes.set(e.target, { width: e.contentRect.width, height: e.contentRect.height });
}) : null;

/** Follows a canvas's size; `unobserveCanvas` stops. */
export function observeCanvas(canvas) { observer?.observe(canvas); }
export function unobserveCanvas(canvas) { observer?.unobserve(canvas); sizes.delete(canvas); }

function prepare(canvas) {
  const ratio = globalThis.devicePixelRatio || 1;
  const { width, height } = sizes.get(canvas) ?? canvas.getBoundingClientRect();
  // A new size reallocates the canvas's memory: only when the element's size changed.
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { g, width, height };
}

function rgba(hex, alpha) {
  const v = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255},${(v >> 8) & 255},${v & 255},${alpha})`;
}

function title(g, text, theme, width) {
  g.fillStyle = theme.text;
  g.font = '600 13px system-ui, sans-serif';
  g.textAlign = 'center';
  g.fillText(text, width / 2, 16, width - 8);
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {{predictions: Float64Array | null, grid: Float64Array, data: {x, y}, inputs: number, outputs: number}} state
 * @param {{name: string, color: string, theme: object}} look
 */
export function drawBoundary(canvas, { predictions, grid, data, inputs, outputs }, { name, color, theme }) {
  const { g, width, height } = prepare(canvas);
  g.fillStyle = theme.paper;
  g.fillRect(0, 0, width, height);
  title(g, `${name}: ${inputs === 1 ? 'fitted curve' : 'decision regions'}`, theme, width);
  const top = 24;
  const size = Math.min(width - 16, height - top - 8);
  const left = (width - size) / 2;
  if (inputs === 1) {
    // x in [−π, π], y in [−1.5, 1.5]: the training points, then the side's curve.
    const px = (x) => left + ((x + Math.PI) / (2 * Math.PI)) * size;
    const py = (y) => top + ((1.5 - y) / 3) * size;
    g.strokeStyle = theme.grid;
    g.strokeRect(left, top, size, size);
    g.fillStyle = theme.muted;
    for (let i = 0; i < data.y.length; i += 1) g.fillRect(px(data.x[i]) - 1.5, py(data.y[i]) - 1.5, 3, 3);
    if (predictions) {
      g.strokeStyle = color;
      g.lineWidth = 3;
      g.beginPath();
      grid.forEach((x, i) => (i === 0 ? g.moveTo(px(x), py(predictions[i])) : g.lineTo(px(x), py(predictions[i]))));
      g.stroke();
    }
    return;
  }
  const px = (x) => left + ((x + GRID.extent) / (2 * GRID.extent)) * size;
  const py = (y) => top + ((GRID.extent - y) / (2 * GRID.extent)) * size;
  if (predictions) {
    // One pixel per grid cell in an image, scaled up without smoothing: a few hundred times
    // cheaper than a fillRect per cell on a software-rendered canvas. Rows run from y = +extent down.
    const image = new ImageData(GRID.size, GRID.size);
    const paper = rgbOf(theme.paper);
    for (const [k, c] of regionCells(predictions, grid, outputs).entries()) {
      const row = GRID.size - 1 - Math.floor(k / GRID.size);
      const col = k % GRID.size;
      const color = rgbOf(CLASS_COLORS[c.label]);
      const alpha = REGION_TINT.least + (REGION_TINT.most - REGION_TINT.least) * c.confidence;
      const o = 4 * (row * GRID.size + col);
      for (let i = 0; i < 3; i += 1) image.data[o + i] = Math.round(paper[i] + (color[i] - paper[i]) * alpha);
      image.data[o + 3] = 255;
    }
    const cells = (drawBoundary.cells ??= globalThis.OffscreenCanvas ? new OffscreenCanvas(GRID.size, GRID.size) : Object.assign(document.createElement('canvas'), { width: GRID.size, height: GRID.size }));
    cells.getContext('2d').putImageData(image, 0, 0);
    g.imageSmoothingEnabled = false;
    const cell = size / GRID.size;
    g.drawImage(cells, left - cell / 2 + cell / 2, top, size, size);
  }
  // The training points, one path per class: the class's colour and shape, outlined in the
  // text's colour so each point stands out from any region.
  g.strokeStyle = theme.text;
  g.lineWidth = 0.6;
  for (let c = 0; c < outputs; c += 1) {
    g.fillStyle = CLASS_COLORS[c];
    g.beginPath();
    for (let i = 0; i < data.y.length; i += 1) {
      if (data.y[i] !== c) continue;
      marker(g, CLASS_MARKERS[c], px(data.x[2 * i]), py(data.x[2 * i + 1]), 2.8);
    }
    g.fill();
    g.stroke();
  }
}

function marker(g, shape, x, y, r) {
  if (shape === 'square') {
    g.rect(x - r * 0.85, y - r * 0.85, 1.7 * r, 1.7 * r);
  } else if (shape === 'triangle') {
    g.moveTo(x, y - 1.2 * r);
    g.lineTo(x + 1.1 * r, y + 0.8 * r);
    g.lineTo(x - 1.1 * r, y + 0.8 * r);
    g.closePath();
  } else {
    g.moveTo(x + r, y);
    g.arc(x, y, r, 0, 2 * Math.PI);
  }
}

function rgbOf(color) {
  if (color.startsWith('#')) {
    const v = Number.parseInt(color.slice(1), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  return [255, 255, 255];
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {Float64Array[][]} activity per side, per layer, the share of inputs per unit
 * @param {{names: string[], colors: string[], theme: object}} look
 */
export function drawActivity(canvas, activity, { names, colors, theme }) {
  const { g, width, height } = prepare(canvas);
  g.fillStyle = theme.paper;
  g.fillRect(0, 0, width, height);
  title(g, 'Activity: share of inputs with f′ ≠ 0 per unit (hollow: dead)', theme, width);
  const layers = activity[0].length;
  const most = Math.max(...activity[0].map((units) => units.length));
  const blockWidth = (width - 24) / 2;
  const cell = Math.max(3, Math.min(16, (blockWidth - 8) / most, (height - 56) / layers));
  for (const c of activityCells(activity)) {
    const x = 12 + c.side * blockWidth + (blockWidth - most * cell) / 2 + c.unit * cell;
    const y = 44 + c.layer * cell;
    if (c.dead) {
      g.strokeStyle = colors[c.side];
      g.lineWidth = 1;
      g.strokeRect(x + 1, y + 1, cell - 2, cell - 2);
    } else {
      g.fillStyle = rgba(colors[c.side], (0.15 + 0.85 * c.share).toFixed(3));
      g.fillRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
    }
  }
  g.fillStyle = theme.text;
  g.font = '12px system-ui, sans-serif';
  g.textAlign = 'center';
  names.forEach((name, s) => g.fillText(name, 12 + s * blockWidth + blockWidth / 2, 36, blockWidth - 8));
}

/**
 * A Plotly line figure (the lab's loss, dead-unit and gradient charts) drawn on a canvas: the
 * same figure object, without Plotly's cost per redraw, while training runs. Paused, the page
 * draws the figure with Plotly (hover, zoom, image export).
 */
export function drawLines(canvas, { data, layout }, theme) {
  const { g, width, height } = prepare(canvas);
  g.fillStyle = theme.paper;
  g.fillRect(0, 0, width, height);
  const [main, sub] = String(layout.title?.text ?? '').split('<br>');
  title(g, main, theme, width);
  if (sub) {
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = theme.muted;
    g.fillText(sub.replace(/<\/?sub>/g, ''), width / 2, 30, width - 8);
  }
  const box = { left: 56, right: width - 12, top: sub ? 40 : 28, bottom: height - 28 };
  const categories = data.some((t) => typeof t.x[0] === 'string') ? [...new Set(data.flatMap((t) => t.x))] : null;
  const xOf = (v) => (categories ? categories.indexOf(v) : v);
  const logY = layout.yaxis?.type === 'log';
  const yOf = (v) => (logY ? Math.log10(v) : v);
  const xs = data.flatMap((t) => t.x.map(xOf));
  const ys = data.flatMap((t) => t.y.filter((v) => Number.isFinite(v) && (!logY || v > 0)).map(yOf));
  if (xs.length === 0 || ys.length === 0) return;
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = layout.yaxis?.range ?? [Math.min(...ys), Math.max(...ys)];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const px = (x) => box.left + ((xOf(x) - x0) / (x1 - x0)) * (box.right - box.left);
  const py = (y) => box.bottom - ((yOf(y) - y0) / (y1 - y0)) * (box.bottom - box.top);
  // Grid and tick labels: five steps each way (powers of ten on a log axis).
  g.strokeStyle = theme.grid;
  g.fillStyle = theme.muted;
  g.font = '11px system-ui, sans-serif';
  g.lineWidth = 1;
  // The figure's own ticks where it sets them (the gradient chart's 0 at its floor).
  // A log axis gets whole powers of ten (at most five), as Plotly draws it once paused.
  const decades = () => {
    const [from, to] = [Math.ceil(y0), Math.floor(y1)];
    const stride = Math.max(1, Math.ceil((to - from + 1) / 5));
    const out = [];
    for (let e = from; e <= to; e += stride) out.push([e, Number(`1e${e}`).toString()]);
    return out;
  };
  const ticks = layout.yaxis?.tickvals
    ? layout.yaxis.tickvals.map((v, i) => [yOf(v), layout.yaxis.ticktext[i]])
    : logY ? decades() : [0, 1, 2, 3, 4].map((i) => y0 + ((y1 - y0) * i) / 4).map((yv) => [yv, String(Number(yv.toPrecision(3)))]);
  for (const [yv, text] of ticks) {
    const y = box.bottom - ((yv - y0) / (y1 - y0)) * (box.bottom - box.top);
    g.beginPath(); g.moveTo(box.left, y); g.lineTo(box.right, y); g.stroke();
    g.textAlign = 'right';
    g.fillText(text, box.left - 4, y + 4);
  }
  g.textAlign = 'center';
  if (categories) categories.forEach((c, i) => g.fillText(c, px(c), box.bottom + 16));
  else for (let i = 0; i <= 4; i += 1) g.fillText(String(Math.round(x0 + ((x1 - x0) * i) / 4)), box.left + ((box.right - box.left) * i) / 4, box.bottom + 16);
  for (const trace of data) {
    g.globalAlpha = trace.opacity ?? 1;
    g.strokeStyle = trace.line?.color ?? theme.text;
    g.lineWidth = trace.line?.width ?? 2;
    g.setLineDash(trace.line?.dash === 'dash' ? [6, 4] : []);
    g.beginPath();
    let started = false;
    trace.x.forEach((x, i) => {
      const v = trace.y[i];
      if (!Number.isFinite(v) || (logY && v <= 0)) { started = false; return; }
      if (started) g.lineTo(px(x), py(v)); else g.moveTo(px(x), py(v));
      started = true;
    });
    g.stroke();
  }
  g.globalAlpha = 1;
  g.setLineDash([]);
}

// Builds Plotly traces and layout from samples and kinks. Pure (no DOM, no wasm), so Node
// tests check exactly what the page hands to Plotly.

/** Okabe–Ito colours: distinguishable with every common colour-vision deficiency. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

/**
 * Chart colours per theme. Dark uses the Okabe–Ito hues that keep at least 4:1 contrast on
 * its background; exported images carry the theme's background, so they stay readable.
 */
export const THEMES = {
  light: { paper: '#ffffff', plot: '#ffffff', text: '#222222', muted: '#555555', grid: '#e5e5e5', zeroline: '#999999', palette: PALETTE },
  dark: {
    paper: '#16181d', plot: '#16181d', text: '#e8e8e8', muted: '#a9adb4', grid: '#30343c', zeroline: '#8a8f98',
    palette: ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#F0E442', '#D55E00', '#ffffff'],
  },
};

/** The dash tells the curve (f, f′, f″, depth) in every colour vision and in greyscale print. */
export const CURVE_DASH = { value: 'solid', derivative: 'dash', second: 'dot', depth: 'dashdot' };

/** Series are told apart by colour and width: wider ones underneath show round narrower ones on top where they overlap. */
export const SERIES_WIDTH = [5, 3, 1.75, 1.75, 1.75, 1.75];

/**
 * A line that breaks at every jump: the sample at a kink becomes (x, left limit), a gap,
 * (x, right limit), so Plotly draws no false vertical segment and the line meets the open circles.
 * @param {Float64Array} x strictly increasing, containing each kink's x exactly when in range
 * @param {Float64Array} y
 * @param {Array<{x: number, left: number, right: number}>} jumps
 * @returns {{x: Float64Array, y: Float64Array, source: Int32Array | null}} source maps each
 *   output point to its sample (-1 at a gap); null when the line needed no break.
 */
export function lineWithGaps(x, y, jumps) {
  const breaks = jumps.map((j) => ({ ...j, index: indexOf(x, j.x) })).filter((j) => j.index >= 0 && j.left !== j.right);
  if (breaks.length === 0) return { x, y, source: null };
  const outX = new Float64Array(x.length + 2 * breaks.length);
  const outY = new Float64Array(outX.length);
  const source = new Int32Array(outX.length);
  let from = 0;
  let out = 0;
  const copyUpTo = (end) => {
    outX.set(x.subarray(from, end), out);
    outY.set(y.subarray(from, end), out);
    for (let i = from; i < end; i += 1) source[out + i - from] = i;
    out += end - from;
  };
  for (const b of breaks) {
    copyUpTo(b.index);
    outX.set([b.x, b.x, b.x], out);
    outY.set([b.left, NaN, b.right], out);
    source.set([b.index, -1, b.index], out);
    out += 3;
    from = b.index + 1;
  }
  copyUpTo(x.length);
  return { x: outX, y: outY, source };
}

// Binary search for an exact value in a strictly increasing array; -1 when absent.
function indexOf(sorted, value) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return mid;
    if (sorted[mid] < value) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/** Shortest readable form of a number for labels and hover text. */
export function formatNumber(value) {
  if (Number.isNaN(value)) return 'NaN';
  return Number.parseFloat(value.toPrecision(6)).toString();
}

/**
 * At most about `limit` of a series' samples, for drawing: every k-th sample, both ends and
 * every kink kept. Piecewise-linear curves stay exact (each drawn segment lies on one linear
 * piece); smooth ones move by far less than a pixel at a few thousand points across a plot.
 * The full samples stay with the series for the data table and CSV.
 */
export function thinForDrawing(s, limit) {
  const count = s.x.length;
  // A series sampled at the drawn points already (drawnFrom set) is drawn as it is.
  if (!(count > limit) || s.drawnFrom) return s;
  const stride = Math.ceil((count - 1) / (limit - 1));
  const keep = new Set();
  for (let i = 0; i < count; i += stride) keep.add(i);
  keep.add(count - 1);
  for (const k of s.kinks) {
    const i = indexOf(s.x, k.x);
    if (i >= 0) keep.add(i);
  }
  const indices = Int32Array.from(keep).sort();
  const pick = (values) => (values ? Float64Array.from(indices, (i) => values[i]) : values);
  return { ...s, x: pick(s.x), f: pick(s.f), df: pick(s.df), d2f: pick(s.d2f), drawnFrom: count };
}

/** Samples drawn per series at most; measured in bench/results.md (Plotly's cost grows with it). */
export const MAX_DRAW_POINTS = 2001;


const ROWS = {
  value: { title: 'f(x)', prime: '' },
  derivative: { title: 'f′(x)', prime: '′' },
  second: { title: 'f″(x)', prime: '″' },
  depth: { title: '|f′(x)|ᴸ', prime: '′' },
};

/**
 * @param {Array<{key, functionId, label, color, width, x, f, df, d2f?, kinks, atKink, conventionLabel,
 *   show: {f: boolean, df: boolean, d2f: boolean}}>} allSeries
 * @param {{from: number, to: number, revision: number, depthLayers?: number, theme?: object, maxDrawPoints?: number, plotHeight?: number}} view
 *   depthLayers adds the depth view: |f′(x)|^L, the gradient factor through L stacked layers;
 *   plotHeight (CSS px) below SMALL_PLOT_HEIGHT gives the compact legend and margins;
 *   zeroBands [{from, to, color}] shade, on the f′ row, where a low-precision kernel's f′ is exactly 0.
 */
export function buildFigure(allSeries, view) {
  const series = allSeries.map((s) => thinForDrawing(s, view.maxDrawPoints ?? MAX_DRAW_POINTS));
  const rows = visibleRows(series, view);
  const axisOf = Object.fromEntries(rows.map((row, i) => [row, i === 0 ? 'y' : `y${i + 1}`]));
  const data = [];
  for (const s of series) {
    let legendShown = false;
    for (const row of rows) {
      const trace = seriesLine(s, row, view);
      if (!trace) continue;
      trace.yaxis = axisOf[row];
      trace.showlegend = !legendShown;
      legendShown = true;
      data.push(trace, ...kinkMarkers(s, row, axisOf[row]));
    }
  }
  // How many samples each series drew, of how many it has, so the page can say so.
  const drawn = series.map((s) => ({ key: s.key, drawn: s.x.length, of: s.drawnFrom ?? s.x.length }));
  const figureLayout = layout(view, rows);
  pinUnscalableRanges(data, figureLayout, axisOf);
  if (axisOf.derivative) {
    const axis = figureLayout[axisOf.derivative === 'y' ? 'yaxis' : `yaxis${axisOf.derivative.slice(1)}`];
    const plotHeight = Number.isFinite(view.plotHeight) ? view.plotHeight : DEFAULT_PLOT_HEIGHT;
    const rowHeight = (plotHeight - figureLayout.margin.t - figureLayout.margin.b) * (axis.domain[1] - axis.domain[0]);
    const labels = leftSlopeLabels(series, view, axisOf.derivative, rowHeight);
    if (labels.length > 0) figureLayout.annotations = labels;
  }
  return { data, layout: figureLayout, drawn };
}

/**
 * Below this span of y (max − min) Plotly's autorange cannot place ticks: it throws "Something
 * went wrong with axis scaling" near 1e-307 (subnormal values, `1e-320*x`) and leaves the page
 * without a plot. A margin above that.
 */
export const UNSCALABLE_SPAN = 1e-290;

/**
 * A linear row whose values differ by less than UNSCALABLE_SPAN is drawn as Plotly draws a
 * constant (f = 0 gives −1…1): its midpoint ± 1. The values drawn stay the engine's.
 */
function pinUnscalableRanges(data, figureLayout, axisOf) {
  for (const axisId of Object.values(axisOf)) {
    const axis = figureLayout[axisId === 'y' ? 'yaxis' : `yaxis${axisId.slice(1)}`];
    if (axis.type === 'log') continue;
    let low = Infinity;
    let high = -Infinity;
    for (const trace of data) {
      if (trace.yaxis !== axisId) continue;
      for (const y of trace.y) {
        if (!Number.isFinite(y)) continue;
        if (y < low) low = y;
        if (y > high) high = y;
      }
    }
    const span = high - low;
    if (span > 0 && span < UNSCALABLE_SPAN) {
      const middle = low + span / 2;
      axis.range = [middle - 1, middle + 1];
      axis.autorange = false;
    }
  }
}

/**
 * Where compared series jump in f′ at the same x but differ left of it, each one's f′ there is
 * written beside its line ("f′ = α = 0.01 for x < 0" against "f′ = 0 for x < 0"): at Leaky
 * ReLU's default α the two lines are 0.01 apart on an axis from 0 to 1 and look like one.
 * Each label takes the nearest free place above its line (else below), clear of every labelled
 * line and of the labels placed before it, inside the row, whatever α is.
 * @param {number} rowHeight the f′ row's height in CSS px, for the placing
 */
export function leftSlopeLabels(series, view, yaxis = 'y2', rowHeight = 220) {
  const jumping = series.filter((s) => s.show.df).map((s) => ({ s, kink: s.kinks.find((k) => k.dfLeft !== k.dfRight) })).filter((j) => j.kink);
  const sameX = jumping.filter((j) => j.kink.x === jumping[0]?.kink.x && j.kink.x > view.from && j.kink.x <= view.to);
  if (sameX.length < 2 || new Set(sameX.map((j) => j.kink.dfLeft)).size < 2) return [];
  const kinkX = sameX[0].kink.x;
  const values = series.filter((s) => s.show.df).flatMap((s) => [finiteMin(s.df), finiteMax(s.df)]);
  const small = (view.plotHeight ?? Infinity) < SMALL_PLOT_HEIGHT;
  const byValue = [...sameX].sort((a, b) => a.kink.dfLeft - b.kink.dfLeft);
  const offsets = labelOffsets(byValue.map((j) => j.kink.dfLeft), Math.min(...values), Math.max(...values), rowHeight, small ? 7 : 9);
  return byValue.map((j, i) => {
    // Arrows spread across the left part, the lowest line's furthest from the kink.
    const position = 0.75 - (0.4 * i) / (byValue.length - 1);
    return slopeLabel(j, kinkX - (kinkX - view.from) * position, offsets[i], small, view.theme, yaxis);
  });
}

// Plotly's `ay` (px from the arrow's head to the label's middle, down positive) for each label of
// `lines` (ascending values) on a row `rowHeight` px high showing `low` to `high`; `half` is half
// a label's height. The row's own padding (markers at the kink) is taken as 6 px a side.
function labelOffsets(lines, low, high, rowHeight, half) {
  const pad = 6;
  const scale = (rowHeight - 2 * pad) / Math.max(high - low, Number.MIN_VALUE);
  const px = (v) => pad + (v - low) * scale;
  const arrow = half + 8;
  const placed = [];
  const free = (c) => c - half >= 0 && c + half <= rowHeight
    && lines.every((v) => Math.abs(px(v) - c) >= half + 3) && placed.every((p) => Math.abs(p - c) >= 2 * half + 2);
  return lines.map((v) => {
    const own = px(v);
    let centre = null;
    for (let d = arrow; centre === null && own + d + half <= rowHeight; d += 1) if (free(own + d)) centre = own + d;
    for (let d = arrow; centre === null && own - d - half >= 0; d += 1) if (free(own - d)) centre = own - d;
    centre ??= own + arrow; // nowhere free (a very short row): above its line all the same
    placed.push(centre);
    return Math.round(own - centre);
  });
}

function slopeLabel({ s, kink }, x, ay, small, theme = {}, yaxis = 'y2') {
  const value = formatNumber(kink.dfLeft);
  // "α = 0.01" where a parameter is that slope, as Leaky ReLU's α is.
  const parameter = Object.entries(s.params ?? {}).find(([, v]) => v === kink.dfLeft)?.[0];
  const symbol = parameter && s.symbols?.[parameter];
  const text = small ? `f′ = ${value}` : `f′ = ${symbol ? `${symbol} = ` : ''}${value} for x < ${formatNumber(kink.x)}`;
  return {
    name: `left-slope ${s.key}`,
    x, y: kink.dfLeft, xref: 'x', yref: yaxis, ax: 0, ay,
    text, showarrow: true, arrowhead: 2, arrowsize: 1, arrowwidth: 1.5, arrowcolor: s.color,
    font: { color: s.color, size: small ? 11 : 13 },
    bgcolor: theme.paper ?? '#ffffff', borderpad: 1,
    hovertext: `${s.label}: f′ = ${value} for every x < ${formatNumber(kink.x)}`,
  };
}

function finiteMin(values) {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  return m;
}

function finiteMax(values) {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}

function visibleRows(series, view) {
  const rows = [];
  if (series.some((s) => s.show.f)) rows.push('value');
  if (series.some((s) => s.show.df)) rows.push('derivative');
  if (series.some((s) => s.show.d2f && s.d2f)) rows.push('second');
  if (view.depthLayers) rows.push('depth');
  return rows.length > 0 ? rows : ['value'];
}

// The one-sided limits and value at each kink, for the quantity a row shows.
function jumpsFor(s, row, view) {
  return s.kinks.map((k) => {
    if (row === 'value') return { x: k.x, left: k.fLeft, right: k.fRight, at: k.fAt };
    if (row === 'derivative') return { x: k.x, left: k.dfLeft, right: k.dfRight, at: k.dfAt[s.atKink] };
    if (row === 'depth') {
      const power = (v) => Math.abs(v) ** view.depthLayers;
      return { x: k.x, left: power(k.dfLeft), right: power(k.dfRight), at: power(k.dfAt[s.atKink]) };
    }
    return { x: k.x, left: 0, right: 0, at: 0 }; // f'' already carries NaN where it jumps
  });
}

function seriesLine(s, row, view) {
  const shown = { value: s.show.f, derivative: s.show.df, second: s.show.d2f && s.d2f, depth: s.show.df };
  if (!shown[row]) return null;
  const y = { value: s.f, derivative: s.df, second: s.d2f, depth: row === 'depth' ? s.df.map((v) => Math.abs(v) ** view.depthLayers) : null }[row];
  const line = lineWithGaps(s.x, y, jumpsFor(s, row, view));
  const trace = {
    type: 'scatter',
    mode: 'lines',
    name: s.label,
    legendgroup: s.key,
    x: line.x,
    y: line.y,
    connectgaps: false,
    line: { color: s.color, dash: CURVE_DASH[row], width: s.width ?? 2.5 },
    meta: { series: s.key, function: s.functionId, kind: row },
  };
  if (row === 'value' || row === 'derivative') {
    // Hover on either subplot shows both f and f', so the other one rides along as customdata.
    const other = row === 'value' ? s.df : s.f;
    trace.customdata = line.source ? Array.from(line.source, (i) => (i < 0 ? NaN : other[i])) : other;
    trace.hovertemplate = row === 'value'
      ? `${s.label}: f = %{y:.6~g}, f′ = %{customdata:.6~g}<extra></extra>`
      : `${s.label}: f = %{customdata:.6~g}, f′ = %{y:.6~g}<extra></extra>`;
  } else {
    trace.hovertemplate = `${s.label}: ${ROWS[row].title.replace('(x)', '')} = %{y:.6~g}<extra></extra>`;
  }
  return trace;
}

// Open circles at both one-sided limits, a filled dot at the value the convention returns.
function kinkMarkers(s, row, yaxis) {
  if (row !== 'value' && row !== 'derivative') return [];
  const jumps = jumpsFor(s, row, {});
  const visible = jumps.filter((j) => j.left !== j.right && j.x >= s.x[0] && j.x <= s.x[s.x.length - 1]);
  if (visible.length === 0) return [];
  const common = { type: 'scatter', mode: 'markers', legendgroup: s.key, showlegend: false, yaxis };
  const name = `${s.label} f${ROWS[row].prime}`;
  return [
    {
      ...common,
      name: `${name} one-sided limits`,
      x: visible.flatMap((j) => [j.x, j.x]),
      y: visible.flatMap((j) => [j.left, j.right]),
      marker: { symbol: 'circle-open', size: 11, color: s.color, line: { width: 2 } },
      meta: { series: s.key, function: s.functionId, kind: row, marker: 'limits' },
      hoverinfo: 'skip',
    },
    {
      ...common,
      name: `${name} at the kink`,
      x: visible.map((j) => j.x),
      y: visible.map((j) => j.at),
      marker: { symbol: 'circle', size: 10, color: s.color },
      meta: { series: s.key, function: s.functionId, kind: row, marker: 'value' },
      hovertemplate: `${s.label}: f${ROWS[row].prime}(%{x}) = %{y:.6~g} at the kink (${s.conventionLabel})<extra></extra>`,
    },
  ];
}

const LINE_KEY = { value: 'f solid', derivative: 'f′ dashed', second: 'f″ dotted', depth: '|f′|ᴸ dash-dot' };

/** The legend's key to the dashes, e.g. "Lines: f solid, f′ dashed"; empty for a single row. */
export function lineKey(rows) {
  return rows.length > 1 ? `Lines: ${rows.map((r) => LINE_KEY[r]).join(', ')}` : '';
}

/** Narrower than this (CSS px), Plotly's mode bar would lie over the legend's two lines. */
export const NARROW_PLOT_WIDTH = 480;

/**
 * Whether the plot shows Plotly's mode bar. Not on touch screens, where the page turns dragging
 * off so that a finger scrolls (its zoom and pan tools cannot work) and the bar would stay over
 * the legend; not on narrow plots, where it covers the legend (the page's Download buttons and a
 * double click, which resets the zoom, remain).
 */
export function modeBarShown({ width, coarsePointer }) {
  return !coarsePointer && width >= NARROW_PLOT_WIDTH;
}

/** The plot's height (CSS px) where the page has not said: explorer.css gives the plot 560 px. */
const DEFAULT_PLOT_HEIGHT = 560;

/** Below this plot height (CSS px) the figure saves room: a smaller legend without its title line, tighter margins. */
export const SMALL_PLOT_HEIGHT = 300;

function layout(view, rows) {
  const { from, to, revision, depthLayers, theme = {}, plotHeight = Infinity } = view;
  const small = plotHeight < SMALL_PLOT_HEIGHT;
  const axisStyle = { gridcolor: theme.grid ?? '#e5e5e5', zerolinecolor: theme.zeroline ?? '#999', zerolinewidth: 1.5 };
  const gap = 0.06;
  const height = (1 - gap * (rows.length - 1)) / rows.length;
  const result = {
    datarevision: revision,
    // Keeps the user's zoom while parameters change; a new x-range resets it.
    uirevision: `${from}:${to}`,
    margin: small ? { l: 52, r: 12, t: 28, b: 34 } : { l: 64, r: 20, t: 40, b: 50 },
    paper_bgcolor: theme.paper ?? '#ffffff',
    plot_bgcolor: theme.plot ?? '#ffffff',
    font: { color: theme.text ?? '#222222', size: 13 },
    hovermode: 'x unified',
    // The key to the dashes stands on its own line above the series' names.
    legend: {
      orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: small ? 10 : 13 }, itemwidth: small ? 30 : 40,
      title: { text: small ? '' : lineKey(rows), side: 'top', font: { color: theme.muted ?? theme.text ?? '#555555', size: 12 } },
    },
    xaxis: { ...axisStyle, anchor: `y${rows.length === 1 ? '' : rows.length}`, title: { text: small ? '' : 'x' }, showspikes: true, spikemode: 'across', spikethickness: 1 },
  };
  const zeroBands = view.zeroBands ?? [];
  rows.forEach((row, i) => {
    const top = 1 - i * (height + gap);
    if (row === 'derivative' && zeroBands.length > 0) {
      // Clipped to the plotted range; a band wholly outside it is left out (it would widen the axis).
      result.shapes = zeroBands
        .map((band) => ({ ...band, from: Math.max(band.from, from), to: Math.min(band.to, to) }))
        .filter((band) => band.from < band.to)
        .map((band) => ({
          type: 'rect', layer: 'below', xref: 'x', yref: 'paper', line: { width: 0 }, fillcolor: band.color, opacity: 0.14,
          x0: band.from, x1: band.to, y0: Math.max(0, top - height), y1: top,
        }));
    }
    const title = row === 'depth' ? `|f′(x)|^${depthLayers}` : ROWS[row].title;
    result[i === 0 ? 'yaxis' : `yaxis${i + 1}`] = {
      ...axisStyle,
      domain: [Math.max(0, top - height), top],
      title: { text: title },
      ...(row === 'depth' ? { type: 'log', exponentformat: 'power' } : {}),
    };
  });
  return result;
}

// Builds Plotly traces and layout from samples and kinks. Pure (no DOM, no wasm), so Node
// tests check exactly what the page hands to Plotly.

/** Okabe–Ito colours: distinguishable with every common colour-vision deficiency. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

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

const AXES = { value: { yaxis: 'y', prime: '' }, derivative: { yaxis: 'y2', prime: '′' } };

/**
 * @param {Array<{id, label, color, dash, x, f, df, kinks, atKink, conventionLabel}>} series
 * @param {{from: number, to: number, revision: number, theme?: object}} view
 */
export function buildFigure(series, view) {
  const data = [];
  for (const s of series) {
    for (const [kind, axis] of Object.entries(AXES)) {
      const y = kind === 'value' ? s.f : s.df;
      const jumps = s.kinks.map((k) => (kind === 'value'
        ? { x: k.x, left: k.fLeft, right: k.fRight, at: k.fAt }
        : { x: k.x, left: k.dfLeft, right: k.dfRight, at: k.dfAt[s.atKink] }));
      const line = lineWithGaps(s.x, y, jumps);
      // Hover on either subplot shows both f and f', so the other one rides along as customdata.
      const other = kind === 'value' ? s.df : s.f;
      const customdata = line.source ? Array.from(line.source, (i) => (i < 0 ? NaN : other[i])) : other;
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: s.label,
        legendgroup: s.id,
        showlegend: kind === 'value',
        x: line.x,
        y: line.y,
        yaxis: axis.yaxis,
        connectgaps: false,
        line: { color: s.color, dash: s.dash, width: 2.5 },
        meta: { series: s.id, kind },
        customdata,
        hovertemplate: kind === 'value'
          ? `${s.label}: f = %{y:.6~g}, f′ = %{customdata:.6~g}<extra></extra>`
          : `${s.label}: f = %{customdata:.6~g}, f′ = %{y:.6~g}<extra></extra>`,
      });
      data.push(...kinkMarkers(s, jumps, kind, axis));
    }
  }
  return { data, layout: layout(view) };
}

// Open circles at both one-sided limits, a filled dot at the value the convention returns.
function kinkMarkers(s, jumps, kind, axis) {
  const visible = jumps.filter((j) => j.left !== j.right && j.x >= s.x[0] && j.x <= s.x[s.x.length - 1]);
  if (visible.length === 0) return [];
  const common = { type: 'scatter', mode: 'markers', legendgroup: s.id, showlegend: false, yaxis: axis.yaxis };
  const name = `${s.label} f${axis.prime}`;
  return [
    {
      ...common,
      name: `${name} one-sided limits`,
      x: visible.flatMap((j) => [j.x, j.x]),
      y: visible.flatMap((j) => [j.left, j.right]),
      marker: { symbol: 'circle-open', size: 11, color: s.color, line: { width: 2 } },
      meta: { series: s.id, kind, marker: 'limits' },
      hoverinfo: 'skip',
    },
    {
      ...common,
      name: `${name} at the kink`,
      x: visible.map((j) => j.x),
      y: visible.map((j) => j.at),
      marker: { symbol: 'circle', size: 10, color: s.color },
      meta: { series: s.id, kind, marker: 'value' },
      hovertemplate: `${s.label}: f${axis.prime}(%{x}) = %{y:.6~g} at the kink (${s.conventionLabel})<extra></extra>`,
    },
  ];
}

function layout({ from, to, revision, theme = {} }) {
  const axisStyle = { gridcolor: theme.grid ?? '#e5e5e5', zerolinecolor: theme.zeroline ?? '#999', zerolinewidth: 1.5 };
  return {
    datarevision: revision,
    // Keeps the user's zoom while parameters change; a new x-range resets it.
    uirevision: `${from}:${to}`,
    margin: { l: 60, r: 20, t: 40, b: 50 },
    paper_bgcolor: theme.paper ?? '#ffffff',
    plot_bgcolor: theme.plot ?? '#ffffff',
    font: { color: theme.text ?? '#222222', size: 13 },
    hovermode: 'x unified',
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
    xaxis: { ...axisStyle, anchor: 'y2', title: { text: 'x' }, showspikes: true, spikemode: 'across', spikethickness: 1 },
    yaxis: { ...axisStyle, domain: [0.55, 1], title: { text: 'f(x)' } },
    yaxis2: { ...axisStyle, domain: [0, 0.45], title: { text: 'f′(x)' } },
  };
}

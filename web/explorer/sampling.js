// The engine's calls for the explorer: each series' samples, kinks and zero-gradient tails,
// and the engine's verdict on a range. No DOM: the series come back as data for render.js.

import { formatNumber, MAX_DRAW_POINTS, SERIES_WIDTH } from '../plot-model.js';
import { saturationCache } from './precision.js';

/**
 * The engine's samples for a series. Past MAX_DRAW_POINTS only what is drawn is computed
 * (that many evenly spaced points plus the kinks), so a slider move costs the same at any n;
 * all n samples are computed when the table or a download asks for them (`full`).
 * `borrow` hands back views of the engine's buffers, valid until its next call.
 */
export function samplesOf(engine, s, view, { full = false, borrow = false } = {}) {
  const request = { functionId: s.functionId, params: s.params, atKink: view.atKink, dtype: view.dtype, from: view.from, to: view.to, n: view.n, second: s.show.d2f, borrow };
  if (full || view.n <= MAX_DRAW_POINTS) return engine.sample(request);
  const drawn = engine.sample({ ...request, n: MAX_DRAW_POINTS });
  return drawn.ok ? { ...drawn, drawnFrom: view.n } : drawn;
}

/**
 * Every sample of the series plotted on `view`, computed for the table and the CSV when the
 * plot drew fewer (the same request gives the same numbers).
 */
export function allSamplesOf(engine, plotted, view) {
  if (!plotted.some((s) => s.drawnFrom)) return plotted;
  return plotted.map((s) => ({ ...s, ...samplesOf(engine, s, view, { full: true }) }));
}

/**
 * Why the engine refuses a range and n whatever the function, or null (state.js calls it).
 * Sampling the catalog's first function at its defaults on the full grid tells a range problem
 * from a parameter problem, and catches what the drawn grid may not share (too narrow for n
 * distinct samples). The last grid taken is remembered: a parameter's moves do not re-check it.
 * @returns {(grid: {from, to, n, dtype}) => string | null}
 */
export function rangeChecker(engine) {
  let checkedGrid = '';
  return (grid) => {
    const key = `${grid.from}:${grid.to}:${grid.n}:${grid.dtype}`;
    if (key === checkedGrid) return null;
    const probe = engine.catalog.functions[0];
    const result = engine.sample({ functionId: probe.id, dtype: grid.dtype, from: grid.from, to: grid.to, n: grid.n, borrow: true });
    if (!result.ok) return result.message;
    checkedGrid = key;
    return null;
  };
}

/**
 * The sampler of a view's series: each series as render.js draws it (samples, kinks, label,
 * colour, width, convention and zero tails), or the first failure named by its function.
 * @returns {(series: object[], view: object, palette: string[]) => {ok: true, series: object[]} | {ok: false, message: string}}
 */
export function seriesSampler(engine) {
  const saturationOf = saturationCache(engine);
  const { conventions } = engine.catalog;
  function sampleOne(s, index, palette, view) {
    const spec = engine.functionSpec(s.functionId);
    // In the series' range: a typed formula's kinks are its ties there (a built-in's are all of them).
    const kinks = engine.kinks({ functionId: s.functionId, params: s.params, from: view.from, to: view.to });
    if (!kinks.ok) return kinks;
    const samples = samplesOf(engine, s, view);
    if (!samples.ok) return samples;
    const shownParams = spec.parameters.map((p) => `${p.symbol} = ${formatNumber(s.params[p.id])}`).join(', ');
    return {
      ok: true,
      ...s,
      params: { ...s.params }, // as plotted: later edits that fail must not change the CSV
      // A formula's name is its text, in parentheses where the notes write (…)′.
      name: spec.expression === undefined ? spec.name : `(${spec.name})`,
      label: shownParams ? `${spec.name} (${shownParams})` : spec.name,
      symbols: Object.fromEntries(spec.parameters.map((p) => [p.id, p.symbol])),
      color: palette[index],
      width: SERIES_WIDTH[index],
      atKink: view.atKink,
      conventionLabel: conventions.find((c) => c.id === view.atKink).label,
      ...samples,
      kinks: kinks.kinks,
      dtype: view.dtype,
      saturation: saturationOf(s, view.atKink, view.dtype),
    };
  }
  return (seriesList, view, palette) => {
    const series = [];
    for (const s of seriesList) {
      const sampled = sampleOne(s, series.length, palette, view);
      if (!sampled.ok) return { ok: false, message: `${engine.functionSpec(s.functionId).name}: ${sampled.message}` };
      series.push(sampled);
    }
    return { ok: true, series };
  };
}

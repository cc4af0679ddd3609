// The explorer's URL keys, both ways, so a copied link reproduces what its author saw.
//   ?fn=leaky_relu&alpha=0.2&fn2=relu&from=-5&to=5&n=401&at_kink=jax&dtype=bfloat16&depth=10
// Series 1 takes plain names (fn, alpha, show); series k > 1 adds k (fn2, alpha2, show2).
// Parameter names are the catalog's ids. Each key is read through the URL layer
// (web/views/url-layer.js), which names every value it cannot use; the defaults are
// defaultView's, from the catalog.

import { shownText } from '../number-text.js';
import { splitSeriesSuffix, THEME_NAMES, writePageKeys } from '../views/url-layer.js';

export const MAX_SERIES = 6;
const CURVES = ['f', 'df', 'd2f'];
/** The explorer's keys besides each series' fn, show and parameters (fn2, show2, alpha2…). */
export const EXPLORER_KEYS = ['from', 'to', 'n', 'at_kink', 'dtype', 'depth'];
/** Every fixed key a link to the explorer may carry: the router's (url-layer.js ROUTER_KEYS) and the explorer's. */
export const GLOBAL_KEYS = ['view', ...EXPLORER_KEYS, 'theme', 'embed', 'controls'];

/** The controls an embed can ask for by name (`controls=`); parameter ids (alpha, beta…) name single sliders. */
export const CONTROL_GROUPS = ['function', 'params', 'curves', 'compare', 'convention', 'dtype', 'range', 'depth', 'theme', 'tools', 'properties'];

/** The view a page starts with when the URL says nothing. */
export function defaultView(catalog) {
  return {
    series: [seriesOf(catalog, 'leaky_relu'), seriesOf(catalog, 'relu')],
    atKink: catalog.conventions[0].id,
    dtype: catalog.dtypes[0].id,
    from: -10,
    to: 10,
    n: 201,
    depth: { on: false, layers: 10 },
    theme: THEME_NAMES[0],
    embed: false,
    controls: [],
  };
}

export function seriesOf(catalog, functionId) {
  const spec = catalog.functions.find((f) => f.id === functionId);
  return {
    functionId,
    params: Object.fromEntries(spec.parameters.map((p) => [p.id, p.default])),
    show: { f: true, df: true, d2f: false },
  };
}

/** What `controls=` may name for the explorer, and how a wrong name is answered. */
export function explorerControls(catalog) {
  return {
    names: [...CONTROL_GROUPS, ...new Set(catalog.functions.flatMap((f) => f.parameters.map((p) => p.id)))],
    hint: `parameter names (such as alpha) or ${CONTROL_GROUPS.join(', ')}`,
  };
}

/**
 * The explorer's view from a query being read (url-layer.js queryReader); `page` holds the
 * router's keys (theme, embed, controls).
 * @param {{catalog: object, checkParams: (functionId: string, params: object) => string | null}} context
 *   checkParams: the C++ core's verdict on a parameter set, null when valid
 */
export function readExplorerKeys(reader, page, { catalog, checkParams }) {
  const view = defaultView(catalog);
  const seriesCount = seriesInUrl(reader.get);
  if (seriesCount > 0) view.series = [];
  for (let k = 1; k <= seriesCount; k += 1) {
    const series = readSeries(reader, k === 1 ? '' : String(k), catalog, checkParams);
    if (series) view.series.push(series); else if (k === 1) view.series.push(defaultView(catalog).series[0]);
  }
  if (seriesCount === 0) {
    // No fn in the link: the default functions, whose parameters the link may still set
    // (?alpha=0.3 is the Leaky ReLU on screen, as the slider writes it).
    view.series.forEach((series, index) => {
      const spec = catalog.functions.find((f) => f.id === series.functionId);
      reader.params(spec, index === 0 ? '' : String(index + 1), series.params, checkParams);
    });
  }
  if (view.series.length === 0) view.series = defaultView(catalog).series;
  readRange(reader, catalog, view);
  view.atKink = reader.oneOf('at_kink', catalog.conventions.map((c) => c.id)) ?? view.atKink;
  view.dtype = reader.oneOf('dtype', catalog.dtypes.map((d) => d.id)) ?? view.dtype;
  readDepth(reader, view);
  Object.assign(view, { theme: page.theme, embed: page.embed, controls: page.controls });
  return view;
}

// One series (fn2 with alpha2, show2 for suffix "2"), or null when its function is unknown.
function readSeries(reader, suffix, catalog, checkParams) {
  const id = reader.get(`fn${suffix}`);
  const spec = catalog.functions.find((f) => f.id === id);
  if (!spec) {
    // Its parameters are not named as unknown: the function is.
    for (const p of catalog.functions.flatMap((f) => f.parameters)) reader.claim(`${p.id}${suffix}`);
    reader.claim(`show${suffix}`);
    reader.problem(`fn${suffix}: "${shownText(id)}" is not a function here; see the menu for the ${catalog.functions.length} there are.`);
    return null;
  }
  const series = seriesOf(catalog, spec.id);
  reader.params(spec, suffix, series.params, checkParams);
  const show = reader.get(`show${suffix}`);
  if (show !== null) {
    const curves = show.split(',').filter(Boolean);
    if (curves.length === 0 || curves.some((c) => !CURVES.includes(c))) {
      reader.problem(`show${suffix}: "${shownText(show)}" should list some of f, df, d2f, separated by commas.`);
    } else {
      series.show = Object.fromEntries(CURVES.map((c) => [c, curves.includes(c)]));
    }
  }
  return series;
}

// How many series the URL describes: fn, fn2, ... counted up to the first missing one.
function seriesInUrl(get) {
  let count = 0;
  while (count < MAX_SERIES && get(count === 0 ? 'fn' : `fn${count + 1}`) !== null) count += 1;
  return count;
}

function readRange(reader, catalog, view) {
  view.from = reader.number('from') ?? view.from;
  view.to = reader.number('to') ?? view.to;
  const { minSamples, maxSamples } = catalog.limits;
  view.n = reader.number('n', { min: minSamples, max: maxSamples, whole: true, what: 'the number of samples' }) ?? view.n;
  if (!(view.from < view.to)) {
    reader.problem(`from=${view.from} and to=${view.to}: the x-range needs from < to; the default range is used.`);
    ({ from: view.from, to: view.to } = defaultView(catalog));
  }
}

function readDepth(reader, view) {
  const depth = reader.get('depth');
  if (depth === null) return;
  const layers = Number(depth);
  if (/^\d+$/.test(depth) && layers >= 0 && layers <= 50) view.depth = { on: layers > 0, layers: layers || view.depth.layers };
  else reader.problem(`depth: the number of layers must be a whole number from 0 (off) to 50, got "${shownText(depth)}".`);
}

/** A key the explorer does not read: a parameter of another function is named as such. */
export function unknownExplorerKey(key, view, catalog) {
  const { name, digits } = splitSeriesSuffix(key);
  const series = view.series[digits ? Number(digits) - 1 : 0];
  const owner = series && catalog.functions.find((f) => f.id === series.functionId);
  if (owner && catalog.functions.some((f) => f.parameters.some((p) => p.id === name))) {
    return `"${shownText(key)}": ${owner.name} has no parameter "${shownText(name)}"; it is ignored.`;
  }
  return `"${shownText(key)}" is not a setting here and is ignored.`;
}

/** The explorer's own keys for `view`, in order (the router adds theme, embed and controls). */
export function writeExplorerKeys(view) {
  const query = new URLSearchParams();
  view.series.forEach((s, index) => {
    const suffix = index === 0 ? '' : String(index + 1);
    query.set(`fn${suffix}`, s.functionId);
    for (const [id, value] of Object.entries(s.params)) query.set(`${id}${suffix}`, String(value));
    const shown = CURVES.filter((c) => s.show[c]);
    if (shown.join(',') !== 'f,df') query.set(`show${suffix}`, shown.join(','));
  });
  query.set('from', String(view.from));
  query.set('to', String(view.to));
  query.set('n', String(view.n));
  query.set('at_kink', view.atKink);
  if (view.dtype && view.dtype !== 'float64') query.set('dtype', view.dtype);
  if (view.depth.on) query.set('depth', String(view.depth.layers));
  return query;
}

/** The query string (without "?") that reproduces `view`, theme, embed and controls included. */
export function writeUrlState(view) {
  return writePageKeys(writeExplorerKeys(view), view).toString();
}

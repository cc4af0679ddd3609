// The view as a URL query, both ways, so a copied link reproduces what its author saw.
//   ?fn=leaky_relu&alpha=0.2&fn2=relu&from=-5&to=5&n=401&at_kink=jax&dtype=bfloat16&depth=10
// Series 1 takes plain names (fn, alpha, show); series k > 1 adds k (fn2, alpha2, show2).
// Parameter names are the catalog's ids. Reading never throws: every value that cannot be
// used is reported by name and replaced by its default. Nothing read is ever treated as HTML.

import { parseNumberText, shownText } from './number-text.js';

export const MAX_SERIES = 6;
const CURVES = ['f', 'df', 'd2f'];
// `view` is the router's (app.js): view=lab starts the lab, which reads its own keys (lab/lab-url.js).
export const GLOBAL_KEYS = ['view', 'from', 'to', 'n', 'at_kink', 'dtype', 'depth', 'theme', 'embed', 'controls'];
export const THEME_NAMES = ['auto', 'light', 'dark'];
// A notice lists this many problems at most; a crafted link may carry thousands.
const MAX_PROBLEMS = 12;

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
    theme: 'auto',
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

/**
 * @param {string} search location.search
 * @param {object} catalog the engine's catalog
 * @param {(functionId: string, params: object) => string | null} checkParams the C++ core's
 *   verdict on a parameter set: null when valid, else its message
 * @returns {{view: object, problems: string[]}}
 */
export function readUrlState(search, catalog, checkParams) {
  const view = defaultView(catalog);
  const problems = [];
  const query = new URLSearchParams(search);
  const entries = [...query];
  if (entries.length === 0) return { view, problems };
  const seen = namedRepeats(query, problems);
  const asked = readView(query.get('view'));
  if (asked.name === 'explorer' && asked.problem) problems.push(asked.problem);
  const get = (key) => query.get(key);
  const known = new Set(GLOBAL_KEYS);
  const seriesCount = seriesInUrl(get);
  if (seriesCount > 0) view.series = [];
  for (let k = 1; k <= seriesCount; k += 1) {
    const suffix = k === 1 ? '' : String(k);
    known.add(`fn${suffix}`);
    known.add(`show${suffix}`);
    const id = get(`fn${suffix}`);
    const spec = catalog.functions.find((f) => f.id === id);
    for (const p of spec?.parameters ?? catalog.functions.flatMap((f) => f.parameters)) known.add(`${p.id}${suffix}`);
    if (!spec) {
      problems.push(`fn${suffix}: "${shownText(id)}" is not a function here; see the menu for the ${catalog.functions.length} there are.`);
      if (k === 1) view.series.push(seriesOf(catalog, 'leaky_relu'));
      continue;
    }
    const series = seriesOf(catalog, spec.id);
    readParameters(get, spec, suffix, series.params, checkParams, problems);
    const show = get(`show${suffix}`);
    if (show !== null) {
      const curves = show.split(',').filter(Boolean);
      const unknown = curves.filter((c) => !CURVES.includes(c));
      if (unknown.length > 0 || curves.length === 0) {
        problems.push(`show${suffix}: "${shownText(show)}" should list some of f, df, d2f, separated by commas.`);
      } else {
        series.show = Object.fromEntries(CURVES.map((c) => [c, curves.includes(c)]));
      }
    }
    view.series.push(series);
  }
  if (seriesCount === 0) {
    // No fn in the link: the default functions, whose parameters the link may still set
    // (?alpha=0.3 is the Leaky ReLU on screen, as the slider writes it).
    view.series.forEach((series, index) => {
      const suffix = index === 0 ? '' : String(index + 1);
      const spec = catalog.functions.find((f) => f.id === series.functionId);
      for (const p of spec.parameters) known.add(`${p.id}${suffix}`);
      readParameters(get, spec, suffix, series.params, checkParams, problems);
    });
  }
  if (view.series.length === 0) view.series = defaultView(catalog).series;
  readGlobals(get, catalog, view, problems);
  for (const key of seen) {
    if (known.has(key)) continue;
    const { name, digits } = splitSeriesSuffix(key);
    const series = view.series[digits ? Number(digits) - 1 : 0];
    const owner = series && catalog.functions.find((f) => f.id === series.functionId);
    if (owner && catalog.functions.some((f) => f.parameters.some((p) => p.id === name))) {
      problems.push(`"${shownText(key)}": ${owner.name} has no parameter "${shownText(name)}"; it is ignored.`);
    } else {
      problems.push(`"${shownText(key)}" is not a setting here and is ignored.`);
    }
  }
  if (problems.length > MAX_PROBLEMS) {
    const more = problems.length - (MAX_PROBLEMS - 1);
    problems.splice(MAX_PROBLEMS - 1, Infinity, `…and ${more.toLocaleString('en')} more problems; their settings are ignored.`);
  }
  return { view, problems };
}

/**
 * Names, in `problems`, each key the query gives more than once (the first value is the one
 * read, as URLSearchParams.get reads it). The explorer's and the lab's readers both call it.
 * @returns {Set<string>} the query's keys, in order
 */
export function namedRepeats(query, problems) {
  const seen = new Set();
  const named = new Set();
  for (const key of query.keys()) {
    if (seen.has(key) && !named.has(key)) {
      named.add(key);
      problems.push(`"${shownText(key)}" is given more than once; the first value is used.`);
    }
    seen.add(key);
  }
  return seen;
}

/**
 * The view a `view` value asks for: "lab" (any case) is the lab, no value the explorer; any
 * other value is named and the explorer shown.
 * @returns {{name: 'lab' | 'explorer', problem: string | null}}
 */
export function readView(value) {
  if (value === null || value === 'lab') return { name: value === 'lab' ? 'lab' : 'explorer', problem: null };
  if (value.trim().toLowerCase() === 'lab') return { name: 'lab', problem: `view: "${shownText(value)}" is read as lab.` };
  return { name: 'explorer', problem: `view: "${shownText(value)}" is not a view here: lab (the dead-neuron lab), or none for the explorer, which is shown.` };
}

/**
 * Reads a function's parameters from the query (`alpha`, or `alpha2` with suffix "2") into
 * `params`, each checked by the C++ core together with the others; a value that cannot be
 * used is named in `problems` and the one in `params` kept. The explorer's series and the
 * lab's two sides read theirs this way.
 */
export function readParameters(get, spec, suffix, params, checkParams, problems) {
  for (const p of spec.parameters) {
    const text = get(`${p.id}${suffix}`);
    if (text === null) continue;
    const parsed = parseNumberText(text, `${p.id}${suffix}`);
    if (!parsed.ok) { problems.push(parsed.message); continue; }
    const verdict = checkParams(spec.id, { ...params, [p.id]: parsed.value });
    if (verdict) problems.push(`${p.id}${suffix}: ${verdict}`); else params[p.id] = parsed.value;
  }
}

// "alpha12" → { name: "alpha", digits: "12" }. A scan from the end, linear in the key's length:
// a lazy regular expression here took time quadratic in it, and a crafted key blocked the page.
export function splitSeriesSuffix(key) {
  let end = key.length;
  while (end > 0 && key.charCodeAt(end - 1) >= 48 && key.charCodeAt(end - 1) <= 57) end -= 1;
  return { name: key.slice(0, end), digits: key.slice(end) };
}

// How many series the URL describes: fn, fn2, ... counted up to the first missing one.
function seriesInUrl(get) {
  let count = 0;
  while (count < MAX_SERIES && get(count === 0 ? 'fn' : `fn${count + 1}`) !== null) count += 1;
  return count;
}

function readGlobals(get, catalog, view, problems) {
  for (const key of ['from', 'to']) {
    const text = get(key);
    if (text === null) continue;
    const parsed = parseNumberText(text, key);
    if (parsed.ok) view[key] = parsed.value; else problems.push(parsed.message);
  }
  const n = get('n');
  if (n !== null) {
    const parsed = parseNumberText(n, 'n');
    const { minSamples, maxSamples } = catalog.limits;
    if (!parsed.ok) problems.push(parsed.message);
    else if (!Number.isInteger(parsed.value) || parsed.value < minSamples || parsed.value > maxSamples) {
      problems.push(`n: the number of samples must be a whole number from ${minSamples} to ${maxSamples}, got ${shownText(n)}.`);
    } else view.n = parsed.value;
  }
  if (!(view.from < view.to)) {
    problems.push(`from=${view.from} and to=${view.to}: the x-range needs from < to; the default range is used.`);
    view.from = -10;
    view.to = 10;
  }
  const atKink = get('at_kink');
  if (atKink !== null) {
    if (catalog.conventions.some((c) => c.id === atKink)) view.atKink = atKink;
    else problems.push(`at_kink: "${shownText(atKink)}" should be one of ${catalog.conventions.map((c) => c.id).join(', ')}.`);
  }
  const dtype = get('dtype');
  if (dtype !== null) {
    if (catalog.dtypes.some((d) => d.id === dtype)) view.dtype = dtype;
    else problems.push(`dtype: "${shownText(dtype)}" should be one of ${catalog.dtypes.map((d) => d.id).join(', ')}.`);
  }
  const theme = get('theme');
  if (theme !== null) {
    if (THEME_NAMES.includes(theme)) view.theme = theme;
    else problems.push(`theme: "${shownText(theme)}" should be one of ${THEME_NAMES.join(', ')}.`);
  }
  const embed = get('embed');
  if (embed !== null) {
    if (embed === '1' || embed === '0') view.embed = embed === '1';
    else problems.push(`embed: "${shownText(embed)}" should be 1 (plot and chosen controls only) or 0.`);
  }
  const controls = get('controls');
  if (controls !== null) {
    const names = controls.split(',').map((c) => c.trim()).filter(Boolean);
    const parameterIds = new Set(catalog.functions.flatMap((f) => f.parameters.map((p) => p.id)));
    const unknown = names.filter((c) => !CONTROL_GROUPS.includes(c) && !parameterIds.has(c));
    if (unknown.length > 0) problems.push(`controls: ${unknown.slice(0, 5).map((c) => `"${shownText(c)}"`).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} is not a control here; use parameter names (such as alpha) or ${CONTROL_GROUPS.join(', ')}.`);
    view.controls = names.filter((c) => !unknown.includes(c));
  }
  const depth = get('depth');
  if (depth !== null) {
    const layers = Number(depth);
    if (/^\d+$/.test(depth) && layers >= 0 && layers <= 50) view.depth = { on: layers > 0, layers: layers || view.depth.layers };
    else problems.push(`depth: the number of layers must be a whole number from 0 (off) to 50, got "${shownText(depth)}".`);
  }
}

/** The query string (without "?") that reproduces `view`. */
export function writeUrlState(view) {
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
  if (view.theme && view.theme !== 'auto') query.set('theme', view.theme);
  if (view.embed) {
    query.set('embed', '1');
    if (view.controls.length > 0) query.set('controls', view.controls.join(','));
  }
  return query.toString();
}

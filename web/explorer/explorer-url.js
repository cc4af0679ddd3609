// The explorer's URL keys, both ways, so a copied link reproduces what its author saw.
//   ?fn=leaky_relu&alpha=0.2&fn2=relu&from=-5&to=5&n=401&at_kink=jax&dtype=bfloat16&depth=10
// Series 1 takes plain names (fn, alpha, show); series k > 1 adds k (fn2, alpha2, show2).
// Parameter names are the catalog's ids. The reader's own formula: fn=expr, its text in expr and
// its parameters by their names (?fn=expr&expr=x*sigmoid(b*x)&b=1.702). Each key is read through the URL layer
// (web/views/url-layer.js), which names every value it cannot use; the defaults are
// defaultView's, from the catalog.

import { shownText } from '../number-text.js';
import { splitSeriesSuffix, THEME_NAMES, writePageKeys } from '../views/url-layer.js';

export const MAX_SERIES = 6;
const CURVES = ['f', 'df', 'd2f'];
/** The key that holds the reader's formula, and the value of fn that shows it. */
export const FORMULA_KEY = 'expr';
/** The explorer's keys besides each series' fn, show and parameters (fn2, show2, alpha2…). */
/** Whether an explorer query shows a formula: expr=…, or a function key (fn, fn2…) naming it. */
export function queryHasFormula(query) {
  return query.has(FORMULA_KEY) || [...query].some(([key, value]) => /^fn\d*$/.test(key) && value === FORMULA_KEY);
}

export const EXPLORER_KEYS = ['from', 'to', 'n', 'at_kink', 'dtype', 'depth', FORMULA_KEY];
/** Every fixed key a link to the explorer may carry: the router's (url-layer.js ROUTER_KEYS) and the explorer's. */
export const GLOBAL_KEYS = ['view', ...EXPLORER_KEYS, 'theme', 'embed', 'controls'];
// Each series' own keys besides its parameters, suffixed from the second series on (fn2, show2).
const SERIES_KEYS = ['fn', 'show'];

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
    // The reader's formula, when one is registered: { id (its engine id), text }.
    formula: null,
    theme: THEME_NAMES[0],
    embed: false,
    controls: [],
  };
}

export function seriesOf(catalog, functionId) {
  return seriesFor(catalog.functions.find((f) => f.id === functionId));
}

/** A series of the function `spec` at its defaults, f and f′ shown. */
export function seriesFor(spec) {
  return {
    functionId: spec.id,
    params: Object.fromEntries(spec.parameters.map((p) => [p.id, p.default])),
    show: { f: true, df: true, d2f: false },
  };
}

/** The catalog's built-in functions: a formula registered by any explorer says so (its expression). */
export function builtinFunctions(catalog) {
  return catalog.functions.filter((f) => f.expression === undefined);
}

/** What `controls=` may name for the explorer (a formula's parameters too), and how a wrong name is answered. */
export function explorerControls(catalog, formulaSpec = null) {
  const parameters = [...builtinFunctions(catalog), ...(formulaSpec ? [formulaSpec] : [])].flatMap((f) => f.parameters.map((p) => p.id));
  return {
    names: [...CONTROL_GROUPS, ...new Set(parameters)],
    hint: `parameter names (such as alpha) or ${CONTROL_GROUPS.join(', ')}`,
  };
}

/**
 * Why a formula's parameter may not be called `name` on the page, or null: its URL key (a
 * parameter of the first series is set by its name, of the second by name2) would be one the
 * link already uses, or `controls=` would read it as a group of controls.
 */
export function formulaNameClash(name) {
  const { name: base, digits } = splitSeriesSuffix(name);
  const taken = GLOBAL_KEYS.includes(name) || SERIES_KEYS.includes(name) || (digits !== '' && SERIES_KEYS.includes(base));
  if (taken) return `"${name}" cannot name a parameter here: the page's link uses ${name}= for something else; call it ${name}_1, for instance.`;
  if (CONTROL_GROUPS.includes(name)) return `"${name}" cannot name a parameter here: controls=${name} names a group of controls; call it ${name}_1, for instance.`;
  return null;
}

/**
 * A key two parameters of `view` would share in its link, or null: a formula's a2 in the first
 * series and its a in the second both write a2. Only a formula's names can (formulaNameClash
 * keeps them off every other key), and only with the formula in two series.
 * @returns {{key: string, index: number, message: string} | null} index: the later series
 */
export function parameterKeyClash(view) {
  const owners = new Map();
  for (const [index, s] of view.series.entries()) {
    const suffix = index === 0 ? '' : String(index + 1);
    for (const id of Object.keys(s.params)) {
      const key = `${id}${suffix}`;
      const owner = `${id} of function ${index + 1}`;
      if (owners.has(key)) {
        return { key, index, message: `${key}= would set both ${owners.get(key)} and ${owner} in the link; rename a parameter of the formula.` };
      }
      owners.set(key, owner);
    }
  }
  return null;
}

/**
 * The explorer's view from a query being read (url-layer.js queryReader); `page` holds the
 * router's keys (theme, embed, controls).
 * @param {{catalog: object, checkParams: (functionId: string, params: object) => string | null,
 *   formula?: {id: string, set(text: string): object} | null}} context
 *   checkParams: the C++ core's verdict on a parameter set, null when valid; formula: where the
 *   link's formula is registered (formula-slot.js), absent where formulas are not read
 */
export function readExplorerKeys(reader, page, { catalog, checkParams, formula = null }) {
  const view = defaultView(catalog);
  const formulaSpec = readFormula(reader, formula, view);
  const context = { catalog, checkParams, formulaSpec };
  const seriesCount = seriesInUrl(reader.get);
  if (seriesCount > 0 || formulaSpec) view.series = [];
  for (let k = 1; k <= seriesCount; k += 1) {
    const series = readSeries(reader, k === 1 ? '' : String(k), context);
    if (series) view.series.push(series); else if (k === 1) view.series.push(defaultView(catalog).series[0]);
  }
  // A formula and no fn: the formula alone (?expr=relu(x)^2&…).
  if (seriesCount === 0 && formulaSpec) view.series.push(readFormulaSeries(reader, '', context));
  else if (seriesCount === 0) {
    // No fn in the link: the default functions, whose parameters the link may still set
    // (?alpha=0.3 is the Leaky ReLU on screen, as the slider writes it).
    view.series.forEach((series, index) => {
      const spec = catalog.functions.find((f) => f.id === series.functionId);
      reader.params(spec, index === 0 ? '' : String(index + 1), series.params, checkParams);
    });
  }
  // A link that gives one key two meanings shows the function that reads it first.
  for (let clash = parameterKeyClash(view); clash; clash = parameterKeyClash(view)) {
    reader.problem(`${clash.message} Function ${clash.index + 1} is left out.`);
    view.series.splice(clash.index, 1);
  }
  if (view.series.length === 0) view.series = defaultView(catalog).series;
  if (formulaSpec && !view.series.some((s) => s.functionId === view.formula.id)) {
    reader.problem(`${FORMULA_KEY}: "${shownText(view.formula.text)}" is ignored: a formula is drawn only as a function "${FORMULA_KEY}" (fn=${FORMULA_KEY}, fn2=${FORMULA_KEY}, …), and no function is.`);
  }
  readRange(reader, catalog, view);
  view.atKink = reader.oneOf('at_kink', catalog.conventions.map((c) => c.id)) ?? view.atKink;
  view.dtype = reader.oneOf('dtype', catalog.dtypes.map((d) => d.id)) ?? view.dtype;
  readDepth(reader, view);
  Object.assign(view, { theme: page.theme, embed: page.embed, controls: page.controls });
  return view;
}

// The link's formula (expr), registered in `formula`'s slot: its spec, or null when there is
// none or it is refused (named, with its column).
function readFormula(reader, formula, view) {
  if (!formula) return null;
  const text = reader.get(FORMULA_KEY);
  if (text === null) return null;
  const result = formula.set(text);
  if (!result.ok) {
    // A new text (an element's attribute) refused after a good one: the good one stays drawn.
    const kept = formula.text;
    reader.problem(`${FORMULA_KEY}: "${shownText(text)}" cannot be used: ${result.message}${kept === null ? '' : `; the formula stays ${shownText(kept)}.`}`);
    if (kept === null) return null;
    view.formula = { id: formula.id, text: kept };
    return formula.spec;
  }
  view.formula = { id: formula.id, text };
  return result.spec;
}

function readFormulaSeries(reader, suffix, { checkParams, formulaSpec }) {
  const series = seriesFor(formulaSpec);
  reader.params(formulaSpec, suffix, series.params, checkParams);
  readShow(reader, suffix, series);
  return series;
}

// One series (fn2 with alpha2, show2 for suffix "2"), or null when its function is unknown.
function readSeries(reader, suffix, context) {
  const { catalog, checkParams, formulaSpec } = context;
  const id = reader.get(`fn${suffix}`);
  if (id === FORMULA_KEY && formulaSpec) return readFormulaSeries(reader, suffix, context);
  const builtins = builtinFunctions(catalog);
  const spec = builtins.find((f) => f.id === id);
  if (!spec) {
    // Its parameters are not named as unknown: the function is.
    for (const p of builtins.flatMap((f) => f.parameters)) reader.claim(`${p.id}${suffix}`);
    reader.claim(`show${suffix}`);
    // A refused formula is named already (expr); one the link leaves out is named here.
    if (id !== FORMULA_KEY) reader.problem(`fn${suffix}: "${shownText(id)}" is not a function here; see the menu for the ${builtins.length} there are.`);
    else if (reader.get(FORMULA_KEY) === null) reader.problem(`fn${suffix}: "${FORMULA_KEY}" shows the formula given in ${FORMULA_KEY}=, which the link leaves out.`);
    return null;
  }
  const series = seriesFor(spec);
  reader.params(spec, suffix, series.params, checkParams);
  readShow(reader, suffix, series);
  return series;
}

function readShow(reader, suffix, series) {
  const show = reader.get(`show${suffix}`);
  if (show !== null) {
    const curves = show.split(',').filter(Boolean);
    if (curves.length === 0 || curves.some((c) => !CURVES.includes(c))) {
      reader.problem(`show${suffix}: "${shownText(show)}" should list some of f, df, d2f, separated by commas.`);
    } else {
      series.show = Object.fromEntries(CURVES.map((c) => [c, curves.includes(c)]));
    }
  }
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

/**
 * A key the explorer does not read: a parameter of another function is named as such.
 * `catalog` is the engine's as it is now (with the view's formula, if any).
 */
export function unknownExplorerKey(key, view, catalog) {
  const { name, digits } = splitSeriesSuffix(key);
  const series = view.series[digits ? Number(digits) - 1 : 0];
  const owner = series && catalog.functions.find((f) => f.id === series.functionId);
  const known = [...builtinFunctions(catalog), ...catalog.functions.filter((f) => f.id === view.formula?.id)];
  if (owner && known.some((f) => f.parameters.some((p) => p.id === name))) {
    return `"${shownText(key)}": ${owner.name} has no parameter "${shownText(name)}"; it is ignored.`;
  }
  return `"${shownText(key)}" is not a setting here and is ignored.`;
}

/** The explorer's own keys for `view`, in order (the router adds theme, embed and controls). */
export function writeExplorerKeys(view) {
  const query = new URLSearchParams();
  view.series.forEach((s, index) => {
    const suffix = index === 0 ? '' : String(index + 1);
    const isFormula = s.functionId === view.formula?.id;
    query.set(`fn${suffix}`, isFormula ? FORMULA_KEY : s.functionId);
    if (isFormula && !query.has(FORMULA_KEY)) query.set(FORMULA_KEY, view.formula.text);
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

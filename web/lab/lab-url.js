// The lab's URL keys, both ways, named as `actviz train` names its flags:
//   ?view=lab&dataset=circles&hidden=32,32,32&fn=leaky_relu&alpha=0.1&versus=relu&optimizer=adam
//    &lr=0.01&batch=16&seed=3&init=negative_bias&steps=400&speed=4, or ?view=lab&preset=dying_relu&alpha=0.1
// The comparison side's parameters carry a 2 (alpha2). A side typed as a formula is expr (the
// side under study) or expr2, its parameters by their names (b, and b2 on the comparison side):
//   ?view=lab&expr=x*sigmoid(b*x)&b=1.702&expr2=max(0.01*x,x). Every value that cannot be used is
// named and replaced by its default; the lab's tables (datasets, limits, defaults, presets)
// come from the engine.

import { shownText } from '../number-text.js';
import { LAB_KEYS } from './lab-keys.js';
import { queryReader, readPageKeys, ROUTER_KEYS, THEME_NAMES, writePageKeys } from '../views/url-layer.js';
import { checkFormula, FORMULA_IDS, formulaSide, isFormula, PARAM_SUFFIXES, parameterKeys, sideSpec } from './lab-formulas.js';

export { LAB_KEYS };
export const SPEEDS = [1, 2, 4, 8, 16, 32];

// What only the page has: its speed (steps per frame), autoplay and theme. The rest of the
// defaults and every preset come from the engine's tables (cpp/lab/presets.cpp).
const PAGE_DEFAULTS = { speed: 4, play: false, theme: THEME_NAMES[0] };

/** The lab's defaults (Leaky ReLU, α = 0.01, against ReLU on the spiral, as `actviz train`'s), from the tables. */
export function defaultLabSettings(tables) {
  return { ...structuredClone(tables.defaults), ...PAGE_DEFAULTS };
}

/** A preset's settings from the tables (dying_relu, born_dead, …), or null for an unknown id. */
export function presetSettings(tables, id) {
  const preset = tables.presets.find((p) => p.id === id);
  return preset ? { ...structuredClone(preset.settings), ...PAGE_DEFAULTS } : null;
}

/**
 * The preset these settings are (the sides' parameters aside: α may be moved), or null: what a
 * run shows is the preset's own sentence until it has trained.
 */
export function presetOf(settings, tables) {
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  return tables.presets.find(({ settings: p }) => Object.keys(p).every((key) => (key === 'sides'
    ? p.sides.every((side, s) => side.functionId === settings.sides[s]?.functionId)
    : same(p[key], settings[key])))) ?? null;
}

/** The preset that shows ReLU units dying (docs/lab.md gives its numbers); alpha replaces its Leaky ReLU's α when given. */
export function dyingReluPreset(tables, alpha) {
  const settings = presetSettings(tables, 'dying_relu');
  if (alpha !== undefined && settings.sides[0].functionId === 'leaky_relu') settings.sides[0].params.alpha = alpha;
  return settings;
}

// The keys that say how a run is shown or played, not what it trains.
const SHOWING_KEYS = new Set(['view', 'embed', 'theme', 'controls', 'play', 'speed']);

/**
 * The lab's settings from a query being read (web/views/url-layer.js queryReader); `page` holds
 * the router's keys. An embed given no settings (the bare `?view=lab&embed=1`) starts from the
 * preset in which units die (dying_relu), not from the default run, in which nothing happens to see.
 * @param {{tables: object, catalog: object, checkParams: (functionId, params) => string | null,
 *   formulas?: object}} context formulas: lab-formulas.js formulaBook, to read expr and expr2
 */
export function readLabKeys(reader, page, context) {
  const { tables, catalog } = context;
  // preset=dying_relu (or any preset of the tables) starts from the preset; the other keys then change it (alpha=0.3).
  const bare = page.embed && [...reader.keys].every((key) => SHOWING_KEYS.has(key));
  const preset = reader.get('preset') ?? (bare ? 'dying_relu' : null);
  const chosen = preset === null ? null : presetSettings(tables, preset);
  if (preset !== null && !chosen) reader.problem(`preset: "${shownText(preset)}" should be one of ${tables.presets.map((p) => p.id).join(', ')}.`);
  const settings = chosen ?? defaultLabSettings(tables);
  const starting = structuredClone(settings);
  readChoices(reader, tables, catalog, settings);
  readNumbers(reader, tables.limits, settings, starting);
  // play=1 (the explorer's link to the preset) starts training on arrival; it is not written back.
  settings.play = reader.flag('play', 'start training on arrival') ?? settings.play;
  readWidths(reader, tables.limits, settings);
  // The two sides: fn (or the formula expr) with its parameters, versus (or expr2) with its parameters suffixed 2.
  [0, 1].forEach((s) => { settings.sides[s] = readSide(reader, s, settings, context); });
  settings.theme = page.theme;
  return settings;
}

// One side from its keys: a catalog function (fn, versus) or a formula (expr, expr2), which
// wins over the other when both are given; a bad one is named and the side stays as it was.
// Then its parameters, each by its URL key (alpha, alpha2; a formula's by its names: b, b2).
function readSide(reader, s, settings, { catalog, formulas, checkParams }) {
  const key = SIDE_KEYS[s];
  const id = reader.get(key);
  const text = reader.get(FORMULA_IDS[s]);
  let side = settings.sides[s];
  if (id !== null) {
    if (catalog.functions.some((f) => f.id === id)) side = { functionId: id, params: {} };
    else reader.problem(`${key}: "${shownText(id)}" is not a function here.`);
  }
  if (text !== null) {
    const checked = formulas ? checkFormula(formulas, s, text, keysTaken(settings, s, catalog, formulas)) : { ok: false, message: 'formulas are not read here.' };
    if (!checked.ok) reader.problem(`${FORMULA_IDS[s]}: ${checked.message}`);
    else {
      if (id !== null) reader.problem(`${key} and ${FORMULA_IDS[s]} each choose the ${SIDE_NAMES[s]}: the formula is used.`);
      side = formulaSide(s, text, checked.spec);
    }
  }
  const spec = sideSpec(catalog, formulas, side);
  side.params = Object.fromEntries(spec.parameters.map((p) => [p.id, side.params[p.id] ?? p.default]));
  const check = isFormula(side) ? (_, params) => formulas.sideProblem({ ...side, params }) : checkParams;
  reader.params(spec, PARAM_SUFFIXES[s], side.params, check);
  return side;
}

const SIDE_KEYS = ['fn', 'versus'];
const SIDE_NAMES = ['side under study', 'comparison side'];

/**
 * The URL keys a formula on side `s` may not give its parameters: the lab's, the router's and
 * the other side's parameters' (a formula's parameter b is the key b, or b2 on the comparison side).
 */
export function keysTaken(settings, s, catalog, formulas) {
  const other = settings.sides[1 - s];
  return new Set([...LAB_KEYS, ...FORMULA_IDS, ...ROUTER_KEYS, ...(other ? parameterKeys(sideSpec(catalog, formulas, other), 1 - s) : [])]);
}

function readChoices(reader, tables, catalog, settings) {
  settings.dataset = reader.oneOf('dataset', tables.datasets.map((d) => d.id)) ?? settings.dataset;
  settings.optimizer = reader.oneOf('optimizer', tables.optimizers) ?? settings.optimizer;
  settings.init = reader.oneOf('init', tables.inits) ?? settings.init;
  settings.loss = reader.oneOf('loss', tables.losses) ?? settings.loss;
  // Checked with the dataset it trains on (the tables list each dataset's losses): the sine
  // regression refuses cross_entropy, which the engine would only say after the link was read.
  const losses = tables.datasets.find((d) => d.id === settings.dataset).losses;
  if (settings.loss && !losses.includes(settings.loss)) {
    reader.problem(`loss: "${shownText(settings.loss)}" does not suit dataset ${settings.dataset}, which trains with ${losses.join(' or ')}; its default (${losses[0]}) is used.`);
    settings.loss = null;
  }
  settings.atKink = reader.oneOf('at_kink', catalog.conventions.map((c) => c.id)) ?? settings.atKink;
}

function readNumbers(reader, limits, settings, starting) {
  settings.samples = reader.number('samples', { min: limits.minSamples, max: limits.maxSamples, whole: true }) ?? settings.samples;
  settings.noise = reader.number('noise', { min: 0, max: limits.maxNoise }) ?? settings.noise;
  settings.lr = reader.number('lr', { min: 0, max: limits.maxLr, exclusiveMin: true }) ?? settings.lr;
  // Above 0 but too small to move a float32 weight: named, as the engine would refuse it.
  if (settings.lr < limits.minLr) {
    reader.problem(`lr: at least ${limits.minLr} (smaller steps are lost to float32 rounding), got ${shownText(reader.get('lr'))}.`);
    settings.lr = starting.lr;
  }
  // Unset, the batch is the default capped at the sample count, as the core caps it: a
  // default is never refused (samples=20 with the default 32).
  settings.batch = reader.number('batch', { min: 1, max: settings.samples, whole: true }) ?? Math.min(settings.batch, settings.samples);
  settings.seed = reader.number('seed', { min: 0, max: limits.maxSeed, whole: true }) ?? settings.seed;
  settings.steps = reader.number('steps', { min: 1, max: limits.maxSteps, whole: true }) ?? settings.steps;
  settings.speed = reader.number('speed', { min: 1, max: SPEEDS.at(-1), whole: true }) ?? settings.speed;
}

function readWidths(reader, limits, settings) {
  const hidden = reader.get('hidden');
  if (hidden === null) return;
  const widths = hidden.split(',').map((w) => Number(w));
  const ok = widths.length >= 1 && widths.length <= limits.maxLayers && hidden.split(',').every((w) => /^\d+$/.test(w.trim()))
    && widths.every((w) => w >= limits.minWidth && w <= limits.maxWidth);
  if (ok) settings.hidden = widths;
  else reader.problem(`hidden: "${shownText(hidden)}" should be 1 to ${limits.maxLayers} widths from ${limits.minWidth} to ${limits.maxWidth}, separated by commas (such as 16,16).`);
}

/** A key the lab does not read. */
export const unknownLabKey = (key) => `"${shownText(key)}" is not a setting of the lab and is ignored.`;

/**
 * The lab alone as a query reads it (for pages and tests that import it; the hosts read through
 * the registry). `view` in another case is read as the lab, and said so.
 * @param {string} search location.search
 * @returns {{settings: object, problems: string[]}}
 */
export function readLabState(search, context) {
  const reader = queryReader(search);
  const view = reader.get('view');
  if (view !== null && view !== 'lab') {
    reader.problem(view.trim().toLowerCase() === 'lab' ? `view: "${shownText(view)}" is read as lab.` : `view: "${shownText(view)}" is not the lab's name (lab).`);
  }
  const settings = readLabKeys(reader, readPageKeys(reader), context);
  return { settings, problems: reader.finish(unknownLabKey) };
}

/**
 * The lab's own keys for its settings, in order (the router adds view, theme and embed). Given
 * the tables, samples, noise and at_kink are left out while they are the defaults.
 */
export function writeLabKeys(settings, tables) {
  const defaults = tables?.defaults ?? {};
  const query = new URLSearchParams();
  const set = (key, value) => query.set(key, String(value));
  set('dataset', settings.dataset);
  set('hidden', settings.hidden.join(','));
  settings.sides.forEach((side, s) => {
    if (isFormula(side)) set(FORMULA_IDS[s], side.expr);
    else set(SIDE_KEYS[s], side.functionId);
    for (const [id, value] of Object.entries(side.params)) set(`${id}${PARAM_SUFFIXES[s]}`, value);
  });
  set('optimizer', settings.optimizer);
  set('lr', settings.lr);
  set('batch', settings.batch);
  set('seed', settings.seed);
  set('init', settings.init);
  if (settings.loss) set('loss', settings.loss);
  if (settings.samples !== defaults.samples) set('samples', settings.samples);
  if (settings.noise !== defaults.noise) set('noise', settings.noise);
  if (settings.atKink !== defaults.atKink) set('at_kink', settings.atKink);
  set('steps', settings.steps);
  set('speed', settings.speed);
  return query;
}

/** The query (without "?") that reproduces the lab's settings, with view=lab first and the theme. */
export function writeLabState(settings, tables) {
  return writePageKeys(writeLabKeys(settings, tables), { view: 'lab', theme: settings.theme }).toString();
}

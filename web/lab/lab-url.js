// The lab's URL keys, both ways, named as `actviz train` names its flags:
//   ?view=lab&dataset=circles&hidden=32,32,32&fn=leaky_relu&alpha=0.1&versus=relu&optimizer=adam
//    &lr=0.01&batch=16&seed=3&init=negative_bias&steps=400&speed=4, or ?view=lab&preset=dying_relu&alpha=0.1
// The comparison side's parameters carry a 2 (alpha2). Every value that cannot be used is
// named and replaced by its default; the lab's tables (datasets, limits, defaults, presets)
// come from the engine.

import { parseNumberText, shownText } from '../number-text.js';
import { namedRepeats, readParameters, readView, THEME_NAMES } from '../url-state.js';

/** The keys the lab owns; the router reads the rest (view, theme, embed, controls). */
export const LAB_KEYS = ['dataset', 'samples', 'noise', 'hidden', 'fn', 'versus', 'at_kink', 'optimizer', 'lr', 'batch', 'seed', 'init',
  'loss', 'steps', 'speed', 'play', 'preset'];
const SHARED_KEYS = ['view', 'theme', 'embed', 'controls'];
export const SPEEDS = [1, 2, 4, 8, 16, 32];

// What only the page has: its speed (steps per frame), autoplay and theme. The rest of the
// defaults and every preset come from the engine's tables (cpp/lab/presets.cpp).
const PAGE_DEFAULTS = { speed: 4, play: false, theme: 'auto' };

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

/**
 * @param {string} search location.search
 * @param {{tables: object, catalog: object, checkParams: (functionId, params) => string | null}} context
 * @returns {{settings: object, problems: string[]}}
 */
export function readLabState(search, { tables, catalog, checkParams }) {
  const problems = [];
  const query = new URLSearchParams(search);
  const get = (key) => query.get(key);
  const keys = namedRepeats(query, problems);
  const asked = readView(get('view'));
  if (asked.problem) problems.push(asked.problem);
  // preset=dying_relu (or any preset of the tables) starts from the preset; the other keys then change it (alpha=0.3).
  const preset = get('preset');
  const chosen = preset === null ? null : presetSettings(tables, preset);
  if (preset !== null && !chosen) problems.push(`preset: "${shownText(preset)}" should be one of ${tables.presets.map((p) => p.id).join(', ')}.`);
  const settings = chosen ?? defaultLabSettings(tables);
  const known = new Set([...LAB_KEYS, ...SHARED_KEYS]);
  const pick = (key, ids, target) => {
    const value = get(key);
    if (value === null) return;
    if (ids.includes(value)) settings[target] = value;
    else problems.push(`${key}: "${shownText(value)}" should be one of ${ids.join(', ')}.`);
  };
  pick('dataset', tables.datasets.map((d) => d.id), 'dataset');
  pick('optimizer', tables.optimizers, 'optimizer');
  pick('init', tables.inits, 'init');
  pick('loss', tables.losses, 'loss');
  // Checked with the dataset it trains on (the tables list each dataset's losses): the sine
  // regression refuses cross_entropy, which the engine would only say after the link was read.
  const losses = tables.datasets.find((d) => d.id === settings.dataset).losses;
  if (settings.loss && !losses.includes(settings.loss)) {
    problems.push(`loss: "${shownText(settings.loss)}" does not suit dataset ${settings.dataset}, which trains with ${losses.join(' or ')}; its default (${losses[0]}) is used.`);
    settings.loss = null;
  }
  pick('at_kink', catalog.conventions.map((c) => c.id), 'atKink');
  pick('theme', THEME_NAMES, 'theme');
  const number = (key, { min, max, whole = false, exclusiveMin = false }) => {
    const text = get(key);
    if (text === null) return undefined;
    const parsed = parseNumberText(text, key);
    if (!parsed.ok) { problems.push(parsed.message); return undefined; }
    const v = parsed.value;
    if ((whole && !Number.isInteger(v)) || v > max || (exclusiveMin ? v <= min : v < min)) {
      problems.push(`${key}: ${whole ? 'a whole number' : 'a number'} ${exclusiveMin ? 'above' : 'from'} ${min} ${exclusiveMin ? 'and at most' : 'to'} ${max}, got ${shownText(text)}.`);
      return undefined;
    }
    return v;
  };
  const { limits } = tables;
  settings.samples = number('samples', { min: limits.minSamples, max: limits.maxSamples, whole: true }) ?? settings.samples;
  settings.noise = number('noise', { min: 0, max: limits.maxNoise }) ?? settings.noise;
  settings.lr = number('lr', { min: 0, max: limits.maxLr, exclusiveMin: true }) ?? settings.lr;
  // Above 0 but too small to move a float32 weight: named, as the engine would refuse it.
  if (settings.lr < limits.minLr) {
    problems.push(`lr: at least ${limits.minLr} (smaller steps are lost to float32 rounding), got ${shownText(get('lr'))}.`);
    settings.lr = (chosen ?? defaultLabSettings(tables)).lr;
  }
  // Unset, the batch is the default capped at the sample count, as the core caps it: a
  // default is never refused (samples=20 with the default 32).
  settings.batch = number('batch', { min: 1, max: settings.samples, whole: true }) ?? Math.min(settings.batch, settings.samples);
  settings.seed = number('seed', { min: 0, max: limits.maxSeed, whole: true }) ?? settings.seed;
  settings.steps = number('steps', { min: 1, max: limits.maxSteps, whole: true }) ?? settings.steps;
  const speed = number('speed', { min: 1, max: SPEEDS.at(-1), whole: true });
  if (speed !== undefined) settings.speed = speed;
  // play=1 (the explorer's link to the preset) starts training on arrival; it is not written back.
  const play = get('play');
  if (play !== null) {
    if (play === '1' || play === '0') settings.play = play === '1';
    else problems.push(`play: "${shownText(play)}" should be 1 (start training on arrival) or 0.`);
  }
  const hidden = get('hidden');
  if (hidden !== null) {
    const widths = hidden.split(',').map((w) => Number(w));
    const ok = widths.length >= 1 && widths.length <= limits.maxLayers && hidden.split(',').every((w) => /^\d+$/.test(w.trim()))
      && widths.every((w) => w >= limits.minWidth && w <= limits.maxWidth);
    if (ok) settings.hidden = widths;
    else problems.push(`hidden: "${shownText(hidden)}" should be 1 to ${limits.maxLayers} widths from ${limits.minWidth} to ${limits.maxWidth}, separated by commas (such as 16,16).`);
  }
  // The two sides: fn with its parameters, versus with its parameters suffixed 2.
  [['fn', ''], ['versus', '2']].forEach(([key, suffix], s) => {
    const id = get(key);
    let side = settings.sides[s];
    if (id !== null) {
      const spec = catalog.functions.find((f) => f.id === id);
      if (spec) side = { functionId: id, params: {} };
      else problems.push(`${key}: "${shownText(id)}" is not a function here.`);
    }
    const spec = catalog.functions.find((f) => f.id === side.functionId);
    side.params = Object.fromEntries(spec.parameters.map((p) => [p.id, side.params[p.id] ?? p.default]));
    for (const p of spec.parameters) known.add(`${p.id}${suffix}`);
    readParameters(get, spec, suffix, side.params, checkParams, problems);
    settings.sides[s] = side;
  });
  for (const key of keys) {
    if (!known.has(key)) problems.push(`"${shownText(key)}" is not a setting of the lab and is ignored.`);
  }
  if (problems.length > 12) problems.splice(11, Infinity, `…and ${problems.length - 11} more problems; their settings are ignored.`);
  return { settings, problems };
}

/**
 * The query (without "?") that reproduces the lab's settings, with view=lab first. Given the
 * tables, samples, noise and at_kink are left out while they are the defaults.
 */
export function writeLabState(settings, tables) {
  const defaults = tables?.defaults ?? {};
  const query = new URLSearchParams({ view: 'lab' });
  const set = (key, value) => query.set(key, String(value));
  set('dataset', settings.dataset);
  set('hidden', settings.hidden.join(','));
  settings.sides.forEach((side, s) => {
    set(s === 0 ? 'fn' : 'versus', side.functionId);
    for (const [id, value] of Object.entries(side.params)) set(`${id}${s === 0 ? '' : '2'}`, value);
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
  if (settings.theme && settings.theme !== 'auto') set('theme', settings.theme);
  return query.toString();
}

// The lab's settings as pure data (no DOM, tested in Node): what a control's draft, a preset
// press or settings from elsewhere (back/forward, an element's attributes) do to them. A draft
// is what one control says, as typed; checked against the tables, it becomes the new settings,
// or the settings as they were with a problem named for that control. The state also says what
// the run does about it (its effect), so the view never decides that from the DOM.

import { catalogCallText, checkFormula, FORMULA_IDS, formulaSide, isFormula, sideSpec } from './lab-formulas.js';
import { keysTaken, presetSettings, SPEEDS } from './lab-url.js';

/** What the form calls each setting; problems name it so. */
export const LABELS = {
  function: 'Function', formula: 'Formula', dataset: 'Dataset', layers: 'Hidden layers', hidden: 'Units per layer', init: 'Initialisation',
  seed: 'Seed', optimizer: 'Optimiser', lr: 'Learning rate', batch: 'Batch size', steps: 'Stop after steps',
  atKink: 'f′ at a kink', speed: 'Speed',
};

/** The preset the lab's button sets up (the one in which ReLU units die). */
export const BUTTON_PRESET = 'dying_relu';

/**
 * What a change does to the run: 'run' starts it again from the same seed (a change of setup,
 * so the sides stay comparable), 'speed' plays on at the new pace, 'record' only tells the page
 * (the URL follows), null nothing (the draft was refused).
 * @typedef {'run' | 'speed' | 'record' | null} Effect
 */

/**
 * @param {object} settings as lab-url.js reads them
 * @returns {{settings: object, problems: Record<string, string>}} problems by the key of the
 *   control whose draft was refused (the control shows it until its next draft)
 */
export function labState(settings) {
  return { settings: structuredClone(settings), problems: {} };
}

/** Settings from elsewhere (back/forward, an element's attributes) over the current ones; no problems left. */
export function replaceSettings(state, next) {
  return { settings: { ...state.settings, ...structuredClone(next) }, problems: {} };
}

/**
 * A preset's settings from the tables over the current ones; the theme and speed (how the run is
 * shown, not what it trains) stay. The form is drawn anew, so no problem is left.
 * @returns {{state: object, effect: Effect}}
 */
export function pressPreset(state, tables, id = BUTTON_PRESET) {
  const preset = presetSettings(tables, id);
  if (!preset) return refused(state, 'preset', `Preset "${id}" should be one of ${tables.presets.map((p) => p.id).join(', ')}.`);
  const settings = { ...state.settings, ...preset, theme: state.settings.theme, speed: state.settings.speed };
  return { state: { settings, problems: {} }, effect: 'run' };
}

/** The functions a side's menu offers: those the core can train, and the side's own (a step the link chose). */
export function functionChoices(catalog, side) {
  return catalog.functions.filter((f) => f.trainable || f.id === side.functionId);
}

/** The widths as the form shows them: one number when every layer has it ("16"), else one per layer ("16,64,2"). */
export function widthsText(hidden) {
  return hidden.every((w) => w === hidden[0]) ? String(hidden[0]) : hidden.join(',');
}

/**
 * A control's draft checked against the tables:
 *   { key: 'seed' | 'steps' | 'layers' | 'hidden' | 'batch' | 'speed', value: text as typed or chosen }
 *   { key: 'dataset' | 'init' | 'optimizer' | 'atKink', value: id }, { key: 'lr', value: number }
 *   { key: 'function', side: 0 | 1, value: id (or 'expr' / 'expr2': the side's own formula) },
 *   { key: 'expr' | 'expr2', value: the formula of side 0 or 1 as typed }, { key: 'param', side, param: id, value: number }
 * @param {{catalog: object, tables: object, formulas?: object}} context formulas: lab-formulas.js formulaBook
 * @returns {{state: object, effect: Effect}} the new state, or the state as it was with
 *   problems[key] saying what was wrong (a valid draft clears its key's problem)
 */
export function applyDraft(state, draft, { catalog, tables, formulas }) {
  const read = DRAFTS[draft.key];
  if (!read) return refused(state, draft.key, `"${String(draft.key)}" is not a setting of the lab.`);
  const result = read(state.settings, draft, { catalog, tables, formulas });
  if (typeof result === 'string') return refused(state, draft.key, result);
  if (result.effect === null) return { state, effect: null };
  // Another function draws the form anew: no typed text is left to name.
  const problems = result.formAnew ? {} : { ...state.problems };
  delete problems[draft.key];
  return { state: { settings: { ...state.settings, ...result.settings }, problems }, effect: result.effect };
}

function refused(state, key, message) {
  return { state: { settings: state.settings, problems: { ...state.problems, [key]: message } }, effect: null };
}

// A number typed in a field: the text as a whole, inside [min, max].
function numberIn(text, { min, max, whole = false }) {
  const trimmed = String(text).trim();
  const v = Number(trimmed);
  return trimmed !== '' && Number.isFinite(v) && v >= min && v <= max && (!whole || Number.isInteger(v)) ? v : null;
}
const rangeProblem = (key, { min, max, whole = false }) => `${LABELS[key]}: ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}.`;

// A bounded number's draft: its key set, or the range named.
const bounded = (key, rule, effect = 'run') => (settings, { value }, context) => {
  const range = rule(settings, context.tables.limits);
  const v = numberIn(value, range);
  return v === null ? rangeProblem(key, range) : { settings: { [key]: v }, effect };
};

// One id out of a list the tables give.
const oneOf = (key, idsOf, extra = () => ({})) => (settings, { value }, context) => {
  const ids = idsOf(context);
  if (!ids.includes(value)) return `${LABELS[key]}: "${String(value)}" should be one of ${ids.join(', ')}.`;
  return { settings: { [key]: value, ...extra() }, effect: 'run' };
};

// The layers' count: added layers take the last one's width.
function layersDraft(settings, { value }, { tables }) {
  const range = { min: 1, max: tables.limits.maxLayers, whole: true };
  const count = numberIn(value, range);
  if (count === null) return rangeProblem('layers', range);
  return { settings: { hidden: Array.from({ length: count }, (_, l) => settings.hidden[l] ?? settings.hidden.at(-1)) }, effect: 'run' };
}

// The widths: one for every layer ("16") or one per layer ("16,64,2").
function widthsDraft(settings, { value }, { tables }) {
  const { maxLayers, minWidth, maxWidth } = tables.limits;
  const parts = String(value).split(',').map((w) => w.trim());
  const widths = parts.map(Number);
  const ok = parts.every((w) => /^\d+$/.test(w)) && widths.length <= maxLayers && widths.every((w) => w >= minWidth && w <= maxWidth);
  if (!ok) return `${LABELS.hidden}: whole numbers from ${minWidth} to ${maxWidth}, one for every layer or one per layer (at most ${maxLayers}), such as 16 or 16,64,2.`;
  return { settings: { hidden: widths.length === 1 ? settings.hidden.map(() => widths[0]) : widths }, effect: 'run' };
}

// A side's function: its parameters start at the catalog's defaults. "Your own formula…" (the
// side's formula id) starts from the function it replaces written as a formula that calls it
// (leaky_relu(x, 0.01)), which trains exactly as it did, ready to edit.
function functionDraft(settings, { side, value }, { catalog, formulas }) {
  const current = settings.sides[side];
  if (!current) return `${LABELS.function}: side ${String(side)} should be 0 or 1.`;
  if (value === FORMULA_IDS[side]) {
    if (isFormula(current)) return { settings: {}, effect: null };
    const text = catalogCallText(sideSpec(catalog, formulas, current), current.params);
    return formulaDraft(side)(settings, { value: text }, { catalog, formulas });
  }
  const spec = functionChoices(catalog, current).find((f) => f.id === value);
  if (!spec) return `${LABELS.function}: "${String(value)}" is not a function the lab can train.`;
  const sides = settings.sides.map((s, i) => (i === side ? { functionId: spec.id, params: Object.fromEntries(spec.parameters.map((p) => [p.id, p.default])) } : s));
  return { settings: { sides }, effect: 'run', formAnew: true };
}

// A side's formula as typed: checked by the module (its message names the column) and for its
// parameters' URL keys; the parameters it keeps keep their values. Refused, the run goes on.
const formulaDraft = (side) => (settings, { value }, { catalog, formulas }) => {
  if (!formulas) return `${LABELS.formula}: formulas cannot be read here.`;
  const text = String(value).trim();
  if (text === '') return `${LABELS.formula}: type a formula in x, such as x * sigmoid(x).`;
  const checked = checkFormula(formulas, side, text, keysTaken(settings, side, catalog, formulas));
  if (!checked.ok) return `${LABELS.formula}: ${checked.message}`;
  const current = settings.sides[side];
  const next = formulaSide(side, text, checked.spec, isFormula(current) ? current.params : {});
  const problem = formulas.sideProblem(next);
  if (problem) return `${LABELS.formula}: ${problem}`;
  const sides = settings.sides.map((s, i) => (i === side ? next : s));
  // Other parameters are other fields: the form is drawn anew when they change.
  const sameParameters = isFormula(current) && Object.keys(current.params).join() === Object.keys(next.params).join();
  return { settings: { sides }, effect: 'run', formAnew: !sameParameters };
};

// A side's parameter as its control parsed it. A catalog function's range is the engine's to
// check (it names the parameter in the status line, as it does for a link); a formula's is checked
// here by the module (its catalog calls' parameters too), so a refused value keeps the run going.
function paramDraft(settings, { side, param, value }, { catalog, formulas }) {
  const current = settings.sides[side];
  const spec = current && sideSpec(catalog, formulas, current);
  if (!spec?.parameters.some((p) => p.id === param)) return `"${String(param)}" is not a parameter of side ${String(side)}'s function.`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${String(param)}: a number, got ${String(value)}.`;
  const next = { ...current, params: { ...current.params, [param]: value } };
  const problem = isFormula(current) ? formulas.sideProblem(next) : null;
  if (problem) return `${String(param)}: ${problem}`;
  const sides = settings.sides.map((s, i) => (i === side ? next : s));
  return { settings: { sides }, effect: 'run' };
}

// Each draft's reading, by the key of the control it comes from.
const DRAFTS = {
  function: functionDraft,
  [FORMULA_IDS[0]]: formulaDraft(0),
  [FORMULA_IDS[1]]: formulaDraft(1),
  param: paramDraft,
  // A new dataset trains with its own default loss.
  dataset: oneOf('dataset', ({ tables }) => tables.datasets.map((d) => d.id), () => ({ loss: null })),
  layers: layersDraft,
  hidden: widthsDraft,
  init: oneOf('init', ({ tables }) => tables.inits),
  seed: bounded('seed', (_, limits) => ({ min: 0, max: limits.maxSeed, whole: true })),
  optimizer: oneOf('optimizer', ({ tables }) => tables.optimizers),
  lr: bounded('lr', (_, limits) => ({ min: limits.minLr, max: limits.maxLr })),
  batch: bounded('batch', (settings) => ({ min: 1, max: settings.samples, whole: true })),
  atKink: oneOf('atKink', ({ catalog }) => catalog.conventions.map((c) => c.id)),
  // Steps only move where the run stops: it goes on from where it is.
  steps: bounded('steps', (_, limits) => ({ min: 1, max: limits.maxSteps, whole: true }), 'record'),
  speed: bounded('speed', () => ({ min: 1, max: SPEEDS.at(-1), whole: true }), 'speed'),
};

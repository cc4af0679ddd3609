// The explorer's state, pure: no DOM, no timers. A draft view, as the controls or the URL layer
// hand it over, becomes the view to draw, a corrected view whose problems name the keys that
// were replaced, or a refusal whose message stays until the reader fixes what they typed.
// The engine's verdict on a range comes in as a function (sampling.js rangeChecker), as
// url-state.js takes the core's verdict on parameters.

import { formatNumber } from '../plot-model.js';

/** The range keys, as the URL names them (url-state.js: from, to, n). */
const RANGE_KEYS = ['from', 'to', 'n'];

/** What the engine samples on: the draft's grid, convention and dtype, without its series. */
export function gridOf(draft) {
  return { from: draft.from, to: draft.to, n: draft.n, atKink: draft.atKink, dtype: draft.dtype };
}

/**
 * The view to draw for `draft`.
 * - Fields that do not parse (`fieldErrors`) refuse the draft with their messages.
 * - A range the engine refuses (`checkRange(grid)` → message) that is being typed (`typed`)
 *   refuses the draft with the engine's message: the last good plot stays until it is fixed.
 * - Otherwise such a range (from a URL, attributes, back/forward) is corrected to `lastGood`
 *   (the last range that plotted), or to `fallback` (the default one), and the problem names
 *   each key replaced and what is shown instead.
 * @param {object} draft {from, to, n, atKink, dtype, ...}
 * @param {{checkRange: (grid: object) => string | null, typed?: boolean, fieldErrors?: string[],
 *   lastGood?: {from, to, n} | null, fallback: {from, to, n}}} context
 * @returns {{ok: true, view: object, correction: {from, to, n} | null, problems: {keys: string[], message: string}[]}
 *   | {ok: false, message: string}}
 */
export function viewToDraw(draft, { checkRange, typed = false, fieldErrors = [], lastGood = null, fallback }) {
  if (fieldErrors.length > 0) return { ok: false, message: fieldErrors.join(' ') };
  const view = gridOf(draft);
  const refused = checkRange(view);
  if (refused === null) return { ok: true, view, correction: null, problems: [] };
  if (typed) return { ok: false, message: refused };
  return correctedRange(view, refused, { checkRange, lastGood, fallback });
}

// The first of the last good range and the fallback that the engine takes, as a correction.
function correctedRange(view, reason, { checkRange, lastGood, fallback }) {
  for (const good of [lastGood, fallback]) {
    if (!good) continue;
    const corrected = { ...view, from: good.from, to: good.to, n: good.n };
    if (checkRange(corrected) !== null) continue;
    const keys = RANGE_KEYS.filter((key) => !Object.is(view[key], corrected[key]));
    return {
      ok: true,
      view: corrected,
      correction: { from: good.from, to: good.to, n: good.n },
      problems: [{ keys, message: rangeProblemText(corrected, reason) }],
    };
  }
  return { ok: false, message: reason };
}

// "The x-range is too wide: to − from overflows. The range from -10 to 10 with 201 samples is
// shown instead." The engine's reason already names the values; the keys travel as data.
function rangeProblemText(shown, reason) {
  return `${reason} The range from ${formatNumber(shown.from)} to ${formatNumber(shown.to)} with ${shown.n} samples is shown instead.`;
}

/**
 * A formula series' parameters once its formula is `spec` (a new text): the values of the names
 * that remain are kept, new names start at their defaults, names gone are dropped.
 */
export function formulaParams(spec, previous) {
  return Object.fromEntries(spec.parameters.map((p) => [p.id, Object.hasOwn(previous, p.id) ? previous[p.id] : p.default]));
}

/** A copy of the draft that later edits cannot change (what the URL and onRender receive). */
export function snapshotOf(draft) {
  return { ...draft, series: draft.series.map((s) => ({ ...s, params: { ...s.params }, show: { ...s.show } })) };
}

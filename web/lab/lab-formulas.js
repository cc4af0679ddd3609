// A side of the lab typed as a formula in x (docs/formulas.md): { functionId: 'expr' (the side
// under study) or 'expr2' (the comparison), expr: TEXT, params: { b: 1.702 } }. The C++ parser
// in the lab's own module reads it (LabEngine.describeFormula, on the page's main thread, so a
// link or a draft is checked where it is read); the worker registers it again when a run starts.
// Pure but for the engine it is given, and tested in Node.

import { formulaNameClash } from '../views/formula-names.js';

/** Each side's formula id, which is also its URL key: expr (the side under study) and expr2. */
export const FORMULA_IDS = ['expr', 'expr2'];
/** What each side's parameters carry in the URL: alpha (side under study), alpha2 (comparison). */
export const PARAM_SUFFIXES = ['', '2'];
// The formulas described, by text: the form and the charts ask every frame; a bounded cache.
const CACHED_FORMULAS = 32;

export const isFormula = (side) => typeof side?.expr === 'string';

/**
 * What the lab asks of its module about formulas, with the answers for a text kept (a few
 * dozen at most, so memory does not grow with typing).
 * @param {{describeFormula(text: string): object, sideProblem(side: object): string | null}} engine
 *   the page's lab engine (lab-engine.js)
 */
export function formulaBook(engine) {
  const described = new Map();
  return {
    /** The module's description of a formula: { ok: true, spec } or { ok: false, message } ("column 5: …"). */
    describe(text) {
      const key = String(text);
      if (!described.has(key)) {
        if (described.size >= CACHED_FORMULAS) described.delete(described.keys().next().value);
        described.set(key, engine.describeFormula(key));
      }
      return described.get(key);
    },
    /** Why a side (catalog or formula, with its parameters) cannot train, as the module says, or null. */
    sideProblem: (side) => engine.sideProblem(side),
  };
}

/** A side's function as the form and the charts show it: the catalog's entry, or the formula's. */
export function sideSpec(catalog, formulas, side) {
  if (!isFormula(side)) return catalog.functions.find((f) => f.id === side.functionId);
  const described = formulas?.describe(side.expr);
  return described?.ok ? { ...described.spec, id: side.functionId } : null;
}

/** A formula side: the text, with the values of parameters it keeps from `previous` (others start at their defaults). */
export function formulaSide(s, text, spec, previous = {}) {
  const params = Object.fromEntries(spec.parameters.map((p) => [p.id, typeof previous[p.id] === 'number' ? previous[p.id] : p.default]));
  return { functionId: FORMULA_IDS[s], expr: text, params };
}

/** A catalog function written as a formula that calls it, its parameters in the catalog's order: "leaky_relu(x, 0.01)". */
export function catalogCallText(spec, params) {
  return `${spec.id}(${['x', ...spec.parameters.map((p) => String(params[p.id] ?? p.default))].join(', ')})`;
}

/**
 * A formula's text checked for side `s`: the module parses it, and each parameter's URL key
 * (its name, with a 2 on the comparison side) must not be a key already in use (the lab's own,
 * the router's, or the other side's parameters'), or the link could not say it.
 * @param {{describe(text: string): object}} formulas
 * @param {Set<string>} taken the URL keys in use but the side's own parameters
 * @returns {{ok: true, spec: object} | {ok: false, message: string}} the message names the column
 */
export function checkFormula(formulas, s, text, taken) {
  const described = formulas.describe(text);
  if (!described.ok) return { ok: false, message: described.message };
  for (const p of described.spec.parameters) {
    const key = `${p.id}${PARAM_SUFFIXES[s]}`;
    if (taken.has(key)) return { ok: false, message: `${columnOf(text, p.id)}the parameter "${p.id}" would be the URL key "${key}", which the lab already uses; give it another name.` };
    // A name no view takes (the explorer's keys too), so a tab carries the formula either way.
    const reason = formulaNameClash(p.id);
    if (reason) return { ok: false, message: `${columnOf(text, p.id)}${reason}` };
  }
  return { ok: true, spec: described.spec };
}

// "column 7: " where the name first stands alone in the text (1-based, as the parser counts).
function columnOf(text, name) {
  const at = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].find((m) => m[0] === name);
  return at ? `column ${at.index + 1}: ` : '';
}

/** The URL keys a side's parameters take: its parameter ids, with the side's suffix. */
export function parameterKeys(spec, s) {
  return (spec?.parameters ?? []).map((p) => `${p.id}${PARAM_SUFFIXES[s]}`);
}

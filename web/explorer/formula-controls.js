// The reader's formula in the controls: the one Formula field (formula-field.js) of an explorer,
// shown in the card of the first series that is the formula, and what a new text does. Typing
// only notes the text; `apply()`, called once a frame before the state is drawn, registers it
// (formula-slot.js), so a burst of keystrokes is parsed once. A refused text is a field error
// (the plot keeps the last good formula) until it is fixed.

import { parameterKeyClash } from './explorer-url.js';
import { formulaField } from './formula-field.js';
import { columnOfName } from './formula-slot.js';
import { formulaParams } from './state.js';

/**
 * @param {{formula: object, grammar: object, builtins: object[], draft: object, idPrefix: string,
 *   fieldErrors: Map<string, string>, onText: () => void, onParameters: () => void}} options
 *   formula: the explorer's slot; onText: a text was typed or chosen (a redraw is due);
 *   onParameters: the formula's parameters changed (the formula cards rebuild their sliders)
 * @returns {{id: string, label: string, editor: HTMLElement, loaded(): boolean, load(): Promise<object>, pick(series: object): boolean,
 *   apply(): void, left(): void, show(draft: object): void}}
 */
const parameterIds = (spec) => (spec ? spec.parameters.map((p) => p.id).join(',') : '');

export function formulaControls({ formula, grammar, builtins, draft, idPrefix, fieldErrors, onText, onParameters }) {
  const fieldId = `${idPrefix}formula`;
  let pending = null;
  const field = formulaField({
    idPrefix,
    grammar,
    builtins,
    text: draft.formula?.text ?? grammar.prefill,
    onText: (text) => {
      pending = text;
      onText();
    },
  });
  const inUse = () => draft.series.some((s) => s.functionId === formula.id);

  // The plot and the sliders keep the last good formula (the slot's): the field says which.
  function refuse(result) {
    fieldErrors.set(fieldId, `Formula: ${result.message}`);
    field.showError(result, formula.text);
  }

  // With the formula in two series, a text whose names would share a key in the link (b2 of
  // function 1 and b of function 2) is refused at that name, as the parser refuses its errors.
  function keyClash(spec, text) {
    const series = draft.series.map((s) => (s.functionId === formula.id ? { ...s, params: formulaParams(spec, s.params) } : s));
    const clash = parameterKeyClash({ series });
    if (!clash) return null;
    const column = columnOfName(text, clash.key);
    return { ok: false, column, message: `${column ? `column ${column}: ` : ''}${clash.message}` };
  }

  function accept(result, text) {
    fieldErrors.delete(fieldId);
    field.showError(null);
    draft.formula = { id: formula.id, text };
    for (const s of draft.series) if (s.functionId === formula.id) s.params = formulaParams(result.spec, s.params);
  }

  return {
    id: formula.id,
    label: 'Your own formula…',
    editor: field.element,
    loaded: () => formula.loaded(),
    load: () => formula.load(),
    /** Makes `series` the formula (the prefilled one if none is registered yet); false if it cannot be. */
    pick(series) {
      const text = formula.text ?? field.input.value;
      const result = formula.set(text);
      if (!result.ok) {
        refuse(result);
        return false;
      }
      accept(result, text);
      series.functionId = formula.id;
      series.params = formulaParams(result.spec, {});
      return true;
    },
    /** Registers the text typed since the last frame, if any. */
    apply() {
      if (pending === null) return;
      const text = pending;
      pending = null;
      if (!inUse()) return;
      const before = parameterIds(formula.spec);
      const previous = formula.text;
      const result = formula.set(text);
      const clash = result.ok ? keyClash(result.spec, text) : null;
      if (clash) formula.set(previous);
      if (!result.ok || clash) {
        refuse(clash ?? result);
        return;
      }
      accept(result, text);
      // The sliders are rebuilt only when the names change (typing "2*b" for "b" keeps them).
      if (parameterIds(result.spec) !== before) onParameters();
    },
    /** No series shows the formula any more: its field's error no longer holds the plot back. */
    left() {
      if (inUse()) return;
      pending = null;
      fieldErrors.delete(fieldId);
      field.showError(null);
      if (formula.text !== null) field.setText(formula.text);
    },
    /** The field as a whole new view has it (back/forward, new attributes). */
    show(next) {
      pending = null;
      fieldErrors.delete(fieldId);
      field.showError(null);
      field.setText(next.formula?.text ?? formula.text ?? grammar.prefill);
    },
  };
}

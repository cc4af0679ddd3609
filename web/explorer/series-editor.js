// One card of compare mode: which function, its parameters, and which of f, f′, f″ to draw.
// Built entirely from the catalog the C++ core describes; "Your own formula…" is the reader's
// formula (formula-controls.js), whose parameters come from the spec the core made of it.

import { checkbox, element, parameterControl } from '../controls.js';

/**
 * @param {{functions: object[], specOf: (id: string) => object, formula: object | null,
 *   series: {key, functionId, params, show}, color: string, removable: boolean,
 *   onChange: () => void, onInvalid: (fieldId: string, message: string) => void,
 *   onValid: (fieldId: string) => void, onRemove: () => void, onPicked: () => void}} options
 *   functions: the built-ins the menu offers; specOf: any function's spec as the engine has it now;
 *   formula: the formula's choice (formula-controls.js), with `editor` when this card shows its
 *   field; onPicked: the formula was chosen or left (the cards are rebuilt)
 * @returns {{element: HTMLElement, buildParameters(): void} | null}
 */
export function seriesEditor({ functions, specOf, formula, series, color, removable, onChange, onInvalid, onValid, onRemove, onPicked,
  show = { picker: true, parameter: () => true, toggles: true } }) {
  const prefix = `${series.key}-`;
  const parameters = element('div', { className: 'series-parameters' });
  const isFormula = () => formula !== null && series.functionId === formula.id;
  const shownParameters = () => specOf(series.functionId).parameters.filter((p) => show.parameter(p.id));
  // An embed that asks for none of this card's controls gets no card.
  if (!show.picker && !show.toggles && !removable && shownParameters().length === 0) return null;

  function buildParameters() {
    parameters.replaceChildren(...shownParameters().map((p) => {
      const fieldId = `${prefix}${p.id}`;
      return parameterControl(p, {
        idPrefix: prefix,
        value: series.params[p.id],
        onValue: (v) => { series.params[p.id] = v; onValid(fieldId); onChange(); },
        onInvalid: (message) => onInvalid(fieldId, message),
      }).element;
    }));
  }

  function choose() {
    const wasFormula = isFormula();
    onValid(`${prefix}function`);
    for (const p of specOf(series.functionId).parameters) onValid(`${prefix}${p.id}`);
    if (formula !== null && picker.value === formula.id) {
      if (!formula.pick(series)) picker.value = series.functionId;
    } else {
      const spec = functions.find((f) => f.id === picker.value);
      series.functionId = spec.id;
      series.params = Object.fromEntries(spec.parameters.map((p) => [p.id, p.default]));
    }
    // The formula's field moves between cards: all are rebuilt. Otherwise only this card's sliders.
    if (wasFormula || isFormula()) {
      onPicked();
    } else {
      buildParameters();
      onChange();
    }
  }

  const picker = functionPicker({ functions, formula, series, prefix });
  picker.addEventListener('change', () => {
    if (formula === null || picker.value !== formula.id || formula.loaded()) {
      choose();
      return;
    }
    // The formula module is fetched first (once, for a lean engine); the plot stays meanwhile. A
    // failed load is named (with the file) until the menu is used again; the menu shows what is drawn.
    picker.disabled = true;
    formula.load().then((loaded) => {
      picker.disabled = false;
      if (!picker.isConnected || picker.value !== formula.id) return;
      if (loaded.ok) {
        choose();
        return;
      }
      picker.value = series.functionId;
      onInvalid(`${prefix}function`, `Your own formula: ${loaded.message}`);
    });
  });

  const toggles = element('div', { className: 'series-toggles', role: 'group', ariaLabel: 'Curves to draw' }, [
    ['f', 'f', 'the function'], ['df', 'f′', 'its derivative'], ['d2f', 'f″', 'its second derivative'],
  ].map(([key, label, title]) => checkbox({
    id: `${prefix}show-${key}`, label, title: `Draw ${title}`, checked: series.show[key],
    onValue: (v) => { series.show[key] = v; onChange(); },
  })));

  const name = isFormula() ? `f(x) = ${specOf(series.functionId).name}` : specOf(series.functionId).name;
  const header = element('div', { className: 'series-header' }, [
    element('span', { className: 'swatch', ariaHidden: 'true', style: `background:${color}` }),
    show.picker ? picker : element('span', { className: 'series-name', textContent: name }),
  ]);
  if (removable) {
    const remove = element('button', { type: 'button', className: 'remove', textContent: '×', ariaLabel: 'Remove this function', title: 'Remove' });
    remove.addEventListener('click', onRemove);
    header.append(remove);
  }
  buildParameters();
  const editor = show.picker && isFormula() && formula.editor ? [formula.editor] : [];
  return {
    element: element('fieldset', { className: 'series', dataset: { key: series.key } }, [
      element('legend', { className: 'visually-hidden', textContent: 'Function' }), header, ...editor, parameters, ...(show.toggles ? [toggles] : []),
    ]),
    buildParameters,
  };
}

// The menu: the catalog's functions, then the reader's own formula.
function functionPicker({ functions, formula, series, prefix }) {
  const options = functions.map((f) => element('option', { value: f.id, textContent: f.name, selected: f.id === series.functionId }));
  if (formula !== null) {
    options.push(element('option', { value: formula.id, textContent: formula.label, selected: formula.id === series.functionId }));
  }
  return element('select', { id: `${prefix}function`, ariaLabel: 'Activation function' }, options);
}

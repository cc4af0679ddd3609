// One card of compare mode: which function, its parameters, and which of f, f′, f″ to draw.
// Built entirely from the catalog the C++ core describes.

import { checkbox, element, parameterControl } from '../controls.js';

/**
 * @param {{catalog: object, series: {key, functionId, params, show}, color: string,
 *   removable: boolean, onChange: () => void, onInvalid: (fieldId: string, message: string) => void,
 *   onValid: (fieldId: string) => void, onRemove: () => void}} options
 */
export function seriesEditor({ catalog, series, color, removable, onChange, onInvalid, onValid, onRemove,
  show = { picker: true, parameter: () => true, toggles: true } }) {
  const prefix = `${series.key}-`;
  const parameters = element('div', { className: 'series-parameters' });
  const shownParameters = () => catalog.functions.find((f) => f.id === series.functionId).parameters.filter((p) => show.parameter(p.id));
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

  const picker = element('select', { id: `${prefix}function`, ariaLabel: 'Activation function' },
    catalog.functions.map((f) => element('option', { value: f.id, textContent: f.name, selected: f.id === series.functionId })));
  picker.addEventListener('change', () => {
    const spec = catalog.functions.find((f) => f.id === picker.value);
    series.functionId = spec.id;
    series.params = Object.fromEntries(spec.parameters.map((p) => [p.id, p.default]));
    for (const p of catalog.functions.flatMap((f) => f.parameters)) onValid(`${prefix}${p.id}`);
    buildParameters();
    onChange();
  });

  const toggles = element('div', { className: 'series-toggles', role: 'group', ariaLabel: 'Curves to draw' }, [
    ['f', 'f', 'the function'], ['df', 'f′', 'its derivative'], ['d2f', 'f″', 'its second derivative'],
  ].map(([key, label, title]) => checkbox({
    id: `${prefix}show-${key}`, label, title: `Draw ${title}`, checked: series.show[key],
    onValue: (v) => { series.show[key] = v; onChange(); },
  })));

  const header = element('div', { className: 'series-header' }, [
    element('span', { className: 'swatch', ariaHidden: 'true', style: `background:${color}` }),
    show.picker ? picker : element('span', { className: 'series-name', textContent: catalog.functions.find((f) => f.id === series.functionId).name }),
  ]);
  if (removable) {
    const remove = element('button', { type: 'button', className: 'remove', textContent: '×', ariaLabel: 'Remove this function', title: 'Remove' });
    remove.addEventListener('click', onRemove);
    header.append(remove);
  }
  buildParameters();
  return element('fieldset', { className: 'series', dataset: { key: series.key } }, [
    element('legend', { className: 'visually-hidden', textContent: 'Function' }), header, parameters, ...(show.toggles ? [toggles] : []),
  ]);
}

// The explorer's controls, built from the catalog and the draft: one editor card per series,
// the convention, the dtype, the range, the depth view and the theme. An edit changes the draft
// and emits it (onDraft); a value that does not parse is held as a field error until fixed.
// Only this module writes into the controls: from the state (show, showRange) and the notes
// (describeConventions), never from render.

import { checkbox, conventionControl, element, integerSlider, numberField, placeTickLabelsIn } from '../controls.js';
import { builtinFunctions, MAX_SERIES, seriesOf } from './explorer-url.js';
import { formulaControls } from './formula-controls.js';
import { dtypePicker } from './precision.js';
import { seriesEditor } from './series-editor.js';

const RANGE_FIELDS = [['x-from', 'x from', 'from'], ['x-to', 'x to', 'to'], ['samples', 'samples', 'n']];
const THEME_OPTIONS = [['auto', 'as the system'], ['light', 'light'], ['dark', 'dark']];

/**
 * @param {{catalog: object, specOf: (id: string) => object, formula: object | null, grammar: object | null,
 *   parts: object, draft: object, idPrefix: string, controls: Set<string> | null,
 *   palette: () => string[], withKey: (series: object) => object,
 *   onDraft: (draft: object, edit: {typedRange: boolean}) => void, onInvalid: () => void}} options
 *   controls: null shows everything; otherwise CONTROL_GROUPS names (url-state.js) and parameter ids.
 *   specOf: a function's spec as the engine has it now; formula: the explorer's formula slot
 *   (formula-slot.js) and grammar (engine.formulaGrammar()), or null for none.
 *   onDraft runs after each edit; onInvalid when a field holds a value that does not parse.
 * @returns {{errors(): string[], show(draft: object): void, showRange(draft: object): void, applyFormula(): void,
 *   rebuildSeries(): void, describeConventions(textById: object): void, destroy(): void}}
 */
export function controlPanel({ catalog, specOf, formula, grammar, parts, draft, idPrefix, controls, palette, withKey, onDraft, onInvalid }) {
  const shows = (name) => controls === null || controls.has(name);
  const showsParameter = (id) => shows('params') || (controls !== null && controls.has(id));
  const fieldErrors = new Map();
  const edited = (typedRange = false) => onDraft(draft, { typedRange });
  const valid = (fieldId) => fieldErrors.delete(fieldId);
  const invalid = (fieldId, text) => {
    fieldErrors.set(fieldId, text);
    onInvalid();
  };

  const functions = builtinFunctions(catalog);
  let seriesCards = null;
  const formulaUi = formula && grammar ? formulaControls({
    formula, grammar, builtins: functions, draft, idPrefix, fieldErrors, onText: () => edited(), onParameters: () => seriesCards.refreshFormula(),
  }) : null;
  seriesCards = seriesCardList({ functions, specOf, formulaUi, parts, draft, idPrefix, shows, showsParameter, palette, withKey, fieldErrors, edited, valid, invalid });
  const shared = sharedControls({ catalog, parts, draft, idPrefix, shows, menu: controls !== null, edited, valid, invalid, rebuildSeries: seriesCards.build });
  parts.properties.hidden = !shows('properties');

  // The sliders' tick labels are laid out for their width: again whenever the controls change width.
  const tickLabels = new ResizeObserver(() => placeTickLabelsIn(parts.controls));
  tickLabels.observe(parts.controls);
  seriesCards.build();

  return {
    errors: () => [...fieldErrors.values()],
    /** Every control from `next` (a whole new view: back/forward, new attributes); field errors go. */
    show(next) {
      fieldErrors.clear();
      formulaUi?.show(next);
      seriesCards.build();
      shared.show(next);
    },
    /** Registers the formula typed since the last frame (explorer.js, once a frame before drawing). */
    applyFormula: () => formulaUi?.apply(),
    /** The range fields from the draft's range (after state.js corrected it). */
    showRange: (next) => shared.showRange(next),
    rebuildSeries: () => seriesCards.build(),
    /** Beside each convention, what it gives at the first jump in f′ (notes.js kinkNotes). */
    describeConventions: (textById) => shared.convention.describe(textById),
    destroy: () => tickLabels.disconnect(),
  };
}

// Compare mode: one editor card per series, showing what `controls` asks for, and the button
// that adds one. The formula's field sits in the card of the first series that is the formula.
function seriesCardList({ functions, specOf, formulaUi, parts, draft, idPrefix, shows, showsParameter, palette, withKey, fieldErrors, edited, valid, invalid }) {
  const addButton = element('button', { type: 'button', id: `${idPrefix}add-series`, className: 'add-series', textContent: '+ Add a function to compare' });
  let editors = [];
  // After a change of function the cards are rebuilt and the menu that changed keeps the focus.
  const picked = (s) => {
    formulaUi?.left();
    build();
    edited();
    document.getElementById(`${s.key}-function`)?.focus();
  };
  function build() {
    const colors = palette();
    const firstFormula = draft.series.find((s) => s.functionId === formulaUi?.id);
    editors = draft.series.map((s, i) => ({ s, editor: seriesEditor({
      functions,
      specOf,
      formula: formulaUi && { ...formulaUi, editor: s === firstFormula ? formulaUi.editor : null },
      series: s,
      color: colors[i],
      show: { picker: shows('function'), parameter: showsParameter, toggles: shows('curves') },
      removable: shows('compare') && draft.series.length > 1,
      onChange: () => edited(),
      onPicked: () => picked(s),
      onInvalid: invalid,
      onValid: valid,
      onRemove: () => {
        draft.series.splice(draft.series.indexOf(s), 1);
        for (const id of [...fieldErrors.keys()]) if (id.startsWith(`${s.key}-`)) fieldErrors.delete(id);
        formulaUi?.left();
        build();
        edited();
      },
    }) })).filter((e) => e.editor);
    parts.seriesList.replaceChildren(...editors.map((e) => e.editor.element));
    addButton.disabled = draft.series.length >= MAX_SERIES;
    placeTickLabelsIn(parts.seriesList);
  }
  addButton.addEventListener('click', () => {
    const unused = functions.find((f) => !draft.series.some((s) => s.functionId === f.id)) ?? functions[0];
    draft.series.push(withKey(seriesOf({ functions }, unused.id)));
    build();
    edited();
    parts.seriesList.lastElementChild?.querySelector('select')?.focus();
  });
  if (shows('compare')) parts.seriesTools.append(addButton);
  // The formula's parameters changed: the sliders of its cards follow, and their stale errors go.
  function refreshFormula() {
    for (const { s, editor } of editors) {
      if (s.functionId !== formulaUi.id) continue;
      for (const id of [...fieldErrors.keys()]) if (id.startsWith(`${s.key}-`)) fieldErrors.delete(id);
      editor.buildParameters();
    }
    placeTickLabelsIn(parts.seriesList);
  }
  return { build, refreshFormula };
}

// The controls every series shares: convention, dtype, range, depth view, theme.
function sharedControls({ catalog, parts, draft, idPrefix, shows, menu, edited, valid, invalid, rebuildSeries }) {
  // In the compact layout (embeds) a menu: the frameworks' names take one line.
  const convention = conventionControl(catalog.conventions, { idPrefix, menu, value: draft.atKink, onValue: (v) => { draft.atKink = v; edited(); } });
  const precision = dtypePicker(catalog.dtypes, { idPrefix, value: draft.dtype, onValue: (v) => { draft.dtype = v; edited(); } });
  const rangeFields = RANGE_FIELDS.map(([id, label, key]) => ({
    key,
    field: numberField({
      id: `${idPrefix}${id}`, label, value: draft[key],
      onValue: (v) => { valid(`${idPrefix}${id}`); draft[key] = v; edited(true); },
      onInvalid: (text) => invalid(`${idPrefix}${id}`, text),
    }),
  }));
  parts.range.append(...rangeFields.map((r) => r.field.element));
  if (shows('dtype')) parts.shared.prepend(precision.element);
  if (shows('convention')) parts.shared.prepend(convention.element);
  const depthOn = checkbox({ id: `${idPrefix}depth-on`, label: 'Show |f′(x)|ᴸ: the gradient factor through L layers', checked: draft.depth.on,
    onValue: (v) => { draft.depth.on = v; edited(); } });
  const depthLayers = integerSlider({ id: `${idPrefix}depth-layers`, label: 'L', min: 1, max: 50, value: draft.depth.layers,
    onValue: (v) => { draft.depth.layers = v; edited(); } });
  parts.depth.append(depthOn, depthLayers.element);
  parts.range.hidden = !shows('range');
  parts.depth.hidden = !shows('depth');
  const themePicker = element('select', { id: `${idPrefix}theme` },
    THEME_OPTIONS.map(([value, text]) => element('option', { value, textContent: text, selected: value === draft.theme })));
  themePicker.addEventListener('change', () => { draft.theme = themePicker.value; rebuildSeries(); edited(); });
  if (shows('theme')) {
    parts.shared.append(element('div', { className: 'field theme' }, [element('label', { htmlFor: themePicker.id, textContent: 'Theme' }), themePicker]));
  }
  const showRange = (next) => { for (const { key, field } of rangeFields) field.setValue(next[key]); };
  return {
    convention,
    showRange,
    show(next) {
      showRange(next);
      convention.setValue(next.atKink);
      precision.setValue(next.dtype);
      themePicker.value = next.theme;
      depthOn.querySelector('input').checked = next.depth.on;
      depthLayers.setValue(next.depth.layers);
    },
  };
}

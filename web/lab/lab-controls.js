// The lab's settings form, built from the tables and the state. A control never changes the
// settings itself: it says what the reader typed or chose as a draft (lab-state.js checks it),
// and shows what the state then says: show(state, draft) writes the other fields the draft
// moved (the widths after a new layer count) and each field's problem, from the state alone.
// What the controls last showed is their own record, never read back from the page.

import { element, parameterControl } from '../controls.js';
import { formatNumber } from '../plot-model.js';
import { SPEEDS } from './lab-url.js';
import { FORMULA_IDS, isFormula, sideSpec } from './lab-formulas.js';
import { BUTTON_PRESET, functionChoices, LABELS, widthsText } from './lab-state.js';

const BATCHES = [1, 8, 16, 32, 64, 128];
const INIT_LABELS = { he: 'He (normal)', glorot: 'Glorot (uniform)', negative_bias: 'He, biases −1 (units born dead)' };
const OPTIMIZER_LABELS = { sgd: 'SGD', adam: 'Adam' };
// The function menu's last entry, which makes the side a formula typed in the Formula field.
const OWN_FORMULA = 'Your own formula…';

/**
 * @param {{catalog: object, tables: object, formulas?: object, idPrefix: string, compact: boolean,
 *   onDraft: (draft: object) => void, onInvalid: (message: string) => void,
 *   onPress: {play: () => void, step: () => void, reset: () => void, preset: () => void, export: () => void}}} options
 *   onInvalid: a parameter's own field could not read its text (the status line says so)
 * @returns {{element: HTMLElement, build(state: object): void, show(state: object, draft?: object): void,
 *   showRunning(on: boolean): void, fold(): void}}
 */
export function createControls({ catalog, tables, formulas = null, idPrefix, compact, onDraft, onInvalid, onPress }) {
  const section = element('section', { className: 'controls lab-controls', ariaLabel: 'Lab controls' });
  const buttons = pressButtons(idPrefix, tables, onPress);
  const make = fieldMakers({ catalog, tables, formulas, idPrefix, compact, onDraft, onInvalid });
  let fields = [];
  let shown = null; // the settings the fields show
  let folded = null; // compact: the <details> the settings fold into
  let settingsOpen = false;

  /** The whole form anew from the state (a preset, settings from elsewhere, another function). */
  function build(state) {
    const { settings } = state;
    const sides = settings.sides.map((side, s) => sideFields(make, side, s, compact));
    const network = [make.dataset(), ...make.layers(), make.init(), make.seed()];
    const training = [make.optimizer(), make.lr(), make.batch(settings), make.steps(), make.atKink()];
    const speed = make.speed(settings);
    // Compact, the studied side's parameters (α) sit in the toolbar instead of its fieldset.
    const quick = compact ? make.parameters(settings.sides[0], 0) : [];
    fields = [speed, ...sides.flatMap((s) => s.fields), ...quick, ...network, ...training];
    for (const field of fields) field.write(settings);
    const setup = [
      ...(compact ? [] : [buttons.preset]),
      element('div', { className: 'lab-sides' }, sides.map((s) => s.element)),
      element('fieldset', { className: 'lab-network' }, [element('legend', { textContent: 'Network and data' }), ...network.map((f) => f.element)]),
      element('fieldset', { className: 'lab-training' }, [element('legend', { textContent: 'Training' }), ...training.map((f) => f.element)]),
      buttons.export,
    ];
    const row = element('div', { className: 'lab-buttons' }, [buttons.play, buttons.step, buttons.reset]);
    shown = settings;
    if (!compact) {
      section.replaceChildren(row, speed.element, ...setup);
      return;
    }
    // The preset beside Play: one tap from the first screen. The folded settings' toggle ends
    // the first row (the frame's height goes to the charts); opened, they take a row of their
    // own, and stay open when the form is built anew.
    row.append(buttons.preset);
    const details = element('details', { className: 'lab-settings', open: settingsOpen }, [
      element('summary', { textContent: 'Settings', title: 'Functions, network, data, training' }), ...setup]);
    details.addEventListener('toggle', () => { if (details === folded) settingsOpen = details.open; });
    folded = details;
    section.replaceChildren(element('div', { className: 'lab-toolbar' }, [row, speed.element, details, ...quick.map((f) => f.element)]));
  }

  /** The state after a draft: the fields it moved and every field's problem; the draft's own field keeps the reader's text. */
  function show(state, draft = null) {
    const { settings, problems } = state;
    if (fields.some((field) => !field.fits(settings))) { build(state); return; }
    for (const field of fields) {
      const own = draft !== null && field.from(draft);
      if (own) field.own?.(settings);
      else if (field.text(settings) !== field.text(shown)) field.write(settings);
      if (field.problem && (own || (problems[field.key] ?? '') !== field.problemShown)) field.problem(problems[field.key] ?? '');
    }
    shown = settings;
  }

  return {
    element: section,
    build,
    show,
    /** The run plays or not: Play reads Pause while it does. */
    showRunning(on) {
      buttons.play.textContent = on ? 'Pause' : 'Play';
      buttons.play.setAttribute('aria-pressed', String(on));
    },
    /** Folds the settings (compact): after a preset the run is what to watch. */
    fold() {
      settingsOpen = false;
      if (folded) folded.open = false;
    },
  };
}

function pressButtons(idPrefix, tables, onPress) {
  const button = (id, text, onClick) => {
    const b = element('button', { type: 'button', id: idPrefix + id, className: id, textContent: text });
    b.addEventListener('click', onClick);
    return b;
  };
  const preset = button('lab-preset', tables.presets.find((p) => p.id === BUTTON_PRESET).label, onPress.preset);
  preset.title = `Set up the preset run in which ReLU units die (preset=${BUTTON_PRESET}) and play it`;
  return {
    play: button('lab-play', 'Play', onPress.play),
    step: button('lab-step', 'Step', onPress.step),
    reset: button('lab-reset', 'Reset', onPress.reset),
    preset,
    export: button('lab-export', 'Export run as JSON', onPress.export),
  };
}

// A side's fieldset: its function, its formula if typed, and (unless compact puts them in the toolbar) its parameters.
function sideFields(make, side, s, compact) {
  const fields = [make.function(side, s), ...(isFormula(side) ? [make.formula(s)] : []), ...(compact && s === 0 ? [] : make.parameters(side, s))];
  const legend = element('legend', { textContent: s === 0 ? 'Activation under study' : 'Compared with' });
  return { fields, element: element('fieldset', { className: `lab-side side-${s}` }, [legend, ...fields.map((f) => f.element)]) };
}

// Each field of the form: its element, the text it shows for some settings, how to write it,
// whether it can show them without being built anew (fits), which drafts are its own (from;
// own: what it shows of its own draft's outcome), and, for typed fields, how it shows a problem.
function fieldMakers({ catalog, tables, formulas, idPrefix, compact, onDraft, onInvalid }) {
  const withValue = (usual, value) => [...new Set([...usual, value])].sort((a, b) => a - b).map((v) => [String(v), String(v)]);
  return {
    // Another function is another form: its parameters, and its menu (a step stays offered only
    // while chosen); so is a formula with other parameters.
    function: (side, s) => ({
      ...selectField({
        id: `${idPrefix}lab-fn-${s}`, key: 'function', side: s, label: LABELS.function,
        options: [...functionChoices(catalog, side).map((f) => [f.id, f.name]), ...(formulas ? [[FORMULA_IDS[s], OWN_FORMULA]] : [])],
        value: (settings) => settings.sides[s].functionId, onDraft,
      }),
      fits: (settings) => settings.sides[s].functionId === side.functionId
        && Object.keys(settings.sides[s].params).join() === Object.keys(side.params).join(),
    }),
    formula: (s) => formulaField(`${idPrefix}lab-expr-${s}`, s, onDraft),
    parameters: (side, s) => sideSpec(catalog, formulas, side).parameters
      .map((p) => parameterField(p, side.params[p.id], { idPrefix, s, onDraft, onInvalid })),
    dataset: () => selectField({ id: `${idPrefix}lab-dataset`, key: 'dataset', label: LABELS.dataset, options: tables.datasets.map((d) => [d.id, d.label]), onDraft }),
    layers: () => [
      textField({ id: `${idPrefix}lab-layers`, key: 'layers', label: LABELS.layers, text: (settings) => String(settings.hidden.length), onDraft }),
      // One width for all ("16") or one per layer ("16,64,2", as the link's hidden= gives them), so the field shows what the run uses.
      textField({ id: `${idPrefix}lab-width`, key: 'hidden', label: LABELS.hidden, inputMode: 'numeric', text: (settings) => widthsText(settings.hidden), onDraft }),
    ],
    init: () => selectField({ id: `${idPrefix}lab-init`, key: 'init', label: LABELS.init, options: tables.inits.map((i) => [i, INIT_LABELS[i] ?? i]), onDraft }),
    seed: () => textField({ id: `${idPrefix}lab-seed`, key: 'seed', label: LABELS.seed, onDraft }),
    optimizer: () => selectField({ id: `${idPrefix}lab-optimizer`, key: 'optimizer', label: LABELS.optimizer, options: tables.optimizers.map((o) => [o, OPTIMIZER_LABELS[o] ?? o]), onDraft }),
    lr: () => learningRateField(`${idPrefix}lab-lr`, onDraft),
    // A value the link set that is not among the menu's usual choices (batch=5000) joins them: the menu shows what the run uses.
    batch: (settings) => selectField({
      id: `${idPrefix}lab-batch`, key: 'batch', label: LABELS.batch, options: withValue(BATCHES.filter((b) => b <= settings.samples), settings.batch), onDraft,
    }),
    steps: () => textField({ id: `${idPrefix}lab-steps`, key: 'steps', label: LABELS.steps, onDraft }),
    atKink: () => selectField({ id: `${idPrefix}lab-framework`, key: 'atKink', label: LABELS.atKink, options: catalog.conventions.map((c) => [c.id, c.label]), onDraft }),
    speed: (settings) => selectField({
      id: `${idPrefix}lab-speed`, key: 'speed', label: compact ? LABELS.speed : 'Speed (steps per frame)', options: withValue(SPEEDS, settings.speed), onDraft,
    }),
  };
}

function labelled(input, label, extra = []) {
  return element('div', { className: 'field' }, [element('label', { htmlFor: input.id, textContent: label }), input, ...extra]);
}

// A menu. Its draft is the chosen option's value (a number's text for batch and speed).
function selectField({ id, key, side, label, options, value = (settings) => settings[key], onDraft }) {
  const input = element('select', { id }, options.map(([v, text]) => element('option', { value: v, textContent: text })));
  input.addEventListener('change', () => onDraft(side === undefined ? { key, value: input.value } : { key, side, value: input.value }));
  const values = new Set(options.map(([v]) => v));
  const text = (settings) => String(value(settings));
  return {
    key,
    element: labelled(input, label),
    text,
    write(settings) { input.value = text(settings); },
    fits: (settings) => values.has(text(settings)),
    from: (draft) => draft.key === key && draft.side === side,
  };
}

// A number or a list typed as text; its draft is the text, its problem shown under it.
function textField({ id, key, label, inputMode = 'decimal', text = (settings) => String(settings[key]), onDraft }) {
  const input = element('input', { id, type: 'text', inputMode, autocomplete: 'off' });
  const note = element('span', { className: 'field-error', role: 'status' });
  input.addEventListener('change', () => onDraft({ key, value: input.value }));
  const field = {
    key,
    element: labelled(input, label, [note]),
    text,
    write(settings) { input.value = text(settings); },
    fits: () => true,
    from: (draft) => draft.key === key,
    problemShown: '',
    problem(message) {
      input.setAttribute('aria-invalid', String(message !== ''));
      note.textContent = message;
      field.problemShown = message;
    },
  };
  return field;
}

// A side's formula in x, typed (its draft is the text when it is committed: Enter or leaving
// the field); a formula the module refuses is named under it, and the run goes on.
function formulaField(id, s, onDraft) {
  const field = textField({ id, key: FORMULA_IDS[s], label: LABELS.formula, inputMode: 'text', text: (settings) => settings.sides[s].expr ?? '', onDraft });
  const input = field.element.querySelector('input');
  Object.assign(input, { spellcheck: false, placeholder: 'x * sigmoid(b*x)', autocapitalize: 'off' });
  input.setAttribute('autocorrect', 'off');
  field.element.classList.add('lab-formula');
  return field;
}

// The learning rate on a log scale: 10⁻⁴ … 1 in tenths of a decade.
function learningRateField(id, onDraft) {
  const output = element('output', { htmlFor: id });
  const slider = element('input', { id, type: 'range', min: '-4', max: '0', step: '0.1', ariaLabel: 'Learning rate (log scale)' });
  slider.addEventListener('input', () => onDraft({ key: 'lr', value: Number((10 ** Number(slider.value)).toPrecision(2)) }));
  const text = (settings) => formatNumber(settings.lr);
  // The reader's own drag moves the slider; the number beside it and its spoken value follow the state.
  const showValue = (settings) => {
    output.textContent = text(settings);
    slider.setAttribute('aria-valuetext', `learning rate ${text(settings)}`);
  };
  return {
    key: 'lr',
    element: element('div', { className: 'slider-row' }, [element('label', { htmlFor: id, textContent: LABELS.lr }), slider, output]),
    text,
    write(settings) { slider.value = String(Math.log10(settings.lr)); showValue(settings); },
    own: showValue,
    fits: () => true,
    from: (draft) => draft.key === 'lr',
  };
}

// A catalog parameter of one side (the explorer's control: field, slider, presets).
function parameterField(param, value, { idPrefix, s, onDraft, onInvalid }) {
  const control = parameterControl(param, {
    idPrefix: `${idPrefix}lab-s${s}-`, value,
    onValue: (v) => onDraft({ key: 'param', side: s, param: param.id, value: v }),
    onInvalid,
  });
  const text = (settings) => String(settings.sides[s].params[param.id]);
  return {
    key: 'param',
    element: control.element,
    text,
    write(settings) { control.setValue(settings.sides[s].params[param.id]); },
    fits: (settings) => param.id in settings.sides[s].params,
    from: (draft) => draft.key === 'param' && draft.side === s && draft.param === param.id,
  };
}

// Builds the form controls from catalog entries; reports typed values through callbacks.
// Everything a user types is set as text content or a property, never parsed as HTML.

import { parseNumberText } from './number-text.js';
import { formatNumber } from './plot-model.js';

function element(tag, properties = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('aria') || key === 'role' || key === 'for') node.setAttribute(key.replace(/^aria([A-Z])/, (_, c) => `aria-${c.toLowerCase()}`), value);
    else node[key] = value;
  }
  node.append(...children);
  return node;
}

/**
 * A number typed as text, checked as the person types.
 * @param {{id: string, label: string, value: number, onValue: (v: number) => void, onInvalid: (message: string) => void}} options
 */
export function numberField({ id, label, value, onValue, onInvalid }) {
  const input = element('input', { id, type: 'text', inputMode: 'decimal', autocomplete: 'off', spellcheck: false, value: String(value) });
  input.addEventListener('input', () => {
    const parsed = parseNumberText(input.value, label);
    input.setAttribute('aria-invalid', String(!parsed.ok));
    if (parsed.ok) onValue(parsed.value); else onInvalid(parsed.message);
  });
  const wrapper = element('div', { className: 'field' }, [element('label', { htmlFor: id, textContent: label }), input]);
  return {
    element: wrapper,
    input,
    setValue(v) {
      input.value = String(v);
      input.setAttribute('aria-invalid', 'false');
    },
  };
}

/**
 * Steps for the keyboard on a parameter slider: arrows move a hundredth of the range, Page Up
 * and Page Down a tenth (α in [0, 1]: 0.01 and 0.1), both whole multiples of the catalog's step.
 */
export function keyboardSteps({ min, max, step }) {
  const multiple = (fraction) => Math.max(1, Math.round(((max - min) * fraction) / step)) * step;
  return { arrow: multiple(0.01), page: multiple(0.1) };
}

/** `value` on the slider's grid of `step`, inside [min, max], without binary noise (0.1 + 0.2). */
export function snapToStep(value, { min, max, step }) {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const snapped = Math.round((value - min) / step) * step + min;
  return Math.min(max, Math.max(min, Number(snapped.toFixed(decimals))));
}

/**
 * The slider's range for `value`: the catalog's slider range (`sliderMin`/`sliderMax`, a formula
 * parameter's −10…10; else the accepted `min`/`max`) widened to include `value`, which the number
 * field may set anywhere in the accepted range (issue 19: "widened by the number field").
 */
export function sliderRange(param, value) {
  const min = param.sliderMin ?? param.min;
  const max = param.sliderMax ?? param.max;
  const inside = Number.isFinite(value) ? value : min;
  return { min: Math.min(min, inside), max: Math.max(max, inside), step: param.step };
}

/** Gap in CSS px that tick labels keep between them. */
const TICK_LABEL_GAP = 4;

/**
 * Where each tick label goes: `boxes` [{center, width}] in px along a track `trackWidth` wide;
 * labels are taken in `order` (indices) and each kept only if it keeps TICK_LABEL_GAP from the
 * ones kept before it. Returns each label's left edge in px (kept inside the track), or null.
 */
export function placeTickLabels(boxes, trackWidth, order = boxes.map((_, i) => i)) {
  const lefts = boxes.map(() => null);
  const kept = [];
  for (const i of order) {
    const { center, width } = boxes[i];
    const left = Math.min(Math.max(0, center - width / 2), Math.max(0, trackWidth - width));
    const clear = kept.every((k) => left >= k.right + TICK_LABEL_GAP || left + width <= k.left - TICK_LABEL_GAP);
    if (!clear) continue;
    kept.push({ left, right: left + width });
    lefts[i] = left;
  }
  return lefts;
}

/**
 * Shows the tick labels of every parameter slider under `root` that fit their track's width
 * without touching, in their priority order, and hides the rest. Reads layout once per slider.
 */
export function placeTickLabelsIn(root) {
  for (const ticks of root.querySelectorAll('.slider-ticks')) {
    const width = ticks.clientWidth;
    if (width === 0) continue; // not laid out yet: the next change of width places them
    const labels = [...ticks.querySelectorAll('.tick-label')];
    const thumb = parseFloat(getComputedStyle(ticks.parentElement).getPropertyValue('--thumb')) || 0;
    for (const label of labels) label.hidden = false;
    const boxes = labels.map((label) => ({ center: thumb / 2 + (width - thumb) * Number(label.dataset.fraction), width: label.offsetWidth }));
    const order = labels.map((label, i) => ({ i, rank: Number(label.dataset.priority) })).sort((a, b) => a.rank - b.rank).map((r) => r.i);
    const lefts = placeTickLabels(boxes, width, order);
    labels.forEach((label, i) => {
      label.hidden = lefts[i] === null;
      if (lefts[i] !== null) label.style.left = `${lefts[i]}px`;
    });
  }
}

/**
 * The presets' labels by priority: plain numbers first, the shortest first (0, 0.1, 0.2 … read
 * as a scale and fit the most), then the rest (e.g. "e⁻²", which its button names anyway), each
 * in the catalog's order. The value itself is always shown beside the thumb.
 */
export function labelPriority(param) {
  const rank = (p) => (Number.isFinite(Number(p.label)) ? 0 : 1);
  return param.presets.map((p, i) => ({ i, rank: rank(p), length: p.label.length }))
    .sort((a, b) => a.rank - b.rank || a.length - b.length || a.i - b.i).map((r) => r.i);
}

/**
 * A catalog parameter: the exact number field, a full-width slider with the value beside its
 * thumb and tick marks at the presets, and the preset buttons, kept in step.
 * The slider only shows where the value lies; the number field holds it exactly. A value set
 * other than by the slider (typed, a preset, a link) sets the slider's range: sliderRange().
 */
export function parameterControl(param, { idPrefix, value, onValue, onInvalid }) {
  let range = sliderRange(param, value);
  const slider = element('input', {
    id: `${idPrefix}${param.id}-slider`, type: 'range', className: 'parameter-slider', min: String(range.min), max: String(range.max),
    step: String(param.step), value: String(value), ariaLabel: `${param.symbol}, ${param.description}`,
  });
  const field = numberField({
    id: `${idPrefix}${param.id}`, label: `${param.symbol} =`, value,
    onValue: (v) => { rangeFor(v); showSlider(v); onValue(v); },
    onInvalid,
  });
  field.input.setAttribute('aria-label', `${param.symbol} exact value`);
  // The value beside the thumb: what the slider says, for eyes; the field and aria-valuetext say it exactly.
  const bubble = element('output', { className: 'slider-value', htmlFor: slider.id, ariaHidden: 'true' });
  const fractionOf = (v) => (range.max > range.min ? (Math.min(range.max, Math.max(range.min, v)) - range.min) / (range.max - range.min) : 0);
  const ticks = element('div', { className: 'slider-ticks', ariaHidden: 'true' }, param.presets.map((preset) => element('span', {
    className: 'tick', title: `${preset.label} (${preset.source})`, style: `--fraction:${fractionOf(preset.value)}`,
  })));
  // Each tick's label, e.g. "0.3", under it: hidden until placeTickLabelsIn() shows those that
  // fit without touching (the explorer does, whenever its controls change width).
  const order = labelPriority(param);
  const labels = param.presets.map((preset, i) => element('span', {
    className: 'tick-label', textContent: preset.label, hidden: true, dataset: { priority: String(order.indexOf(i)), fraction: String(fractionOf(preset.value)) },
  }));
  ticks.append(...labels);
  const track = element('div', { className: 'slider-track' }, [bubble, slider, ticks]);
  let steps = keyboardSteps(range);

  // The slider's range for a value set elsewhere; the ticks move with it.
  function rangeFor(v) {
    const next = sliderRange(param, v);
    if (next.min === range.min && next.max === range.max) return;
    range = next;
    slider.min = String(range.min);
    slider.max = String(range.max);
    steps = keyboardSteps(range);
    ticks.querySelectorAll('.tick').forEach((tick, i) => tick.style.setProperty('--fraction', String(fractionOf(param.presets[i].value))));
    labels.forEach((label, i) => { label.dataset.fraction = String(fractionOf(param.presets[i].value)); });
  }

  function showSlider(v) {
    slider.value = String(v);
    slider.setAttribute('aria-valuetext', `${param.symbol} = ${formatNumber(v)}`);
    bubble.textContent = formatNumber(v);
    track.style.setProperty('--fraction', String(fractionOf(v)));
  }
  const setFromSlider = (v) => {
    field.setValue(v);
    showSlider(v);
    onValue(v);
  };
  slider.addEventListener('input', () => setFromSlider(Number(slider.value)));
  slider.addEventListener('keydown', (event) => {
    const delta = { ArrowRight: steps.arrow, ArrowUp: steps.arrow, ArrowLeft: -steps.arrow, ArrowDown: -steps.arrow,
      PageUp: steps.page, PageDown: -steps.page }[event.key];
    if (delta === undefined) return; // Home and End keep the browser's behaviour
    event.preventDefault();
    setFromSlider(snapToStep(Number(slider.value) + delta, range));
  });

  const presets = element('div', { className: 'presets', role: 'group', ariaLabel: `${param.symbol} presets` },
    param.presets.map((preset) => {
      const button = element('button', {
        type: 'button', textContent: preset.label, title: `${param.symbol} = ${preset.value} (${preset.source})`,
        dataset: { value: String(preset.value) },
      }, [element('span', { className: 'preset-source', textContent: preset.source })]);
      button.addEventListener('click', () => { field.setValue(preset.value); rangeFor(preset.value); showSlider(preset.value); onValue(preset.value); });
      return button;
    }));

  showSlider(value);
  const legend = element('legend', {}, [
    element('span', { className: 'symbol', textContent: param.symbol }), element('span', { className: 'description', textContent: ` ${param.description}` }),
  ]);
  return {
    element: element('fieldset', { className: 'parameter' }, [legend, field.element, track, presets]),
    slider,
    setValue(v) { field.setValue(v); rangeFor(v); showSlider(v); },
  };
}

/**
 * The framework (and version) whose value f′ takes at a kink, one per catalog convention:
 * radio buttons, or, where room is short (`menu`, the compact layout), a menu.
 */
export function conventionControl(conventions, { value, onValue, idPrefix = '', menu = false }) {
  const legend = element('legend', { textContent: 'Framework: f′ at a kink' });
  if (menu) {
    const select = element('select', { id: `${idPrefix}at-kink`, ariaLabel: 'Framework: f′ at a kink' },
      conventions.map((c) => element('option', { value: c.id, textContent: c.label, title: c.frameworks, selected: c.id === value })));
    select.addEventListener('change', () => onValue(select.value));
    return {
      element: element('fieldset', { className: 'convention menu' }, [legend, select]),
      describe(textById) { for (const option of select.options) option.textContent = `${conventions.find((c) => c.id === option.value).label}${textById[option.value] ?? ''}`; },
      setValue(id) { select.value = id; },
    };
  }
  const details = new Map();
  const options = conventions.map((c) => {
    const input = element('input', { type: 'radio', name: `${idPrefix}at-kink`, id: `${idPrefix}at-kink-${c.id}`, value: c.id, checked: c.id === value });
    input.addEventListener('change', () => { if (input.checked) onValue(c.id); });
    const detail = element('span', { className: 'convention-value' });
    details.set(c.id, detail);
    return element('label', { htmlFor: input.id, title: c.frameworks }, [input, ` ${c.label}`, detail]);
  });
  return {
    element: element('fieldset', { className: 'convention' }, [legend, ...options]),
    /** Shows, beside each option, the value it gives, e.g. "f′(0) = 0.01". */
    describe(textById) { for (const [id, node] of details) node.textContent = textById[id] ?? ''; },
    /** Checks the option for `id` without reporting it. */
    setValue(id) { for (const label of options) { const input = label.querySelector('input'); input.checked = input.value === id; } },
  };
}

/** A checkbox with a label. */
export function checkbox({ id, label, checked, onValue, title = '' }) {
  const input = element('input', { type: 'checkbox', id, checked });
  input.addEventListener('change', () => onValue(input.checked));
  return element('label', { htmlFor: id, className: 'checkbox', title }, [input, ` ${label}`]);
}

/** A whole-number slider with its value shown beside it, e.g. the depth view's L. */
export function integerSlider({ id, label, min, max, value, onValue }) {
  const output = element('output', { htmlFor: id, textContent: String(value) });
  const slider = element('input', { id, type: 'range', min: String(min), max: String(max), step: '1', value: String(value), ariaLabel: label });
  slider.setAttribute('aria-valuetext', `${label} = ${value}`);
  const show = () => {
    output.textContent = slider.value;
    slider.setAttribute('aria-valuetext', `${label} = ${slider.value}`);
  };
  slider.addEventListener('input', () => {
    show();
    onValue(Number(slider.value));
  });
  return {
    element: element('div', { className: 'slider-row' }, [element('label', { htmlFor: id, textContent: label }), slider, output]),
    /** Sets the value without reporting it (the caller already knows). */
    setValue(v) { slider.value = String(v); show(); },
  };
}

export { element };

// The dtype a curve is computed in: the picker, where its kernel's f′ is exactly 0 (shaded on
// the f′ row) and the sentence that says so. The numbers come from the engine (C++); this
// module only words and draws them.
import { element } from '../controls.js';
import { formatNumber } from '../plot-model.js';

/** The "Precision" menu, one option per catalog dtype. */
export function dtypePicker(dtypes, { idPrefix = '', value, onValue }) {
  const select = element('select', { id: `${idPrefix}dtype` },
    dtypes.map((d) => element('option', { value: d.id, textContent: d.label, selected: d.id === value })));
  select.addEventListener('change', () => onValue(select.value));
  return {
    element: element('div', { className: 'field dtype' }, [element('label', { htmlFor: select.id, textContent: 'Precision' }), select]),
    setValue(v) { select.value = v; },
  };
}

/**
 * Where PyTorch's answer for this function and dtype depends on the tensor's path (one element
 * or a batch, oneDNN or not, a vectorised build or not): the core's note naming the path shown,
 * the other one and the source; null where there is one answer.
 */
export function pathNote(catalog, functionId, dtype) {
  const path = (catalog.kernelPaths ?? []).find((p) => p.function === functionId && p.dtypes.includes(dtype));
  return path ? path.note : null;
}

/**
 * The engine's zero-gradient tails for each series, remembered per function, parameters,
 * convention and dtype: measuring them evaluates every value of the dtype, so a slider move
 * that comes back to a value it had costs nothing. Each carries the core's pathNote.
 */
export function saturationCache(engine, size = 64) {
  const cache = new Map();
  return (s, atKink, dtype) => {
    if (dtype === 'float64') return null;
    // A formula keeps its id when its text changes: the text is part of the key.
    const key = JSON.stringify([s.functionId, engine.functionSpec(s.functionId)?.expression, s.params, atKink, dtype]);
    if (!cache.has(key)) {
      if (cache.size >= size) cache.delete(cache.keys().next().value);
      const result = engine.saturation({ functionId: s.functionId, params: s.params, atKink, dtype });
      cache.set(key, result.ok ? { ...result, pathNote: pathNote(engine.catalog, s.functionId, dtype) } : null);
    }
    return cache.get(key);
  };
}

/** Shaded bands on the f′ row where f′ is exactly 0, in each series' colour. */
export function zeroBands(series) {
  const bands = [];
  for (const s of series) {
    const t = s.saturation;
    if (!t || !s.show.df) continue;
    if (t.dfZeroUpTo !== null) bands.push({ from: -Infinity, to: t.dfZeroUpTo, color: s.color });
    if (t.dfZeroFrom !== null) bands.push({ from: t.dfZeroFrom, to: Infinity, color: s.color });
  }
  return bands;
}

const shown = (v) => formatNumber(Object.is(v, -0) ? 0 : v);

// "for x ≤ a and for x ≥ b", or "for |x| ≥ b" when the two tails mirror each other.
function tailsText(upTo, from) {
  if (upTo !== null && from !== null) return upTo === -from ? `for |x| ≥ ${shown(from)}` : `for x ≤ ${shown(upTo)} and for x ≥ ${shown(from)}`;
  if (upTo !== null) return `for x ≤ ${shown(upTo)}`;
  return `for x ≥ ${shown(from)}`;
}

/**
 * One sentence per series, e.g. "In bfloat16, Tanh′ is exactly 0 for |x| ≥ 3.46875 (Tanh is
 * exactly −1 and 1 there).", followed by the path note where PyTorch's answer depends on the
 * tensor's path. Empty in float64 or when nothing is exactly 0 or flat.
 */
export function saturationSentence(s, dtypeLabel) {
  const t = s.saturation;
  if (!t) return '';
  const parts = [];
  if (t.dfZeroUpTo !== null && t.dfZeroFrom !== null && t.dfZeroUpTo >= t.dfZeroFrom) {
    parts.push(`${s.name}′ is exactly 0 everywhere`);
  } else if (t.dfZeroUpTo !== null || t.dfZeroFrom !== null) {
    parts.push(`${s.name}′ is exactly 0 ${tailsText(t.dfZeroUpTo, t.dfZeroFrom)}`);
  } else {
    parts.push(`${s.name}′ is never exactly 0`);
  }
  const flats = [];
  if (t.fConstantUpTo !== null) flats.push(`${shown(t.fLeft)} for x ≤ ${shown(t.fConstantUpTo)}`);
  if (t.fConstantFrom !== null) flats.push(`${shown(t.fRight)} for x ≥ ${shown(t.fConstantFrom)}`);
  if (flats.length > 0) parts.push(`${s.name} is exactly ${flats.join(' and ')}`);
  const sentence = `In ${dtypeLabel}, ${parts.join('; ')}.`;
  return t.pathNote ? `${sentence} ${t.pathNote}` : sentence;
}

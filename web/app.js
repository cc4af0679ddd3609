// The page: controls → draft state → C++ sampling (wasm) → Plotly, one way, at most once a frame.
// A bad value shows a message and leaves the last good plot on screen.

import { loadEngine } from './activation-engine.js';
import { checkbox, conventionControl, numberField, parameterControl } from './controls.js';
import { buildFigure, formatNumber, PALETTE } from './plot-model.js';

const PRIMARY = 'leaky_relu';
const COMPARE = 'relu';
const PLOTLY_CONFIG = {
  responsive: true,
  displaylogo: false,
  modeBarButtonsToRemove: ['select2d', 'lasso2d'],
  toImageButtonOptions: { format: 'png', filename: 'activation-explorer', scale: 2 },
};

const plot = document.getElementById('plot');
const message = document.getElementById('message');

main().catch((error) => {
  showMessage(error.message, 'fatal');
  plot.dataset.state = 'failed';
});

async function main() {
  if (!globalThis.Plotly) throw new Error('The plotting library did not load (vendor/plotly-basic.min.js is missing or blocked).');
  const engine = await loadEngine(new URL('activation_explorer.wasm', import.meta.url));
  const spec = engine.functionSpec(PRIMARY);
  const draft = {
    params: Object.fromEntries(spec.parameters.map((p) => [p.id, p.default])),
    atKink: engine.catalog.conventions[0].id,
    from: -10,
    to: 10,
    n: 201,
    compare: true,
  };
  const fieldErrors = new Map();
  let revision = 0;
  let frameRequested = false;

  // Coalesces bursts of input (a dragged slider fires many events a frame) into one redraw
  // that reads the draft when the frame comes, so the last value always wins.
  function requestRender() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      render();
    });
  }

  function update(fieldId, apply) {
    return (value) => {
      fieldErrors.delete(fieldId);
      apply(value);
      requestRender();
    };
  }
  function invalid(fieldId) {
    return (text) => {
      fieldErrors.set(fieldId, text);
      requestRender();
    };
  }

  const parameterControls = spec.parameters.map((p) => parameterControl(p, {
    value: draft.params[p.id],
    onValue: update(`param-${p.id}`, (v) => { draft.params[p.id] = v; }),
    onInvalid: invalid(`param-${p.id}`),
  }));
  const convention = conventionControl(engine.catalog.conventions, {
    value: draft.atKink,
    onValue: update('at-kink', (v) => { draft.atKink = v; }),
  });
  const rangeFields = [
    numberField({ id: 'x-from', label: 'x from', value: draft.from, onValue: update('x-from', (v) => { draft.from = v; }), onInvalid: invalid('x-from') }),
    numberField({ id: 'x-to', label: 'x to', value: draft.to, onValue: update('x-to', (v) => { draft.to = v; }), onInvalid: invalid('x-to') }),
    numberField({ id: 'samples', label: 'samples', value: draft.n, onValue: update('samples', (v) => { draft.n = v; }), onInvalid: invalid('samples') }),
  ];
  const compare = checkbox({ id: 'compare-relu', label: `Show ${engine.functionSpec(COMPARE).name} for comparison`, checked: draft.compare, onValue: update('compare', (v) => { draft.compare = v; }) });

  document.getElementById('parameters').append(...parameterControls.map((c) => c.element), convention.element);
  document.getElementById('range').append(...rangeFields.map((f) => f.element), compare);

  function sampleSeries(functionId, params, index) {
    const fnSpec = engine.functionSpec(functionId);
    const samples = engine.sample({ functionId, params, atKink: draft.atKink, from: draft.from, to: draft.to, n: draft.n });
    if (!samples.ok) return samples;
    const kinks = engine.kinks({ functionId, params });
    if (!kinks.ok) return kinks;
    const shownParams = fnSpec.parameters.map((p) => `${p.symbol} = ${formatNumber(params[p.id])}`).join(', ');
    return {
      ok: true,
      id: functionId,
      name: fnSpec.name,
      label: shownParams ? `${fnSpec.name} (${shownParams})` : fnSpec.name,
      color: PALETTE[index],
      dash: index === 0 ? 'solid' : 'dash',
      atKink: draft.atKink,
      conventionLabel: engine.catalog.conventions.find((c) => c.id === draft.atKink).label,
      ...samples,
      kinks: kinks.kinks,
    };
  }

  function render() {
    if (fieldErrors.size > 0) {
      showMessage([...fieldErrors.values()].join(' '));
      return;
    }
    const requests = [[PRIMARY, draft.params]];
    if (draft.compare) requests.push([COMPARE, {}]);
    const series = [];
    for (const [functionId, params] of requests) {
      const s = sampleSeries(functionId, params, series.length);
      if (!s.ok) {
        showMessage(s.message);
        return;
      }
      series.push(s);
    }
    revision += 1;
    const figure = buildFigure(series, { from: draft.from, to: draft.to, revision });
    globalThis.Plotly.react(plot, figure.data, figure.layout, PLOTLY_CONFIG);
    plot.dataset.revision = String(revision);
    plot.dataset.state = 'ready';
    showFormulas(engine, draft);
    describeKinks(series, engine.catalog.conventions, convention);
    hideMessage();
  }

  render();
}

function showFormulas(engine, draft) {
  for (const which of ['value', 'derivative']) {
    const result = engine.formula({ functionId: PRIMARY, params: draft.params, atKink: draft.atKink, which });
    // MathML generated by the C++ core from validated numbers; no user text reaches it.
    if (result.ok) document.getElementById(`formula-${which}`).innerHTML = result.mathml;
  }
}

function describeKinks(series, conventions, convention) {
  const sentences = [];
  for (const s of series) {
    for (const k of s.kinks) {
      if (k.dfLeft === k.dfRight) continue;
      const at = `x = ${formatNumber(k.x)}`;
      const returns = conventions.map((c) => `${c.label} returns ${formatNumber(k.dfAt[c.id])}`).join(', ');
      sentences.push(`${s.name}′ jumps at ${at} from ${formatNumber(k.dfLeft)} (left) to ${formatNumber(k.dfRight)} (right); ${returns}.`);
    }
  }
  document.getElementById('kink-note').textContent = sentences.join(' ');
  const primaryKink = series[0].kinks[0];
  convention.describe(Object.fromEntries(conventions.map((c) => [c.id,
    primaryKink ? ` — f′(${formatNumber(primaryKink.x)}) = ${formatNumber(primaryKink.dfAt[c.id])}` : ''])));
}

function showMessage(text, kind = 'error') {
  message.textContent = text;
  message.dataset.kind = kind;
  message.hidden = false;
}

function hideMessage() {
  message.hidden = true;
  message.textContent = '';
}

// A third view that exists only in tests/browser/views.test.mjs: a table of samples of the shown
// function, read from the engine's `sample`. Importing this module registers it; the test
// bundles it in front of the page's and the element's unchanged sources.
//   ?view=samples&fn=elu&alpha=0.5&count=7&at_kink=jax
import { element } from '../../web/controls.js';
import { registerView } from '../../web/views/registry.js';

const FROM = -2;
const TO = 2;
const COUNT = { min: 2, max: 50, default: 5 };

export const samplesView = {
  name: 'samples',
  label: 'Samples table',
  load: async (host) => samplesFor(host.engine),
};

function samplesFor(engine) {
  const { catalog } = engine;
  const checkParams = engine.parameterProblem;
  const fresh = (functionId, atKink, theme) => {
    const spec = catalog.functions.find((f) => f.id === functionId);
    return { functionId, params: Object.fromEntries(spec.parameters.map((p) => [p.id, p.default])), count: COUNT.default, atKink, theme };
  };
  return {
    read(reader, page) {
      const functionId = reader.oneOf('fn', catalog.functions.map((f) => f.id)) ?? 'relu';
      const state = fresh(functionId, reader.oneOf('at_kink', catalog.conventions.map((c) => c.id)) ?? catalog.conventions[0].id, page.theme);
      reader.params(catalog.functions.find((f) => f.id === functionId), '', state.params, checkParams);
      state.count = reader.number('count', { min: COUNT.min, max: COUNT.max, whole: true }) ?? state.count;
      return state;
    },
    write(state) {
      const query = new URLSearchParams({ fn: state.functionId });
      for (const [id, value] of Object.entries(state.params)) query.set(id, String(value));
      query.set('count', String(state.count));
      query.set('at_kink', state.atKink);
      return query;
    },
    shared: (state) => ({ functions: [{ functionId: state.functionId, params: state.params }], atKink: state.atKink, theme: state.theme }),
    fromShared: ({ functions, atKink, theme }) => ({ ...fresh(functions[0].functionId, atKink, theme), params: { ...functions[0].params } }),
    detail: (state) => ({ view: 'samples', ...structuredClone(state) }),
    embedCode: (state) => ({ controls: [], title: `Samples of ${state.functionId}`, height: 400 }),
    mount: (root, state, host) => mountTable(root, state, host, engine),
  };
}

function mountTable(root, initial, host, engine) {
  let state = structuredClone(initial);
  const notice = element('div', { className: 'notice ae-url-notice', role: 'status', hidden: true });
  const body = element('tbody');
  const more = element('button', { type: 'button', id: `${host.idPrefix}more-samples`, textContent: 'More samples' });
  more.addEventListener('click', () => {
    state = { ...state, count: Math.min(COUNT.max, state.count + 1) };
    draw();
    host.onEdit();
    host.onState(structuredClone(state));
  });
  const table = element('table', { id: `${host.idPrefix}samples-table`, className: 'samples-view' }, [
    element('thead', {}, [element('tr', {}, ['x', 'f(x)', "f'(x)"].map((text) => element('th', { textContent: text })))]), body]);
  root.replaceChildren(element('div', { className: 'ae-explorer' }, [notice, table, more]));
  function draw() {
    const { x, f, df } = engine.sample({ functionId: state.functionId, params: state.params, atKink: state.atKink, from: FROM, to: TO, n: state.count });
    body.replaceChildren(...Array.from(x, (_, i) => element('tr', {}, [x[i], f[i], df[i]].map((v) => element('td', { textContent: String(v) })))));
    table.dataset.function = state.functionId;
  }
  draw();
  host.onState(structuredClone(state));
  return {
    notice,
    get state() { return structuredClone(state); },
    apply(next) { state = structuredClone(next); draw(); },
    destroy() { root.replaceChildren(); },
  };
}

registerView(samplesView);

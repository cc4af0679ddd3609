// The dead-neuron lab's description for the registry (web/views/registry.js): small and in the
// hosts' bundles; load() fetches the rest (its bundle lab/lab-view.js with its engine, its
// stylesheet and its wasm's tables) the first time a lab opens, so the explorer alone loads none.

import { element } from '../controls.js';
import { loadLab } from '../lab-loader.js';

export const labView = {
  name: 'lab',
  label: 'Dead-neuron lab',
  async load(host) {
    const lab = await loadLab({ viewUrl: host.asset('lab/lab-view.js'), cssUrl: host.asset('lab/lab.css'), wasmUrl: host.asset('activation_lab.wasm') });
    return lab.labViewFor(host, lab.tables);
  },
  /** "Loading the lab…" until its files are in; a failure is said there, in the explorer's frame and colours. */
  placeholder(root) {
    const where = element('div', { className: 'ae-lab-root' }, [element('p', { className: 'notice', textContent: 'Loading the lab…' })]);
    root.replaceChildren(element('div', { className: 'ae-explorer' }, [where]));
    return { fail: (message) => where.replaceChildren(element('p', { className: 'notice error', role: 'alert', textContent: message })) };
  },
};

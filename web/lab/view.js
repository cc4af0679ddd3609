// The dead-neuron lab's description for the registry (web/views/registry.js): small and in the
// hosts' bundles; load() fetches the rest (its bundle lab/lab-view.js with its engine, its
// stylesheet and its wasm's tables) the first time a lab opens, so the explorer alone loads none.
// Until then the host says "Loading the dead-neuron lab…" (web/views/placeholder.js).

import { loadLab } from '../lab-loader.js';

export const labView = {
  name: 'lab',
  label: 'Dead-neuron lab',
  async load(host) {
    const lab = await loadLab({ viewUrl: host.asset('lab/lab-view.js'), cssUrl: host.asset('lab/lab.css'), wasmUrl: host.asset('activation_lab.wasm') });
    return lab.labViewFor(host, lab.tables, lab.engine);
  },
};

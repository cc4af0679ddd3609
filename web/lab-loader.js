// Loads the dead-neuron lab when it is first opened, for the page and for
// <activation-plot view="lab"> alike: its view (one bundle that carries the lab's engine too),
// its stylesheet and the tables of its wasm module. The explorer alone loads none of them.

export const LAB_NEEDS_SERVER = 'The dead-neuron lab needs the page served over http(s) (./scripts/serve, or any static host): a file opened from disk cannot load its trainer.';

/**
 * @param {{viewUrl: URL, cssUrl: URL, wasmUrl: URL}} where lab/lab-view.js, lab/lab.css and activation_lab.wasm
 * @returns {() => Promise<{startLab: Function, readLabState: Function, writeLabState: Function, tables: object}>}
 *   loads once; a failed load is tried again next time.
 */
export function labLoader({ viewUrl, cssUrl, wasmUrl }) {
  let loading = null;
  return async function loadLab() {
    // A page on disk (or with no address, the Jupyter helper's srcdoc) cannot import modules or start workers.
    if ([location.protocol, viewUrl.protocol].some((p) => p === 'file:' || p === 'about:')) throw new Error(LAB_NEEDS_SERVER);
    loading ??= Promise.all([import(viewUrl.href), stylesheet(cssUrl)])
      .then(async ([view]) => {
        const { tables } = await view.loadLabEngine(wasmUrl);
        // Queries leave out what is the tables' default (samples, noise, at_kink).
        return { ...view, tables, writeLabState: (settings) => view.writeLabState(settings, tables) };
      });
    try {
      return await loading;
    } catch (error) {
      loading = null;
      throw error;
    }
  };
}

// Resolves once the lab's styles apply, so it never shows unstyled; one <link> per page.
function stylesheet(url) {
  const existing = document.querySelector('link[data-activation-lab]');
  if (existing?.sheet) return Promise.resolve();
  const link = existing ?? Object.assign(document.createElement('link'), { rel: 'stylesheet', href: url.href });
  link.dataset.activationLab = '';
  return new Promise((resolve, reject) => {
    link.addEventListener('load', () => resolve(), { once: true });
    link.addEventListener('error', () => { link.remove(); reject(new Error(`The lab's stylesheet (${url.href}) did not load.`)); }, { once: true });
    if (!existing) document.head.append(link);
  });
}

// Loads the dead-neuron lab when it is first opened, for the page and for
// <activation-plot view="lab"> alike: its view (one bundle that carries the lab's engine too),
// its stylesheet and the tables of its wasm module. The explorer alone loads none of them.

export const LAB_NEEDS_SERVER = 'The dead-neuron lab needs the page served over http(s) (./scripts/serve, or any static host): a file opened from disk cannot load its trainer.';

// One load per bundle address, shared by the page and every element; a failed one is tried again.
const loads = new Map();

/**
 * @param {{viewUrl: URL, cssUrl: URL, wasmUrl: URL}} where lab/lab-view.js, lab/lab.css and activation_lab.wasm
 * @returns {Promise<object>} the bundle's exports (startLab, labViewFor, readLabState…), its tables and the page's lab engine
 */
export async function loadLab({ viewUrl, cssUrl, wasmUrl }) {
  // A page on disk (or with no address, the Jupyter helper's srcdoc) cannot import modules or start workers.
  if ([location.protocol, viewUrl.protocol].some((p) => p === 'file:' || p === 'about:')) throw new Error(LAB_NEEDS_SERVER);
  let loading = loads.get(viewUrl.href);
  if (!loading) {
    loading = Promise.all([import(viewUrl.href), stylesheet(cssUrl)]).then(async ([view]) => {
      // The page keeps this instance: it reads the tables, and checks a formula side where it is
      // typed or linked (the worker trains on its own instance).
      const engine = await view.loadLabEngine(wasmUrl);
      return { ...view, tables: engine.tables, engine };
    });
    loads.set(viewUrl.href, loading);
  }
  try {
    return await loading;
  } catch (error) {
    loads.delete(viewUrl.href);
    throw error;
  }
}

/** The loader as it was: a function that loads once. */
export function labLoader(where) {
  return () => loadLab(where);
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

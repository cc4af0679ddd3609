// The explorer's engine for the page and the element: served over http, the lean module
// (activation_explorer_core.wasm, no formula parser) first, and activation_explorer.wasm only
// when a formula is shown (engine.loadFormulas); inlined (standalone.html) or opened from disk,
// the full module at once, as one file (wasm-source.js).

import { loadEngine } from './activation-engine.js';
import { wasmSource } from './wasm-source.js';

export const FULL_MODULE = 'activation_explorer.wasm';
export const LEAN_MODULE = 'activation_explorer_core.wasm';

/**
 * @param {(path: string) => URL} asset where a file beside the host's script is
 * @param {{formulaFirst?: boolean}} [options] formulaFirst: the first view shows a formula (a
 *   formula link), so the full module is loaded at once instead of the lean one and then it
 */
export async function loadExplorerEngine(asset, { formulaFirst = false } = {}) {
  const full = await wasmSource(asset(FULL_MODULE));
  if (!(full instanceof URL) || formulaFirst) return loadEngine(full);
  try {
    return await loadEngine(asset(LEAN_MODULE), { fileName: LEAN_MODULE, formulas: { source: () => full, fileName: FULL_MODULE } });
  } catch {
    // A host that copied only activation_explorer.wasm beside its bundle (as before the lean module) still works.
    return loadEngine(full);
  }
}

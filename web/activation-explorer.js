// The npm package's main entry: the engine (activation-engine.js) that finds its own wasm.
//   import { loadEngine } from 'activation-explorer';
//   const engine = await loadEngine();
//   engine.sample({ functionId: 'leaky_relu', params: { alpha: 0.1 }, from: -1, to: 1, n: 3 });
// In browsers and bundlers the wasm is fetched from beside this file (the new URL form below
// is the one bundlers follow to emit it); in Node, whose fetch takes no file: URL, it is read.

import { ActivationEngine, instantiateModule, loadEngine as loadEngineFrom } from './activation-engine.js';

export { ActivationEngine, instantiateModule };

/**
 * Instantiates the engine. With no argument, from the activation_explorer.wasm of this package.
 * @param {URL | string | Response | ArrayBuffer | ArrayBufferView} [source]
 * @param {object} [options] as activation-engine.js's loadEngine: fileName, formulas (for the lean module)
 * @returns {Promise<ActivationEngine>}
 */
export async function loadEngine(source, options = {}) {
  const wasm = source ?? new URL('./activation_explorer.wasm', import.meta.url);
  return loadEngineFrom(await readIfLocalFile(wasm), options);
}

async function readIfLocalFile(source) {
  const url = source instanceof URL ? source : null;
  if (url?.protocol !== 'file:' || !globalThis.process?.versions?.node) return source;
  // A specifier in a variable: bundlers for the browser leave this import alone.
  const fsModule = 'node:fs/promises';
  const { readFile } = await import(/* @vite-ignore */ /* webpackIgnore: true */ fsModule);
  return readFile(url);
}

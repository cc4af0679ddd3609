// Where the wasm module comes from, one way for the page, the element and the single file:
//  1. inlined in the page (<script id="ae-wasm"> in standalone.html): its bytes;
//  2. a page opened from disk (file:): browsers refuse to fetch file: URLs but run file:
//     scripts, so activation_explorer.wasm.js beside the wasm sets it as base64;
//  3. anywhere else: the wasm's URL, which loadEngine fetches.

import { loadScript } from './load-script.js';

const FILE_HELP = 'Opened from a file, the page could not load activation_explorer.wasm.js beside it. Open standalone.html instead, or serve this folder (./scripts/serve, or python3 -m http.server) and open it over http.';

/**
 * @param {URL} wasmUrl where activation_explorer.wasm is (beside the script that asks)
 * @returns {Promise<Uint8Array | URL>} what loadEngine takes
 */
export async function wasmSource(wasmUrl) {
  const inline = globalThis.document?.getElementById('ae-wasm');
  if (inline) return base64Bytes(inline.textContent);
  if (wasmUrl.protocol === 'file:' && globalThis.document) {
    if (globalThis.activationExplorerWasm === undefined) await loadScript(new URL(`${wasmUrl.href}.js`), FILE_HELP);
    return base64Bytes(globalThis.activationExplorerWasm);
  }
  return wasmUrl;
}

function base64Bytes(text) {
  const binary = atob(text.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// Loading a wasm module: one way for both engines to get an instance from a URL, a fetch
// Response or the bytes, with no Emscripten glue (the modules are -sSTANDALONE_WASM).

/**
 * The bare module: its C ABI exports, a count of memory growths, and fresh(), which makes a new
 * instance of the same compiled module synchronously (a new heap and stack: what a caller uses
 * after a trap). The engines wrap it (WasmBoundary); benchmarks call the ABI directly, with no
 * JavaScript in between.
 * @param {{fileName?: string}} [options] the module's file name, as a failure to load names it
 * @example
 *   const { exports } = await instantiateModule(new URL('activation_explorer.wasm', import.meta.url));
 *   JSON.parse(readCString(exports, exports.ae_abi_json()));
 */
export async function instantiateModule(source, { fileName = 'activation_explorer.wasm' } = {}) {
  let growths = 0;
  const imports = {
    env: { emscripten_notify_memory_growth: () => { growths += 1; } },
    // Reached only through abort() (e.g. out of memory): surface it as an exception.
    wasi_snapshot_preview1: { proc_exit: (code) => { throw new Error(`The wasm module aborted (exit ${code}).`); } },
  };
  const { module, instance } = await instantiate(source, imports, fileName);
  const ready = (fresh) => {
    fresh.exports._initialize();
    return fresh.exports;
  };
  return { exports: ready(instance), growths: () => growths, fresh: () => ready(new WebAssembly.Instance(module, imports)) };
}

async function instantiate(source, imports, fileName) {
  try {
    if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
      return await WebAssembly.instantiate(source, imports);
    }
    const response = source instanceof Response ? source : await fetch(source);
    if (!response.ok) {
      throw new Error(`The calculation engine (${fileName}) could not be loaded: ${response.status} ${response.statusText}.`);
    }
    // Streaming needs the application/wasm type; static hosts that send another still work.
    if (response.headers.get('Content-Type')?.startsWith('application/wasm')) {
      return await WebAssembly.instantiateStreaming(response, imports);
    }
    return await WebAssembly.instantiate(await response.arrayBuffer(), imports);
  } catch (error) {
    throw explainLoadFailure(error, fileName);
  }
}

// Turns the browser's wording into what the person who embeds the page can act on.
function explainLoadFailure(error, fileName) {
  const text = String(error?.message ?? error);
  if (/Content Security Policy|unsafe-eval|CSP/i.test(text)) {
    return new Error("This page's Content-Security-Policy blocks WebAssembly. Add 'wasm-unsafe-eval' to its script-src to show the plot.");
  }
  if (error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError) {
    return new Error(`The calculation engine (${fileName}) is damaged or from another version: ${text}`);
  }
  if (error instanceof TypeError && /fetch/i.test(text)) {
    return new Error(`The calculation engine (${fileName}) could not be fetched. Open the page through a web server (./scripts/serve), not from a file.`);
  }
  return error instanceof Error ? error : new Error(text);
}

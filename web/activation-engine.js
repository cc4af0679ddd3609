// Owns the wasm instance and its memory: loads the module once, allocates the sample
// buffers once (growing them only for a larger n), re-takes heap views after memory growth,
// and hands callers fresh arrays they own. Nothing here knows a formula: the catalog and
// every number come from the C++ core through its C ABI (cpp/c_api/activation_explorer.h).

const AE_OK = 0;
const DOUBLE = 8;
const PARAM_SLOTS = 16;
const FORMULA = { value: 0, derivative: 1 };

/**
 * Instantiates the module from a URL, a fetch Response, or its bytes.
 * @example
 *   const engine = await loadEngine(new URL('activation_explorer.wasm', import.meta.url));
 *   const s = engine.sample({ functionId: 'leaky_relu', params: { alpha: 0.1 }, from: -1, to: 1, n: 5 });
 */
export async function loadEngine(source) {
  const module = await instantiateModule(source);
  return new ActivationEngine(module.exports, module.growths);
}

/**
 * The bare module: its C ABI exports (activation_explorer.h), a count of memory growths, and
 * fresh(), which makes a new instance of the same compiled module synchronously (a new heap and
 * stack: what a caller uses after a trap). loadEngine wraps it; benchmarks call the ABI
 * directly, with no JavaScript in between.
 */
export async function instantiateModule(source) {
  let growths = 0;
  const imports = {
    env: { emscripten_notify_memory_growth: () => { growths += 1; } },
    // Reached only through abort() (e.g. out of memory): surface it as an exception.
    wasi_snapshot_preview1: { proc_exit: (code) => { throw new Error(`The wasm module aborted (exit ${code}).`); } },
  };
  const { module, instance } = await instantiate(source, imports);
  const ready = (fresh) => {
    fresh.exports._initialize();
    return fresh.exports;
  };
  return { exports: ready(instance), growths: () => growths, fresh: () => ready(new WebAssembly.Instance(module, imports)) };
}

async function instantiate(source, imports) {
  try {
    if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
      return await WebAssembly.instantiate(source, imports);
    }
    const response = source instanceof Response ? source : await fetch(source);
    if (!response.ok) {
      throw new Error(`The calculation engine (activation_explorer.wasm) could not be loaded: ${response.status} ${response.statusText}.`);
    }
    // Streaming needs the application/wasm type; static hosts that send another still work.
    if (response.headers.get('Content-Type')?.startsWith('application/wasm')) {
      return await WebAssembly.instantiateStreaming(response, imports);
    }
    return await WebAssembly.instantiate(await response.arrayBuffer(), imports);
  } catch (error) {
    throw explainLoadFailure(error);
  }
}

// Turns the browser's wording into what the person who embeds the page can act on.
function explainLoadFailure(error) {
  const text = String(error?.message ?? error);
  if (/Content Security Policy|unsafe-eval|CSP/i.test(text)) {
    return new Error("This page's Content-Security-Policy blocks WebAssembly. Add 'wasm-unsafe-eval' to its script-src to show the plot.");
  }
  if (error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError) {
    return new Error(`The calculation engine (activation_explorer.wasm) is damaged or from another version: ${text}`);
  }
  if (error instanceof TypeError && /fetch/i.test(text)) {
    return new Error('The calculation engine (activation_explorer.wasm) could not be fetched. Open the page through a web server (./scripts/serve), not from a file.');
  }
  return error instanceof Error ? error : new Error(text);
}

export class ActivationEngine {
  #wasm;
  #growthCount;
  #catalog;
  #indexById = new Map();
  #params; // PARAM_SLOTS doubles, engine-owned, reused
  #kinks; // AE_MAX_KINKS rows of KINK_STRIDE doubles
  #count; // one int32
  #samples = { x: 0, f: 0, df: 0, d2f: 0, capacity: 0 };
  #heapBuffer = null;
  #allocations = 0;
  #f64 = null;
  #u8 = null;
  #i32 = null;

  constructor(wasmExports, growthCount) {
    this.#wasm = wasmExports;
    this.#growthCount = growthCount;
    this.#catalog = JSON.parse(this.#readString(wasmExports.ae_catalog_json()));
    this.#catalog.functions.forEach((fn, index) => this.#indexById.set(fn.id, index));
    this.#params = this.#allocate(PARAM_SLOTS * DOUBLE);
    this.#kinks = this.#allocate(this.#catalog.limits.maxKinks * this.#catalog.kinkRow.stride * DOUBLE);
    this.#count = this.#allocate(4);
  }

  /** The catalog as the C++ core describes it: functions, parameters, presets, conventions, limits. */
  get catalog() { return this.#catalog; }

  /** Bytes of wasm linear memory now; constant once the buffers fit the largest n used. */
  get memoryBytes() { return this.#wasm.memory.buffer.byteLength; }

  /** How many times the wasm memory has grown since loading. */
  get memoryGrowths() { return this.#growthCount(); }

  /** How many wasm heap allocations the engine has made: its buffers, then only for a larger n. */
  get allocations() { return this.#allocations; }

  /**
   * The C++ core's verdict on a parameter set: null when it can be used, else why not.
   * Written as an arrow property so it can be handed on as a checker (url-state.js).
   */
  parameterProblem = (functionId, params) => {
    const result = this.kinks({ functionId, params });
    return result.ok ? null : result.message;
  };

  /** The function's spec from the catalog, or undefined. */
  functionSpec(functionId) { return this.#catalog.functions[this.#indexById.get(functionId)]; }

  /**
   * Samples f and f' (and f'' when `second`) on numpy.linspace(from, to, n) plus the kinks inside.
   * @returns {{ok: true, x: Float64Array, f: Float64Array, df: Float64Array, d2f?: Float64Array} | {ok: false, status: number, message: string}}
   *   The arrays are fresh copies the caller owns (Plotly redraws only for new arrays) or, with
   *   `borrow`, views of the engine's buffers: no copy, valid only until the next engine call.
   */
  sample({ functionId, params = {}, atKink = 'pytorch', dtype = 'float64', from, to, n, second = false, borrow = false }) {
    const call = this.#prepare(functionId, params, atKink, dtype);
    if (!call.ok) return call;
    this.#ensureSampleCapacity(n);
    const { x, f, df, d2f, capacity } = this.#samples;
    const status = this.#wasm.ae_sample(call.index, this.#params, call.paramCount, call.convention, call.dtype, from, to, n,
      x, f, df, second ? d2f : 0, capacity, this.#count);
    if (status !== AE_OK) return this.#failure(status);
    const count = this.#heapI32()[this.#count >> 2];
    const heap = this.#heapF64();
    const copy = (pointer) => heap[borrow ? 'subarray' : 'slice'](pointer / DOUBLE, pointer / DOUBLE + count);
    const result = { ok: true, x: copy(x), f: copy(f), df: copy(df) };
    if (second) result.d2f = copy(d2f);
    return result;
  }

  /**
   * The kinks of a function: where f' (or f) jumps, with one-sided limits and the value
   * each convention returns there.
   */
  kinks({ functionId, params = {} }) {
    const call = this.#prepare(functionId, params, 'pytorch');
    if (!call.ok) return call;
    const { maxKinks } = this.#catalog.limits;
    const status = this.#wasm.ae_kinks(call.index, this.#params, call.paramCount, this.#kinks, maxKinks, this.#count);
    if (status !== AE_OK) return this.#failure(status);
    const count = this.#heapI32()[this.#count >> 2];
    const heap = this.#heapF64();
    // The row layout is the catalog's (kinkRow): named fields, then f' per convention.
    const { stride, fields, dfAtOffset } = this.#catalog.kinkRow;
    const kinks = [];
    for (let k = 0; k < count; k += 1) {
      const row = heap.subarray(this.#kinks / DOUBLE + k * stride, this.#kinks / DOUBLE + (k + 1) * stride);
      kinks.push({
        ...Object.fromEntries(fields.map((name, i) => [name, row[i]])),
        dfAt: Object.fromEntries(this.#catalog.conventions.map((c, i) => [c.id, row[dfAtOffset + i]])),
      });
    }
    return { ok: true, kinks };
  }

  /**
   * Where the low-precision kernel's f' is exactly 0 and f constant, over every value of the
   * dtype (float32, bfloat16, float16): bounds are null where a tail does not exist.
   * @returns {{ok: true, dfZeroUpTo, dfZeroFrom, fConstantUpTo, fLeft, fConstantFrom, fRight} | {ok: false, status, message}}
   */
  saturation({ functionId, params = {}, atKink = 'pytorch', dtype }) {
    const call = this.#prepare(functionId, params, atKink, dtype);
    if (!call.ok) return call;
    const status = this.#wasm.ae_saturation(call.index, this.#params, call.paramCount, call.convention, call.dtype, this.#kinks);
    if (status !== AE_OK) return this.#failure(status);
    const values = this.#heapF64().subarray(this.#kinks / DOUBLE, this.#kinks / DOUBLE + 6);
    const bound = (v) => (Number.isNaN(v) ? null : v);
    const names = ['dfZeroUpTo', 'dfZeroFrom', 'fConstantUpTo', 'fLeft', 'fConstantFrom', 'fRight'];
    return { ok: true, ...Object.fromEntries(names.map((name, i) => [name, bound(values[i])])) };
  }

  /** MathML of f ('value') or f' ('derivative') with the parameters filled in. */
  formula({ functionId, params = {}, atKink = 'pytorch', which }) {
    const call = this.#prepare(functionId, params, atKink);
    if (!call.ok) return call;
    const pointer = this.#wasm.ae_formula(call.index, this.#params, call.paramCount, call.convention, FORMULA[which] ?? -1);
    if (pointer === 0) return { ok: false, status: -1, message: this.#readString(this.#wasm.ae_last_error()) };
    return { ok: true, mathml: this.#readString(pointer) };
  }

  // Resolves ids to the ABI's indices and writes the parameters, in catalog order, to the heap.
  #prepare(functionId, params, atKink, dtypeId = 'float64') {
    const index = this.#indexById.get(functionId);
    if (index === undefined) return { ok: false, status: 1, message: `Unknown activation function "${functionId}".` };
    const convention = this.#catalog.conventions.findIndex((c) => c.id === atKink);
    if (convention < 0) return { ok: false, status: 10, message: `Unknown convention "${atKink}" for the derivative at a kink.` };
    const dtype = this.#catalog.dtypes.findIndex((d) => d.id === dtypeId);
    if (dtype < 0) return { ok: false, status: 12, message: `Unknown dtype "${dtypeId}".` };
    const specs = this.#catalog.functions[index].parameters;
    const heap = this.#heapF64();
    specs.forEach((p, i) => { heap[this.#params / DOUBLE + i] = p.id in params ? Number(params[p.id]) : p.default; });
    return { ok: true, index, convention, dtype, paramCount: specs.length };
  }

  #failure(status) {
    return { ok: false, status, message: this.#readString(this.#wasm.ae_last_error()) };
  }

  // Grows the three sample buffers only when n exceeds what they hold; the C++ core still
  // checks n, so a bad n needs no room and no error here.
  #ensureSampleCapacity(n) {
    const { maxSamples, maxKinks } = this.#catalog.limits;
    if (!(Number.isInteger(n) && n > 0 && n <= maxSamples)) return;
    const needed = n + maxKinks;
    if (needed <= this.#samples.capacity) return;
    const arrays = ['x', 'f', 'df', 'd2f'];
    for (const key of arrays) {
      if (this.#samples[key]) this.#wasm.free(this.#samples[key]);
    }
    const capacity = Math.max(needed, 1024);
    this.#samples = { capacity };
    for (const key of arrays) this.#samples[key] = this.#allocate(capacity * DOUBLE);
  }

  #allocate(bytes) {
    this.#allocations += 1;
    const pointer = this.#wasm.malloc(bytes);
    if (pointer === 0) throw new Error(`The wasm module could not allocate ${bytes} bytes.`);
    return pointer;
  }

  // Memory growth detaches the old ArrayBuffer: always take views of the current one.
  #refreshViews() {
    const buffer = this.#wasm.memory.buffer;
    if (buffer === this.#heapBuffer) return;
    this.#heapBuffer = buffer;
    this.#f64 = new Float64Array(buffer);
    this.#u8 = new Uint8Array(buffer);
    this.#i32 = new Int32Array(buffer);
  }

  #heapF64() { this.#refreshViews(); return this.#f64; }
  #heapI32() { this.#refreshViews(); return this.#i32; }
  #heapU8() { this.#refreshViews(); return this.#u8; }

  #readString(pointer) {
    const heap = this.#heapU8();
    const end = heap.indexOf(0, pointer);
    return new TextDecoder().decode(heap.subarray(pointer, end));
  }
}

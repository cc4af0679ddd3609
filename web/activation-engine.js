// The explorer's engine: the catalog's functions sampled by the C++ core through its C ABI
// (cpp/c_api/activation_explorer.h), and formulas the reader types, registered as functions
// (registerFormula). Nothing here knows a function or a layout: the catalog,
// every status code, the parameter slots and the rows come from the module
// (ae_catalog_json, ae_abi_json). The heap, its growth, allocation and traps are the boundary's
// (engine/wasm-boundary.js, shared with the lab's engine).

import { WasmBoundary, instantiateModule } from './engine/wasm-boundary.js';
import { nulProblem } from './engine/heap.js';

export { instantiateModule };

const DOUBLE = Float64Array.BYTES_PER_ELEMENT;
const INT = Int32Array.BYTES_PER_ELEMENT;
// The four sample arrays (x, f, f', f'') share one scratch buffer, each `capacity` doubles.
const SAMPLE_ARRAYS = ['x', 'f', 'df', 'd2f'];
// Below this many points the buffers are not grown again: the page's usual n fits at once.
const MIN_SAMPLE_CAPACITY = 1024;
// The strings written for ae_formula_register: room for any formula the C++ core accepts (1,000
// characters, 4 UTF-8 bytes at most each) without growing; the core names a longer one.
const FORMULA_TEXT_BYTES = { minBytes: 4096, maxBytes: 64 * 1024 };
const FORMULA_ID_BYTES = { minBytes: 64, maxBytes: 4096 };

/**
 * Instantiates the module from a URL, a fetch Response, or its bytes.
 * @param {{fileName?: string, formulas?: {source: () => (URL | Response | Uint8Array | Promise<URL | Response | Uint8Array>), fileName: string}}} [options]
 *   fileName: the module's, as a failure to load names it; formulas: where the full module is,
 *   for a lean module without the formula parser (activation_explorer_core.wasm), which
 *   loadFormulas() fetches when a formula is first needed.
 * @example
 *   const engine = await loadEngine(new URL('activation_explorer.wasm', import.meta.url));
 *   const s = engine.sample({ functionId: 'leaky_relu', params: { alpha: 0.1 }, from: -1, to: 1, n: 5 });
 */
export async function loadEngine(source, { fileName, formulas = null } = {}) {
  const module = await instantiateModule(source, fileName ? { fileName } : {});
  return new ActivationEngine(module.exports, module.growths, module.fresh, { formulas });
}

export class ActivationEngine {
  #boundary;
  #growthCount;
  #catalog;
  // id -> position in the catalog's functions, and id -> the function's handle in the C ABI (a
  // built-in's is its position; a registered formula's is what ae_formula_register said).
  #indexById = new Map();
  #handleById = new Map();
  #builtinCount = 0;
  #registered = new Map();  // id -> { handle, text }, the formulas this engine registered
  // Per instance, allocated once (see #allocateSlots): the parameters, the kink rows (also the
  // saturation record) and one int for a call's count. Engine-owned; freed with the instance.
  #slots = null;
  // Where the full module is, for a lean one (loadEngine's `formulas`); the load under way; why
  // the last one failed (registerFormula says it).
  #formulaSource;
  #formulaLoad = null;
  #formulaLoadError = null;

  /**
   * @param wasmExports the module's exports (activation_explorer.h)
   * @param {() => number} growthCount how many times the memory has grown
   * @param {(() => object) | null} [fresh] the exports of a new instance, used after a trap
   * @param {{formulas?: object | null}} [options] loadEngine's `formulas`
   */
  constructor(wasmExports, growthCount, fresh = null, { formulas = null } = {}) {
    this.#formulaSource = formulas;
    this.#attachModule(wasmExports, growthCount, fresh);
    this.#builtinCount = this.#catalog.functions.length;
  }

  // Takes a module (the first, or the full one loadFormulas brings) as this engine's instance.
  #attachModule(wasmExports, growthCount, fresh) {
    this.#growthCount = growthCount;
    this.#boundary = null;
    this.#boundary = new WasmBoundary(wasmExports, {
      fresh,
      label: 'The calculation engine',
      stopped: (cause) => `The calculation engine stopped: ${cause}; it starts again with the next change.`,
      onInstance: (heap, abi) => {
        this.#allocateSlots(heap, abi);
        // A fresh instance after a trap knows only the built-ins: the formulas are registered again.
        if (this.#boundary) this.#restoreFormulas(this.#boundary.exports, heap);
      },
    });
    this.#readCatalog(wasmExports);
  }

  /** Whether this engine parses formulas now (the full module), or needs loadFormulas() first (the lean one). */
  get hasFormulas() { return typeof this.#boundary.exports?.ae_formula_register === 'function'; }

  /**
   * Makes a lean engine (activation_explorer_core.wasm) a full one: fetches activation_explorer.wasm
   * once and takes it as this engine's instance, so every holder of the engine can register
   * formulas. The catalog is read again (the same built-ins). Immediate for a full engine.
   * @example
   *   const loaded = await engine.loadFormulas();
   *   if (!loaded.ok) show(loaded.message);  // names the file that did not load
   * @returns {Promise<{ok: true} | {ok: false, message: string}>}
   */
  loadFormulas() {
    if (this.hasFormulas) return Promise.resolve({ ok: true });
    if (!this.#formulaSource) return Promise.resolve({ ok: false, message: this.#noFormulasMessage() });
    this.#formulaLoad ??= this.#fetchFormulas().finally(() => { this.#formulaLoad = null; });
    return this.#formulaLoad;
  }

  async #fetchFormulas() {
    const { source, fileName } = this.#formulaSource;
    try {
      const module = await instantiateModule(await source(), { fileName });
      if (!this.hasFormulas) this.#attachModule(module.exports, module.growths, module.fresh);
      this.#formulaLoadError = null;
      return { ok: true };
    } catch (error) {
      this.#formulaLoadError = String(error?.message ?? error);
      return { ok: false, message: this.#formulaLoadError };
    }
  }

  #noFormulasMessage() {
    return this.#formulaLoadError
      ?? 'This engine was loaded without the formula parser (activation_explorer_core.wasm): call await engine.loadFormulas() first, or load activation_explorer.wasm.';
  }

  /**
   * The catalog as the C++ core describes it: functions, parameters, presets, conventions, limits.
   * A new object after registerFormula or unregisterFormula (registered formulas follow the built-ins).
   */
  get catalog() { return this.#catalog; }

  /** Bytes of wasm linear memory now; constant once the buffers fit the largest n used. */
  get memoryBytes() { return this.#boundary.exports?.memory.buffer.byteLength ?? 0; }

  /** How many times the wasm memory has grown since loading. */
  get memoryGrowths() { return this.#growthCount(); }

  /** How many wasm heap allocations the engine has made: its buffers, then only for a larger n. */
  get allocations() { return this.#boundary.heap?.allocations ?? 0; }

  /**
   * The C++ core's verdict on a parameter set: null when it can be used, else why not.
   * Written as an arrow property so it can be handed on as a checker (url-state.js).
   */
  parameterProblem = (functionId, params) => {
    const result = this.kinks({ functionId, params });
    return result.ok ? null : result.message;
  };

  /**
   * The formula language as the C++ core states it (cpp/formula/grammar_json.hpp): functions,
   * constants, operators, limits, the parameters' slider, the examples and the default id.
   */
  formulaGrammar() {
    return this.#boundary.run((wasm, heap) => ({ ok: true, ...JSON.parse(heap.readString(wasm.ae_formula_grammar_json())) }));
  }

  /** The function's spec from the catalog, or undefined. */
  functionSpec(functionId) { return this.#catalog.functions[this.#indexById.get(functionId)]; }

  /**
   * Samples f and f' (and f'' when `second`) on numpy.linspace(from, to, n) plus the kinks inside.
   * @returns {{ok: true, x: Float64Array, f: Float64Array, df: Float64Array, d2f?: Float64Array} | {ok: false, status: number, message: string}}
   *   The arrays are fresh copies the caller owns (Plotly redraws only for new arrays) or, with
   *   `borrow`, views of the engine's buffers: no copy, valid only until the next engine call.
   */
  sample({ functionId, params = {}, atKink = 'pytorch', dtype = 'float64', from, to, n, second = false, borrow = false }) {
    const call = this.#resolve(functionId, params, atKink, dtype);
    if (!call.ok) return call;
    return this.#boundary.run((wasm, heap) => {
      const { pointers, capacity } = this.#sampleBuffers(heap, n);
      const { x, f, df, d2f } = pointers;
      const status = wasm.ae_sample(call.index, this.#writeParameters(heap, call.values), call.values.length, call.convention,
        call.dtype, from, to, n, x, f, df, second ? d2f : 0, capacity, this.#slots.count);
      if (status !== this.#boundary.abi.statuses.ok) return this.#boundary.failure(status);
      const count = heap.i32()[this.#slots.count / INT];
      const doubles = heap.f64();
      const copy = (pointer) => doubles[borrow ? 'subarray' : 'slice'](pointer / DOUBLE, pointer / DOUBLE + count);
      const result = { ok: true, x: copy(x), f: copy(f), df: copy(df) };
      if (second) result.d2f = copy(d2f);
      return result;
    });
  }

  /**
   * The kinks of a function: where f' (or f) jumps, with one-sided limits and the value
   * each convention returns there. A typed formula's kinks are its ties found from its
   * primitives, so it needs `from` and `to`: those in [from, to], at most the module's
   * maxRangeKinks from the left (`found` says how many there are in all); without a range it has
   * none. A built-in ignores `from` and `to` and gives all its kinks, as without them.
   * @example
   *   engine.kinks({ functionId: 'expr', params: {}, from: -10, to: 10 }).kinks[0].dfAt.tensorflow;
   * @returns {{ok: true, kinks: object[], found?: number} | {ok: false, status: number, message: string}}
   */
  kinks({ functionId, params = {}, from, to }) {
    const call = this.#resolve(functionId, params, 'pytorch');
    if (!call.ok) return call;
    const { abi } = this.#boundary;
    const ranged = this.#registered.has(functionId) && (from !== undefined || to !== undefined);
    return this.#boundary.run((wasm, heap) => {
      const parameters = this.#writeParameters(heap, call.values);
      const status = ranged
        ? wasm.ae_kinks_in(call.index, parameters, call.values.length, Number(from), Number(to), this.#slots.kinks, abi.maxRangeKinks,
          this.#slots.count, this.#slots.found)
        : wasm.ae_kinks(call.index, parameters, call.values.length, this.#slots.kinks, abi.maxKinks, this.#slots.count);
      if (status !== abi.statuses.ok) return this.#boundary.failure(status);
      const result = { ok: true, kinks: this.#kinkRows(heap, heap.i32()[this.#slots.count / INT]) };
      if (ranged) result.found = heap.i32()[this.#slots.found / INT];
      return result;
    });
  }

  // The rows ae_kinks and ae_kinks_in wrote, in the module's layout (kinkRow): named fields, then f' per convention.
  #kinkRows(heap, count) {
    const doubles = heap.f64();
    const { stride, fields, dfAtOffset } = this.#boundary.abi.kinkRow;
    const kinks = [];
    for (let k = 0; k < count; k += 1) {
      const first = this.#slots.kinks / DOUBLE + k * stride;
      const row = doubles.subarray(first, first + stride);
      kinks.push({
        ...Object.fromEntries(fields.map((name, i) => [name, row[i]])),
        dfAt: Object.fromEntries(this.#catalog.conventions.map((c, i) => [c.id, row[dfAtOffset + i]])),
      });
    }
    return kinks;
  }

  /**
   * Where the low-precision kernel's f' is exactly 0 and f constant, over every value of the
   * dtype (float32, bfloat16, float16): bounds are null where a tail does not exist.
   * @returns {{ok: true, dfZeroUpTo, dfZeroFrom, fConstantUpTo, fLeft, fConstantFrom, fRight} | {ok: false, status, message}}
   */
  saturation({ functionId, params = {}, atKink = 'pytorch', dtype }) {
    const call = this.#resolve(functionId, params, atKink, dtype);
    if (!call.ok) return call;
    const { abi } = this.#boundary;
    return this.#boundary.run((wasm, heap) => {
      const out = this.#slots.kinks;
      const status = wasm.ae_saturation(call.index, this.#writeParameters(heap, call.values), call.values.length, call.convention,
        call.dtype, out);
      if (status !== abi.statuses.ok) return this.#boundary.failure(status);
      // The record's fields, in the module's order (saturation.fields).
      const { fields } = abi.saturation;
      const values = heap.f64().subarray(out / DOUBLE, out / DOUBLE + fields.length);
      const bound = (v) => (Number.isNaN(v) ? null : v);
      return { ok: true, ...Object.fromEntries(fields.map((name, i) => [name, bound(values[i])])) };
    });
  }

  /** MathML of f ('value') or f' ('derivative') with the parameters filled in. */
  formula({ functionId, params = {}, atKink = 'pytorch', which }) {
    const call = this.#resolve(functionId, params, atKink);
    if (!call.ok) return call;
    const kind = this.#boundary.abi.formulaKinds[which] ?? -1;
    return this.#boundary.run((wasm, heap) => {
      const pointer = wasm.ae_formula(call.index, this.#writeParameters(heap, call.values), call.values.length, call.convention, kind);
      // ae_formula answers NULL with a reason and no status of its own.
      if (pointer === 0) return { ok: false, status: -1, message: heap.readString(wasm.ae_last_error()) };
      return { ok: true, mathml: heap.readString(pointer) };
    });
  }

  /**
   * Parses a formula in x (docs/formulas.md) in C++ and registers it as a function with id `id`
   * (by default the module's, "expr"; an id in use is refused): sample it, its kinks and its
   * MathML by that id as any function, with its parameters by name. The catalog gains it.
   * Ownership: the text is copied into an engine-owned scratch buffer; the entry is the module's
   * until unregisterFormula.
   * @example
   *   const r = engine.registerFormula('x * sigmoid(b * x)');
   *   if (r.ok) engine.sample({ functionId: r.functionId, params: { b: 1.702 }, from: -3, to: 3, n: 61 });
   *   else show(r.message);  // "column 5: ..."
   * @returns {{ok: true, functionId: string, handle: number, parameters: object[], spec: object} | {ok: false, status: number, message: string}}
   */
  registerFormula(text, { id } = {}) {
    const { statuses } = this.#boundary.abi;
    if (this.#boundary.exports && !this.hasFormulas) return { ok: false, status: statuses.formulaInvalid, message: this.#noFormulasMessage() };
    const cut = nulProblem(String(text));
    if (cut) return { ok: false, status: statuses.formulaInvalid, message: cut };
    const result = this.#boundary.run((wasm, heap) => {
      const status = this.#register(wasm, heap, id, String(text));
      if (status !== statuses.ok) return this.#boundary.failure(status);
      const handle = heap.i32()[this.#slots.count / INT];
      const spec = JSON.parse(heap.readString(wasm.ae_function_json(handle)));
      return { ok: true, functionId: spec.id, handle, parameters: spec.parameters, spec };
    });
    if (result.ok) {
      this.#registered.set(result.functionId, { handle: result.handle, text: String(text) });
      this.#readCatalog(this.#boundary.exports);
    }
    return result;
  }

  // ae_formula_register with the strings in engine-owned scratch buffers; the handle lands in
  // the count slot. Returns the status.
  #register(wasm, heap, id, text) {
    const textPointer = heap.writeString(text, heap.scratch('formulaText', FORMULA_TEXT_BYTES));
    const idPointer = id === undefined ? 0 : heap.writeString(id, heap.scratch('formulaId', FORMULA_ID_BYTES));
    return wasm.ae_formula_register(idPointer, textPointer, this.#slots.count);
  }

  // Registers this engine's formulas in a fresh instance, under their ids (new handles); one that
  // fails there is dropped, and the catalog says which remain.
  #restoreFormulas(wasm, heap) {
    for (const [id, formula] of this.#registered) {
      if (this.#register(wasm, heap, id, formula.text) === this.#boundary.abi.statuses.ok) {
        formula.handle = heap.i32()[this.#slots.count / INT];
      } else {
        this.#registered.delete(id);
      }
    }
    this.#readCatalog(wasm);
  }

  /**
   * Removes a formula registered with registerFormula, by its id; the C++ core refuses a built-in
   * or an unknown id. The catalog loses it.
   * @returns {{ok: true} | {ok: false, status: number, message: string}}
   */
  unregisterFormula(functionId) {
    const { statuses } = this.#boundary.abi;
    const handle = this.#handleById.get(functionId);
    if (handle === undefined) return { ok: false, status: statuses.unknownFunction, message: `Unknown activation function "${functionId}".` };
    const result = this.#boundary.run((wasm) => {
      const status = wasm.ae_formula_unregister(handle);
      return status === statuses.ok ? { ok: true } : this.#boundary.failure(status);
    });
    if (result.ok) {
      this.#registered.delete(functionId);
      this.#readCatalog(this.#boundary.exports);
    }
    return result;
  }

  // Reads the catalog JSON (rewritten by the module when the registry changed) and maps ids to
  // positions and handles.
  #readCatalog(wasm) {
    this.#catalog = JSON.parse(this.#boundary.heap.readString(wasm.ae_catalog_json()));
    this.#indexById.clear();
    this.#handleById.clear();
    this.#catalog.functions.forEach((fn, index) => {
      this.#indexById.set(fn.id, index);
      const handle = index < this.#builtinCount || this.#builtinCount === 0 ? index : this.#registered.get(fn.id)?.handle;
      if (handle !== undefined) this.#handleById.set(fn.id, handle);
    });
  }

  // Resolves ids to the ABI's handles and the parameters, in catalog order, to numbers. No heap.
  #resolve(functionId, params, atKink, dtypeId = 'float64') {
    const { statuses, maxParameters } = this.#boundary.abi;
    const index = this.#indexById.get(functionId);
    const handle = this.#handleById.get(functionId);
    if (index === undefined || handle === undefined) return { ok: false, status: statuses.unknownFunction, message: `Unknown activation function "${functionId}".` };
    const convention = this.#catalog.conventions.findIndex((c) => c.id === atKink);
    if (convention < 0) return { ok: false, status: statuses.unknownConvention, message: `Unknown convention "${atKink}" for the derivative at a kink.` };
    const dtype = this.#catalog.dtypes.findIndex((d) => d.id === dtypeId);
    if (dtype < 0) return { ok: false, status: statuses.unknownDtype, message: `Unknown dtype "${dtypeId}".` };
    const spec = this.#catalog.functions[index];
    const values = spec.parameters.map((p) => (p.id in params ? Number(params[p.id]) : p.default));
    if (values.length > maxParameters) {
      return { ok: false, status: statuses.wrongParameterCount, message: `${spec.name} takes ${values.length} parameters; the engine passes at most ${maxParameters}.` };
    }
    return { ok: true, index: handle, convention, dtype, values };
  }

  // Writes the parameters to the engine's slots (maxParameters doubles; #resolve checked the
  // count) and returns their address. Engine-owned; read by the call that follows.
  #writeParameters(heap, values) {
    heap.f64().set(values, this.#slots.params / DOUBLE);
    return this.#slots.params;
  }

  // The sample arrays for n points: one engine-owned scratch buffer, grown only when n exceeds
  // what it holds and never past the largest n. The C++ core still checks n, so a bad n needs no
  // room and no error here.
  #sampleBuffers(heap, n) {
    const { maxSamples } = this.#catalog.limits;
    // A formula's ties are added to the grid too: up to the ABI's maxRangeKinks points.
    const { maxRangeKinks } = this.#boundary.abi;
    const perPoint = SAMPLE_ARRAYS.length * DOUBLE;
    const scratch = heap.scratch('samples', { minBytes: MIN_SAMPLE_CAPACITY * perPoint, maxBytes: (maxSamples + maxRangeKinks) * perPoint });
    const needed = Number.isInteger(n) && n > 0 && n <= maxSamples ? n + maxRangeKinks : 0;
    const base = scratch.reserve(needed * perPoint);
    const capacity = Math.floor(scratch.bytes / perPoint);
    const pointers = Object.fromEntries(SAMPLE_ARRAYS.map((key, i) => [key, base + i * capacity * DOUBLE]));
    return { pointers, capacity };
  }

  // What the engine keeps per instance, allocated once when the instance starts.
  #allocateSlots(heap, abi) {
    const kinkDoubles = Math.max(abi.maxRangeKinks * abi.kinkRow.stride, abi.saturation.fields.length);
    this.#slots = {
      params: heap.allocate(abi.maxParameters * DOUBLE),
      kinks: heap.allocate(kinkDoubles * DOUBLE),
      count: heap.allocate(INT),
      found: heap.allocate(INT),
    };
  }
}

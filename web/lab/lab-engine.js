// The lab's side of the wasm module (cpp/c_api/activation_lab.h): one training run per module
// instance. Every table (datasets, initialisations, optimisers, limits) comes from the module's
// ae_lab_catalog_json, function ids from its catalog, and every status code, slot and row layout
// from its ae_abi_json, read by the boundary this shares with the explorer's engine
// (../engine/wasm-boundary.js), which also owns the heap.
//
// A trap (or an abort) inside the module leaves its stack pointer and heap where the trap found
// them, so after one the boundary discards the instance and makes a fresh one from the same
// compiled module before the next call; the run is lost and the call answers
// { ok: false, stopped: true, message: 'The lab module stopped: …; start again.' }, never a throw.

import { WasmBoundary, instantiateModule, rowLayout } from '../engine/wasm-boundary.js';
import { nulProblem } from '../engine/heap.js';

const DOUBLE = Float64Array.BYTES_PER_ELEMENT;
const INT = Int32Array.BYTES_PER_ELEMENT;
// The one scratch buffer every call shares starts this large (doubles), so a frame's reads fit.
const MIN_SCRATCH_DOUBLES = 4096;
// A formula side's id in the module while its run starts (the CLI's: actviz train --expr,
// --versus-expr), and the id describeFormula parses under (no catalog function has it).
const FORMULA_IDS = ['expr', 'expr2'];
const FORMULA_PROBE_ID = 'expr_check';
// The strings written for ae_formula_register: room for any formula the C++ core accepts (1,000
// characters, 4 UTF-8 bytes at most each) without growing; the core names a longer one.
const FORMULA_TEXT_BYTES = { minBytes: 4096, maxBytes: 64 * 1024 };
const FORMULA_ID_BYTES = { minBytes: 64, maxBytes: 64 };

/** A lab engine on its own module instance (a worker's, or a test's). */
export async function loadLabEngine(source) {
  const module = await instantiateModule(source, { fileName: 'activation_lab.wasm' });
  return new LabEngine(module.exports, module.fresh);
}

export class LabEngine {
  // The module instance, its heap and its layout table; a trap replaces the instance.
  #boundary;
  #catalog;
  #tables;
  // Steps trained since start(), so history() asks for a buffer as large as what there is.
  #steps = 0;
  #samples = 0;
  // Two ints per instance (engine-owned, allocated once): a call's count, then ae_lab_advance's pending flag.
  #count = 0;

  /**
   * @param wasmExports the lab module's exports (activation_lab.h)
   * @param fresh () => the exports of a new instance, used after a trap; without it a trap leaves the engine stopped
   */
  constructor(wasmExports, fresh = null) {
    this.#boundary = new WasmBoundary(wasmExports, {
      fresh,
      label: 'The lab module',
      stopped: (cause) => `The lab module stopped: ${cause}; start again.`,
      onInstance: (heap) => {
        this.#steps = 0;
        this.#samples = 0;
        this.#count = heap.allocate(2 * INT);
      },
    });
    const heap = this.#boundary.heap;
    this.#catalog = JSON.parse(heap.readString(wasmExports.ae_catalog_json()));
    this.#tables = JSON.parse(heap.readString(wasmExports.ae_lab_catalog_json()));
  }

  /**
   * The module's exports as the engine calls them, for tests and tools that call the C ABI
   * directly: each call that traps replaces the instance (a later read of `exports` gets the new
   * one) and throws an Error whose `cause` is the trap.
   */
  get exports() { return this.#boundary.exports; }

  /** The explorer's catalog (functions, conventions) and the lab's tables. */
  get catalog() { return this.#catalog; }
  get tables() { return this.#tables; }

  /**
   * Starts a run from settings named as the URL names them:
   * { dataset, samples, noise, hidden: [16, 16], loss, optimizer, lr, beta1, beta2, eps, batch, seed, init, atKink,
   *   sides: [{ functionId, params }, { functionId, params }] }. An unset batch is the module's
   * default (tables.limits.defaultBatch) capped at the samples. A side with `expr` (a formula in
   * x, docs/formulas.md) trains that formula, its parameters by name in `params`: it is registered
   * in the module for the start (as expr or expr2) and unregistered after it, the run keeping it.
   * @returns {{ok: true, layers: number, inputs: number, outputs: number} | {ok: false, message: string}}
   */
  start(settings) {
    let request;
    try {
      request = { config: this.#config(settings), sides: settings.sides.map((s) => (typeof s.expr === 'string' ? s : this.#catalogSide(s))) };
    } catch (error) {
      return { ok: false, message: error.message };
    }
    const { config } = request;
    const { labConfig: slot } = this.#boundary.abi;
    return this.#boundary.run((wasm, heap) => {
      const registered = [];
      try {
        const sides = request.sides.map((side, s) => (typeof side.expr === 'string' ? this.#formulaSide(wasm, heap, side, FORMULA_IDS[s], registered) : side));
        const refused = sides.find((side) => side.message !== undefined);
        if (refused) return { ok: false, message: refused.message };
        const paramsA = slot.size;
        const paramsB = paramsA + sides[0].params.length;
        const pointer = this.#scratchFor(heap, paramsB + sides[1].params.length);
        const doubles = heap.f64();
        doubles.set(config, pointer / DOUBLE);
        doubles.set(sides[0].params, pointer / DOUBLE + paramsA);
        doubles.set(sides[1].params, pointer / DOUBLE + paramsB);
        const status = wasm.ae_lab_start(pointer, slot.size, sides[0].fnIndex, pointer + paramsA * DOUBLE, sides[0].params.length,
          sides[1].fnIndex, pointer + paramsB * DOUBLE, sides[1].params.length);
        if (status !== this.#status.ok) return this.#boundary.failure(status);
        this.#steps = 0;
        this.#samples = config[slot.samples];
        const dataset = this.#tables.datasets[config[slot.dataset]];
        return { ok: true, layers: config[slot.layers], inputs: dataset.inputs, outputs: dataset.classes || 1 };
      } finally {
        // The run holds its formulas (cpp/core/registry.hpp's FunctionRef); the registry lets go.
        for (const handle of registered) wasm.ae_formula_unregister(handle);
      }
    });
  }

  /**
   * A formula's description as the module parses it, without keeping it: its parameters (id,
   * default, min, max, step) and name, or the parser's message with its column.
   * @example lab.describeFormula('x * sigmoid(b*x)')  // { ok: true, spec: { parameters: [{ id: 'b', … }], … } }
   * @returns {{ok: true, spec: object} | {ok: false, message: string}}
   */
  describeFormula(text) {
    const cut = nulProblem(String(text));
    if (cut) return { ok: false, status: this.#status.formulaInvalid, message: cut };
    return this.#boundary.run((wasm, heap) => {
      const status = this.#register(wasm, heap, FORMULA_PROBE_ID, String(text));
      if (status !== this.#status.ok) return this.#boundary.failure(status);
      const handle = heap.i32()[this.#count / INT];
      try {
        return { ok: true, spec: JSON.parse(heap.readString(wasm.ae_function_json(handle))) };
      } finally {
        wasm.ae_formula_unregister(handle);
      }
    });
  }

  /**
   * Why a side (a catalog function or a formula, with its parameters) cannot train, in the
   * module's words, or null: the check a run's start makes (a parameter out of its range, a
   * formula's catalog call given a parameter it refuses), made by starting the smallest run.
   * For the page's own engine, whose module trains nothing else.
   */
  sideProblem(side) {
    const { limits, defaults } = this.#tables;
    const started = this.start({ ...defaults, samples: limits.minSamples, batch: 0, hidden: [limits.minWidth], track: false, sides: [side, side] });
    if (started.ok) return null;
    // The module names a formula side by its id (expr: column 15: …); the caller names the side.
    return started.message.startsWith(`${FORMULA_IDS[0]}: `) ? started.message.slice(FORMULA_IDS[0].length + 2) : started.message;
  }

  // The settings as the module's config array (an unknown id throws a RangeError naming it).
  #config(settings) {
    const t = this.#tables;
    const { labConfig: slot } = this.#boundary.abi;
    const index = (list, id, what) => {
      const i = list.findIndex((entry) => (entry.id ?? entry) === id);
      if (i < 0) throw new RangeError(`Unknown ${what} "${id}".`);
      return i;
    };
    const datasetIndex = index(t.datasets, settings.dataset, 'dataset');
    const loss = settings.loss ?? (t.datasets[datasetIndex].classes === 0 ? 'mse' : 'cross_entropy');
    // What the settings leave out is the lab's default (its tables), as the page would start it.
    const given = (key) => settings[key] ?? t.defaults[key];
    const config = new Float64Array(slot.size);
    config[slot.dataset] = datasetIndex;
    config[slot.samples] = given('samples');
    config[slot.noise] = given('noise');
    config[slot.loss] = index(t.losses, loss, 'loss');
    config[slot.optimizer] = index(t.optimizers, given('optimizer'), 'optimiser');
    config[slot.lr] = given('lr');
    config[slot.beta1] = settings.beta1 ?? t.adam.beta1;
    config[slot.beta2] = settings.beta2 ?? t.adam.beta2;
    config[slot.eps] = settings.eps ?? t.adam.eps;
    config[slot.batch] = settings.batch ?? 0;  // 0: the module's default, capped at the samples
    config[slot.seed] = given('seed');
    config[slot.init] = index(t.inits, given('init'), 'initialisation');
    config[slot.atKink] = index(this.#catalog.conventions, given('atKink'), 'convention');
    config[slot.track] = settings.track === false ? 0 : 1;
    const hidden = given('hidden');
    config[slot.layers] = hidden.length;
    hidden.slice(0, t.limits.maxLayers).forEach((width, l) => { config[slot.widths + l] = width; });
    return config;
  }

  // A catalog side: its handle (the catalog index) and its parameters in the catalog's order.
  #catalogSide(side) {
    const fnIndex = this.#catalog.functions.findIndex((entry) => entry.id === side.functionId);
    if (fnIndex < 0) throw new RangeError(`Unknown activation function "${side.functionId}".`);
    const spec = this.#catalog.functions[fnIndex];
    return { fnIndex, params: this.#parameterValues(spec, side.params) };
  }

  // A formula side registered under `id` (its handle pushed on `registered`, for the caller to
  // unregister): its handle and parameters, or { message } naming the formula's problem.
  #formulaSide(wasm, heap, side, id, registered) {
    const cut = nulProblem(side.expr);
    if (cut) return { message: `${id}: ${cut}` };
    const status = this.#register(wasm, heap, id, side.expr);
    if (status !== this.#status.ok) return { message: `${id}: ${this.#boundary.failure(status).message}` };
    const handle = heap.i32()[this.#count / INT];
    registered.push(handle);
    const spec = JSON.parse(heap.readString(wasm.ae_function_json(handle)));
    try {
      return { fnIndex: handle, params: this.#parameterValues(spec, side.params) };
    } catch (error) {
      return { message: `${id}: ${error.message}` };
    }
  }

  #parameterValues(spec, given = {}) {
    const { maxParameters } = this.#boundary.abi;
    if (spec.parameters.length > maxParameters) {
      throw new RangeError(`${spec.name} takes ${spec.parameters.length} parameters; the lab passes at most ${maxParameters}.`);
    }
    return Float64Array.from(spec.parameters, (p) => (p.id in (given ?? {}) ? Number(given[p.id]) : p.default));
  }

  // ae_formula_register with the strings in engine-owned scratch buffers (bounded, reused); the
  // handle lands in the count slot. Returns the status.
  #register(wasm, heap, id, text) {
    const textPointer = heap.writeString(text, heap.scratch('formulaText', FORMULA_TEXT_BYTES));
    const idPointer = heap.writeString(id, heap.scratch('formulaId', FORMULA_ID_BYTES));
    return wasm.ae_formula_register(idPointer, textPointer, this.#count);
  }

  /** Runs up to n steps. @returns {{ok: true, done: number} | {ok: false, done: number, diverged: boolean, message: string}} */
  step(n) {
    const answer = this.#boundary.run((wasm, heap) => {
      const status = wasm.ae_lab_step(n, this.#count);
      const { ok, labDiverged } = this.#status;
      const done = status === ok || status === labDiverged ? heap.i32()[this.#count / INT] : 0;
      this.#steps += done;
      if (status === ok) return { ok: true, done };
      return { ...this.#boundary.failure(status), done, diverged: status === labDiverged };
    });
    return answer.ok ? answer : { done: 0, diverged: false, ...answer };
  }

  /**
   * A step in pieces: up to `rows` rows of work (a batch row forward and backward, or a row of
   * the dead-unit pass, for one side), resuming a pending step, stopping after `steps` completed
   * steps; the same numbers as step(). `pending`: a step is partly done (its numbers show once
   * it completes).
   * @returns {{ok: true, done: number, pending: boolean} | {ok: false, done: number, pending: boolean, diverged: boolean, message: string}}
   */
  advance(rows, steps) {
    const answer = this.#boundary.run((wasm, heap) => {
      const status = wasm.ae_lab_advance(rows, steps, this.#count, this.#count + INT);
      const { ok, labDiverged } = this.#status;
      const ran = status === ok || status === labDiverged;
      const ints = heap.i32();
      const done = ran ? ints[this.#count / INT] : 0;
      const pending = ran && ints[this.#count / INT + 1] === 1;
      this.#steps += done;
      if (status === ok) return { ok: true, done, pending };
      return { ...this.#boundary.failure(status), done, pending, diverged: status === labDiverged };
    });
    return answer.ok ? answer : { done: 0, pending: false, diverged: false, ...answer };
  }

  /**
   * A side's history from step `first` (0-based): loss per step and, per hidden layer, dead and
   * nearly dead units per step (the row's layout is the module's labHistoryRow).
   */
  history(side, first, layers) {
    return this.#boundary.run((wasm, heap) => {
      const { size: stride, offsets } = rowLayout(this.#boundary.abi.labHistoryRow, { units: 0, layers });
      // The steps from `first` on (a frame's worth while training), not room for a whole run.
      const pointer = this.#scratchFor(heap, Math.max(1, this.#steps - first) * stride);
      const status = wasm.ae_lab_history(side, first, pointer, this.#scratchDoubles(heap), this.#count);
      if (status !== this.#status.ok) return this.#boundary.failure(status);
      const steps = heap.i32()[this.#count / INT];
      const rows = heap.f64().subarray(pointer / DOUBLE, pointer / DOUBLE + steps * stride);
      const loss = new Float64Array(steps);
      const dead = Array.from({ length: layers }, () => new Int32Array(steps));
      const nearlyDead = Array.from({ length: layers }, () => new Int32Array(steps));
      for (let k = 0; k < steps; k += 1) {
        const row = k * stride;
        loss[k] = rows[row + offsets.loss];
        for (let l = 0; l < layers; l += 1) {
          dead[l][k] = rows[row + offsets.dead + l];
          nearlyDead[l][k] = rows[row + offsets.nearlyDead + l];
        }
      }
      return { ok: true, steps, loss, dead, nearlyDead };
    });
  }

  /** Now: each hidden unit's share of inputs with f′ ≠ 0 (per layer), and each layer's gradient norm (labUnits' layout). */
  units(side, widths) {
    return this.#boundary.run((wasm, heap) => {
      const layout = rowLayout(this.#boundary.abi.labUnits, { units: widths.reduce((a, b) => a + b, 0), layers: widths.length });
      const pointer = this.#scratchFor(heap, layout.size);
      const status = wasm.ae_lab_units(side, pointer, layout.size, this.#count);
      if (status !== this.#status.ok) return this.#boundary.failure(status);
      const values = heap.f64().slice(pointer / DOUBLE, pointer / DOUBLE + layout.size);
      const activity = [];
      let offset = layout.offsets.activity;
      for (const width of widths) {
        activity.push(values.slice(offset, offset + width));
        offset += width;
      }
      const norms = layout.offsets.gradientNorms;
      return { ok: true, activity, gradientNorms: Array.from(values.slice(norms, norms + layout.counts.gradientNorms)) };
    });
  }

  /** The side's outputs for n inputs (Float64Array, n × inputs): probabilities or values, n × outputs. */
  predict(side, x, n, outputs) {
    return this.#boundary.run((wasm, heap) => {
      // Room for all of x whatever n says (the module checks n against it).
      const pointer = this.#scratchFor(heap, x.length + Math.max(0, n * outputs));
      const out = pointer + x.length * DOUBLE;
      heap.f64().set(x, pointer / DOUBLE);
      const status = wasm.ae_lab_predict(side, pointer, n, out, n * outputs);
      if (status !== this.#status.ok) return this.#boundary.failure(status);
      return { ok: true, values: heap.f64().slice(out / DOUBLE, out / DOUBLE + n * outputs) };
    });
  }

  /** The training set: x (samples × inputs) and y (class index or target). */
  data(samples, inputs) {
    return this.#boundary.run((wasm, heap) => {
      const pointer = this.#scratchFor(heap, samples * (inputs + 1));
      const y = pointer + samples * inputs * DOUBLE;
      const status = wasm.ae_lab_data(pointer, samples * inputs, y, samples, this.#count);
      if (status !== this.#status.ok) return this.#boundary.failure(status);
      const doubles = heap.f64();
      return { ok: true, x: doubles.slice(pointer / DOUBLE, pointer / DOUBLE + samples * inputs), y: doubles.slice(y / DOUBLE, y / DOUBLE + samples) };
    });
  }

  /**
   * The batches of `steps` steps from step `first` (0-based) on, which the module regenerates
   * from the seed (it keeps none): per step an Int32Array of indices into the training set.
   * Fewer when the run has taken fewer steps.
   */
  batches(first, steps) {
    return this.#boundary.run((wasm, heap) => {
      // Room for at least one whole batch (a batch is at most the samples), as ints.
      const doubles = Math.max(MIN_SCRATCH_DOUBLES, Math.ceil((1 + this.#samples) * INT / DOUBLE));
      const pointer = this.#scratchFor(heap, doubles);
      const room = Math.floor(this.#scratchDoubles(heap) * (DOUBLE / INT));
      const batches = [];
      while (batches.length < steps) {
        const status = wasm.ae_lab_batches(first + batches.length, pointer, room, this.#count);
        if (status !== this.#status.ok) return this.#boundary.failure(status);
        const ints = heap.i32();
        const written = ints[this.#count / INT];
        if (written === 0) break;
        let at = pointer / INT;
        for (let k = 0; k < written && batches.length < steps; k += 1) {
          batches.push(ints.slice(at + 1, at + 1 + ints[at]));
          at += 1 + ints[at];
        }
      }
      return { ok: true, batches };
    });
  }

  /** The run in one sentence with what its numbers mean (cpp/lab/summary.cpp; actviz train ends with it). */
  summary() {
    return this.#boundary.run((wasm, heap) => {
      const pointer = wasm.ae_lab_summary();
      if (pointer === 0) return this.#boundary.failure(this.#status.labNotStarted);
      return { ok: true, text: heap.readString(pointer) };
    });
  }

  /** The run as JSON text (docs/lab.md). */
  exportJson() {
    return this.#boundary.run((wasm, heap) => {
      const pointer = wasm.ae_lab_export();
      if (pointer === 0) return this.#boundary.failure(this.#status.labNotStarted);
      return { ok: true, json: heap.readString(pointer) };
    });
  }

  get #status() { return this.#boundary.abi.statuses; }

  // The engine's one scratch buffer (on the current instance's heap), holding at least `doubles`:
  // reused by every call, grown only when a call needs more, up to the largest allocation. A
  // failed allocation throws NoRoom, which the boundary answers as a value naming the bytes.
  #scratchFor(heap, doubles) {
    return heap.scratch('call', { minBytes: MIN_SCRATCH_DOUBLES * DOUBLE }).reserve(doubles * DOUBLE);
  }

  #scratchDoubles(heap) {
    return Math.floor(heap.scratch('call').bytes / DOUBLE);
  }
}

// The lab's side of the wasm module (cpp/c_api/activation_lab.h): one training run per module
// instance. Every table (datasets, initialisations, optimisers, limits, the config layout)
// comes from the module's ae_lab_catalog_json; function ids from its catalog.
//
// A trap (or an abort) inside the module leaves its stack pointer and heap where the trap found
// them, so after one the engine discards the instance and makes a fresh one from the same
// compiled module before the next call; the run is lost and the call answers
// { ok: false, stopped: true, message: 'The lab module stopped: …; start again.' }, never a throw.

import { instantiateModule } from '../activation-engine.js';

const AE_OK = 0;
const AE_LAB_DIVERGED = 14;
const DOUBLE = 8;
const INT = 4;
// malloc takes a signed 32-bit size.
const LARGEST_ALLOCATION = 2 ** 31 - 1;

/** A lab engine on its own module instance (a worker's, or a test's). */
export async function loadLabEngine(source) {
  const module = await instantiateModule(source);
  return new LabEngine(module.exports, module.fresh);
}

// An exception that left one of the module's exports: the instance is not to be trusted again.
class ModuleStopped extends Error {
  constructor(cause) {
    super(`The lab module stopped: ${cause?.message ?? cause}; start again.`, { cause });
  }
}

// The module had no memory for the buffer a call needs (malloc returned 0).
class NoBuffer extends Error {
  constructor(bytes) {
    super(`The lab module could not allocate ${bytes} bytes for this call.`);
  }
}

export class LabEngine {
  // The module's exports, each call guarded (see #attach); null once no fresh instance could be made.
  #wasm = null;
  // () => the exports of a new instance of the same compiled module, or null.
  #fresh;
  #catalog;
  #tables;
  #scratch = { pointer: 0, doubles: 0 };
  // Steps trained since start(), so history() asks for a buffer as large as what there is.
  #steps = 0;
  #samples = 0;
  #count = 0;

  /**
   * @param wasmExports the lab module's exports (activation_lab.h)
   * @param fresh () => the exports of a new instance, used after a trap; without it a trap leaves the engine stopped
   */
  constructor(wasmExports, fresh = null) {
    this.#fresh = fresh;
    this.#attach(wasmExports);
    this.#catalog = JSON.parse(this.#string(this.#wasm.ae_catalog_json()));
    this.#tables = JSON.parse(this.#string(this.#wasm.ae_lab_catalog_json()));
  }

  /**
   * The module's exports as the engine calls them, for tests and tools that call the C ABI
   * directly: each call that traps replaces the instance (a later read of `exports` gets the new
   * one) and throws an Error whose `cause` is the trap.
   */
  get exports() { return this.#wasm; }

  /** The explorer's catalog (functions, conventions) and the lab's tables. */
  get catalog() { return this.#catalog; }
  get tables() { return this.#tables; }

  /**
   * Starts a run from settings named as the URL names them:
   * { dataset, samples, noise, hidden: [16, 16], loss, optimizer, lr, beta1, beta2, eps, batch, seed, init, atKink,
   *   sides: [{ functionId, params }, { functionId, params }] }. An unset batch is the module's
   * default (tables.limits.defaultBatch) capped at the samples.
   * @returns {{ok: true, layers: number, inputs: number, outputs: number} | {ok: false, message: string}}
   */
  start(settings) {
    const t = this.#tables;
    const slot = t.config;
    const index = (list, id, what) => {
      const i = list.findIndex((entry) => (entry.id ?? entry) === id);
      if (i < 0) throw new RangeError(`Unknown ${what} "${id}".`);
      return i;
    };
    let config;
    let sides;
    try {
      const datasetIndex = index(t.datasets, settings.dataset, 'dataset');
      const loss = settings.loss ?? (t.datasets[datasetIndex].classes === 0 ? 'mse' : 'cross_entropy');
      config = new Float64Array(slot.size);
      config[slot.dataset] = datasetIndex;
      config[slot.samples] = settings.samples ?? 300;
      config[slot.noise] = settings.noise ?? 0.1;
      config[slot.loss] = index(t.losses, loss, 'loss');
      config[slot.optimizer] = index(t.optimizers, settings.optimizer ?? 'sgd', 'optimiser');
      config[slot.lr] = settings.lr ?? 0.1;
      config[slot.beta1] = settings.beta1 ?? 0.9;
      config[slot.beta2] = settings.beta2 ?? 0.999;
      config[slot.eps] = settings.eps ?? 1e-8;
      config[slot.batch] = settings.batch ?? 0;  // 0: the module's default, capped at the samples
      config[slot.seed] = settings.seed ?? 7;
      config[slot.init] = index(t.inits, settings.init ?? 'he', 'initialisation');
      config[slot.atKink] = index(this.#catalog.conventions, settings.atKink ?? 'pytorch', 'convention');
      config[slot.track] = settings.track === false ? 0 : 1;
      const hidden = settings.hidden ?? [16, 16];
      config[slot.layers] = hidden.length;
      hidden.slice(0, t.limits.maxLayers).forEach((width, l) => { config[slot.widths + l] = width; });
      sides = settings.sides.map((s) => {
        const fnIndex = index(this.#catalog.functions, s.functionId, 'activation function');
        const spec = this.#catalog.functions[fnIndex];
        return { fnIndex, params: Float64Array.from(spec.parameters, (p) => (p.id in (s.params ?? {}) ? Number(s.params[p.id]) : p.default)) };
      });
    } catch (error) {
      return { ok: false, message: error.message };
    }
    return this.#guard(() => {
      const paramsA = slot.size;
      const paramsB = paramsA + sides[0].params.length;
      const pointer = this.#scratchFor(paramsB + sides[1].params.length);
      const heap = this.#f64();
      heap.set(config, pointer / DOUBLE);
      heap.set(sides[0].params, pointer / DOUBLE + paramsA);
      heap.set(sides[1].params, pointer / DOUBLE + paramsB);
      const status = this.#wasm.ae_lab_start(pointer, slot.size, sides[0].fnIndex, pointer + paramsA * DOUBLE, sides[0].params.length,
        sides[1].fnIndex, pointer + paramsB * DOUBLE, sides[1].params.length);
      if (status !== AE_OK) return this.#failure();
      this.#steps = 0;
      this.#samples = config[slot.samples];
      const dataset = t.datasets[config[slot.dataset]];
      return { ok: true, layers: config[slot.layers], inputs: dataset.inputs, outputs: dataset.classes || 1 };
    });
  }

  /** Runs up to n steps. @returns {{ok: true, done: number} | {ok: false, done: number, diverged: boolean, message: string}} */
  step(n) {
    const answer = this.#guard(() => {
      const status = this.#wasm.ae_lab_step(n, this.#count);
      const done = status === AE_OK || status === AE_LAB_DIVERGED ? this.#i32()[this.#count / INT] : 0;
      this.#steps += done;
      if (status === AE_OK) return { ok: true, done };
      return { ...this.#failure(), done, diverged: status === AE_LAB_DIVERGED };
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
    const answer = this.#guard(() => {
      const status = this.#wasm.ae_lab_advance(rows, steps, this.#count, this.#count + INT);
      const ran = status === AE_OK || status === AE_LAB_DIVERGED;
      const done = ran ? this.#i32()[this.#count / INT] : 0;
      const pending = ran && this.#i32()[this.#count / INT + 1] === 1;
      this.#steps += done;
      if (status === AE_OK) return { ok: true, done, pending };
      return { ...this.#failure(), done, pending, diverged: status === AE_LAB_DIVERGED };
    });
    return answer.ok ? answer : { done: 0, pending: false, diverged: false, ...answer };
  }

  /**
   * A side's history from step `first` (0-based): loss per step and, per hidden layer, dead and
   * nearly dead units per step.
   */
  history(side, first, layers) {
    return this.#guard(() => {
      const stride = 1 + 2 * layers;
      // The steps from `first` on (a frame's worth while training), not room for a whole run.
      const pointer = this.#scratchFor(Math.max(1, this.#steps - first) * stride);
      const status = this.#wasm.ae_lab_history(side, first, pointer, this.#scratch.doubles, this.#count);
      if (status !== AE_OK) return this.#failure();
      const steps = this.#i32()[this.#count / INT];
      const rows = this.#f64().subarray(pointer / DOUBLE, pointer / DOUBLE + steps * stride);
      const loss = new Float64Array(steps);
      const dead = Array.from({ length: layers }, () => new Int32Array(steps));
      const nearlyDead = Array.from({ length: layers }, () => new Int32Array(steps));
      for (let k = 0; k < steps; k += 1) {
        loss[k] = rows[k * stride];
        for (let l = 0; l < layers; l += 1) {
          dead[l][k] = rows[k * stride + 1 + l];
          nearlyDead[l][k] = rows[k * stride + 1 + layers + l];
        }
      }
      return { ok: true, steps, loss, dead, nearlyDead };
    });
  }

  /** Now: each hidden unit's share of inputs with f′ ≠ 0 (per layer), and each layer's gradient norm. */
  units(side, widths) {
    return this.#guard(() => {
      const total = widths.reduce((a, b) => a + b, 0) + widths.length + 1;
      const pointer = this.#scratchFor(total);
      const status = this.#wasm.ae_lab_units(side, pointer, total, this.#count);
      if (status !== AE_OK) return this.#failure();
      const values = this.#f64().slice(pointer / DOUBLE, pointer / DOUBLE + total);
      const activity = [];
      let offset = 0;
      for (const width of widths) {
        activity.push(values.slice(offset, offset + width));
        offset += width;
      }
      return { ok: true, activity, gradientNorms: Array.from(values.slice(offset)) };
    });
  }

  /** The side's outputs for n inputs (Float64Array, n × inputs): probabilities or values, n × outputs. */
  predict(side, x, n, outputs) {
    return this.#guard(() => {
      const pointer = this.#scratchFor(x.length + n * outputs);
      const out = pointer + x.length * DOUBLE;
      this.#f64().set(x, pointer / DOUBLE);
      const status = this.#wasm.ae_lab_predict(side, pointer, n, out, n * outputs);
      if (status !== AE_OK) return this.#failure();
      return { ok: true, values: this.#f64().slice(out / DOUBLE, out / DOUBLE + n * outputs) };
    });
  }

  /** The training set: x (samples × inputs) and y (class index or target). */
  data(samples, inputs) {
    return this.#guard(() => {
      const pointer = this.#scratchFor(samples * (inputs + 1));
      const y = pointer + samples * inputs * DOUBLE;
      const status = this.#wasm.ae_lab_data(pointer, samples * inputs, y, samples, this.#count);
      if (status !== AE_OK) return this.#failure();
      const heap = this.#f64();
      return { ok: true, x: heap.slice(pointer / DOUBLE, pointer / DOUBLE + samples * inputs), y: heap.slice(y / DOUBLE, y / DOUBLE + samples) };
    });
  }

  /**
   * The batches of `steps` steps from step `first` (0-based) on, which the module regenerates
   * from the seed (it keeps none): per step an Int32Array of indices into the training set.
   * Fewer when the run has taken fewer steps.
   */
  batches(first, steps) {
    return this.#guard(() => {
      // Room for at least one whole batch (a batch is at most the samples), as ints.
      const doubles = Math.max(4096, Math.ceil((1 + this.#samples) * INT / DOUBLE));
      const pointer = this.#scratchFor(doubles);
      const batches = [];
      while (batches.length < steps) {
        const status = this.#wasm.ae_lab_batches(first + batches.length, pointer, this.#scratch.doubles * (DOUBLE / INT), this.#count);
        if (status !== AE_OK) return this.#failure();
        const written = this.#i32()[this.#count / INT];
        if (written === 0) break;
        const ints = this.#i32();
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
    const pointer = this.#wasm.ae_lab_summary();
    if (pointer === 0) return this.#failure();
    return { ok: true, text: this.#string(pointer) };
  }

  /** The run as JSON text (docs/lab.md). */
  exportJson() {
    return this.#guard(() => {
      const pointer = this.#wasm.ae_lab_export();
      if (pointer === 0) return this.#failure();
      return { ok: true, json: this.#string(pointer) };
    });
  }

  // Runs one call's body; a trap in the module or a failed allocation becomes an error value.
  #guard(body) {
    if (this.#wasm === null) return { ok: false, stopped: true, message: 'The lab module stopped and could not be started again; reload the page.' };
    try {
      return body();
    } catch (error) {
      if (error instanceof ModuleStopped) return { ok: false, stopped: true, message: error.message };
      if (error instanceof NoBuffer) return { ok: false, message: error.message };
      throw error;
    }
  }

  // Takes an instance's exports, each function wrapped so that an exception leaving the module
  // replaces the instance before it reaches the caller (as ModuleStopped).
  #attach(wasmExports) {
    const calls = {};
    for (const [name, value] of Object.entries(wasmExports)) {
      calls[name] = typeof value !== 'function' ? value : (...args) => {
        try {
          return value(...args);
        } catch (error) {
          this.#replace();
          throw new ModuleStopped(error);
        }
      };
    }
    this.#wasm = Object.freeze(calls);
    this.#scratch = { pointer: 0, doubles: 0 };
    this.#steps = 0;
    this.#samples = 0;
    // Two ints: a call's count, and ae_lab_advance's pending flag after it.
    this.#count = wasmExports.malloc(2 * INT);
    if (this.#count === 0) throw new NoBuffer(2 * INT);
  }

  // A fresh instance of the same compiled module: a new heap and stack, no run.
  #replace() {
    this.#wasm = null;
    if (!this.#fresh) return;
    try {
      this.#attach(this.#fresh());
    } catch {
      this.#wasm = null;
    }
  }

  // One reusable heap buffer for every call, grown when a call needs more. A failed allocation
  // leaves no buffer recorded (the next call tries again) and throws NoBuffer.
  #scratchFor(doubles) {
    if (doubles <= this.#scratch.doubles) return this.#scratch.pointer;
    if (this.#scratch.pointer) this.#wasm.free(this.#scratch.pointer);
    this.#scratch = { pointer: 0, doubles: 0 };
    const size = Math.max(doubles, 4096);
    const bytes = size * DOUBLE;
    const pointer = Number.isSafeInteger(bytes) && bytes <= LARGEST_ALLOCATION ? this.#wasm.malloc(bytes) : 0;
    if (pointer === 0) throw new NoBuffer(bytes);
    this.#scratch = { pointer, doubles: size };
    return pointer;
  }

  #failure() { return { ok: false, message: this.#string(this.#wasm.ae_last_error()) }; }
  #f64() { return new Float64Array(this.#wasm.memory.buffer); }
  #i32() { return new Int32Array(this.#wasm.memory.buffer); }
  #string(pointer) {
    const heap = new Uint8Array(this.#wasm.memory.buffer);
    return new TextDecoder().decode(heap.subarray(pointer, heap.indexOf(0, pointer)));
  }
}

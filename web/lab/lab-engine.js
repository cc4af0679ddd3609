// The lab's side of the wasm module (cpp/c_api/activation_lab.h): one training run per module
// instance. Every table (datasets, initialisations, optimisers, limits, the config layout)
// comes from the module's ae_lab_catalog_json; function ids from its catalog.

import { instantiateModule } from '../activation-engine.js';

const AE_OK = 0;
const AE_LAB_DIVERGED = 14;
const DOUBLE = 8;

/** A lab engine on its own module instance (a worker's, or a test's). */
export async function loadLabEngine(source) {
  const module = await instantiateModule(source);
  return new LabEngine(module.exports);
}

export class LabEngine {
  #wasm;
  #catalog;
  #tables;
  #scratch = { pointer: 0, doubles: 0 };
  // Steps trained since start(), so history() asks for a buffer as large as what there is.
  #steps = 0;
  #count;

  constructor(wasmExports) {
    this.#wasm = wasmExports;
    this.#catalog = JSON.parse(this.#string(wasmExports.ae_catalog_json()));
    this.#tables = JSON.parse(this.#string(wasmExports.ae_lab_catalog_json()));
    this.#count = wasmExports.malloc(4);
  }

  /** The explorer's catalog (functions, conventions) and the lab's tables. */
  get catalog() { return this.#catalog; }
  get tables() { return this.#tables; }

  /**
   * Starts a run from settings named as the URL names them:
   * { dataset, samples, noise, hidden: [16, 16], loss, optimizer, lr, beta1, beta2, eps, batch, seed, init, atKink,
   *   sides: [{ functionId, params }, { functionId, params }] }.
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
      config[slot.batch] = settings.batch ?? 32;
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
    const configPointer = this.#scratchFor(slot.size + 32);
    const heap = this.#f64();
    heap.set(config, configPointer / DOUBLE);
    const paramsA = configPointer + slot.size * DOUBLE;
    const paramsB = paramsA + 16 * DOUBLE;
    heap.set(sides[0].params, paramsA / DOUBLE);
    heap.set(sides[1].params, paramsB / DOUBLE);
    const status = this.#wasm.ae_lab_start(configPointer, slot.size, sides[0].fnIndex, paramsA, sides[0].params.length,
      sides[1].fnIndex, paramsB, sides[1].params.length);
    if (status !== AE_OK) return this.#failure();
    this.#steps = 0;
    const dataset = t.datasets[config[slot.dataset]];
    return { ok: true, layers: config[slot.layers], inputs: dataset.inputs, outputs: dataset.classes || 1 };
  }

  /** Runs up to n steps. @returns {{ok: true, done: number} | {ok: false, done: number, diverged: boolean, message: string}} */
  step(n) {
    const status = this.#wasm.ae_lab_step(n, this.#count);
    const done = this.#i32()[this.#count >> 2];
    this.#steps += done;
    if (status === AE_OK) return { ok: true, done };
    return { ...this.#failure(), done, diverged: status === AE_LAB_DIVERGED };
  }

  /**
   * A side's history from step `first` (0-based): loss per step and, per hidden layer, dead and
   * nearly dead units per step.
   */
  history(side, first, layers) {
    const stride = 1 + 2 * layers;
    // The steps from `first` on (a frame's worth while training), not room for a whole run.
    const pointer = this.#scratchFor(Math.max(1, this.#steps - first) * stride);
    const status = this.#wasm.ae_lab_history(side, first, pointer, this.#scratch.doubles, this.#count);
    if (status !== AE_OK) return this.#failure();
    const steps = this.#i32()[this.#count >> 2];
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
  }

  /** Now: each hidden unit's share of inputs with f′ ≠ 0 (per layer), and each layer's gradient norm. */
  units(side, widths) {
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
  }

  /** The side's outputs for n inputs (Float64Array, n × inputs): probabilities or values, n × outputs. */
  predict(side, x, n, outputs) {
    const pointer = this.#scratchFor(x.length + n * outputs);
    const out = pointer + x.length * DOUBLE;
    this.#f64().set(x, pointer / DOUBLE);
    const status = this.#wasm.ae_lab_predict(side, pointer, n, out, n * outputs);
    if (status !== AE_OK) return this.#failure();
    return { ok: true, values: this.#f64().slice(out / DOUBLE, out / DOUBLE + n * outputs) };
  }

  /** The training set: x (samples × inputs) and y (class index or target). */
  data(samples, inputs) {
    const pointer = this.#scratchFor(samples * (inputs + 1));
    const y = pointer + samples * inputs * DOUBLE;
    const status = this.#wasm.ae_lab_data(pointer, y, samples * inputs, this.#count);
    if (status !== AE_OK) return this.#failure();
    const heap = this.#f64();
    return { ok: true, x: heap.slice(pointer / DOUBLE, pointer / DOUBLE + samples * inputs), y: heap.slice(y / DOUBLE, y / DOUBLE + samples) };
  }

  /** The run in one sentence with what its numbers mean (cpp/lab/summary.cpp; actviz train ends with it). */
  summary() {
    const pointer = this.#wasm.ae_lab_summary();
    if (pointer === 0) return this.#failure();
    return { ok: true, text: this.#string(pointer) };
  }

  /** The run as JSON text (docs/lab.md). */
  exportJson() {
    const pointer = this.#wasm.ae_lab_export();
    if (pointer === 0) return this.#failure();
    return { ok: true, json: this.#string(pointer) };
  }

  // One reusable heap buffer for every call, grown when a call needs more.
  #scratchFor(doubles) {
    if (doubles > this.#scratch.doubles) {
      if (this.#scratch.pointer) this.#wasm.free(this.#scratch.pointer);
      const size = Math.max(doubles, 4096);
      this.#scratch = { pointer: this.#wasm.malloc(size * DOUBLE), doubles: size };
      if (this.#scratch.pointer === 0) throw new Error('The wasm module could not allocate the lab\'s buffer.');
    }
    return this.#scratch.pointer;
  }

  #failure() { return { ok: false, message: this.#string(this.#wasm.ae_last_error()) }; }
  #f64() { return new Float64Array(this.#wasm.memory.buffer); }
  #i32() { return new Int32Array(this.#wasm.memory.buffer); }
  #string(pointer) {
    const heap = new Uint8Array(this.#wasm.memory.buffer);
    return new TextDecoder().decode(heap.subarray(pointer, heap.indexOf(0, pointer)));
  }
}

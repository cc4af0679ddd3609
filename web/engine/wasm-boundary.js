// The one boundary between JavaScript and a wasm module, for the explorer's engine
// (activation-engine.js) and the lab's (lab/lab-engine.js):
//  - the module's numbers (status codes, parameter slots, row layouts, C type sizes) come from
//    its ae_abi_json table, read once (cpp/c_api/abi_layout.h); none is typed in JavaScript;
//  - the heap (heap.js): views re-taken after memory growth, checked allocation, UTF-8 both
//    ways, bounded scratch buffers;
//  - a trap (or an abort) inside the module leaves its stack pointer and heap where the trap
//    found them, so the instance is discarded and a fresh one made from the same compiled module
//    before the next call; the call answers { ok: false, stopped: true, message }, never a throw.

import { Heap, NoRoom, readCString } from './heap.js';

export { instantiateModule } from './instantiate.js';
export { Heap, NoRoom, Scratch, readCString } from './heap.js';

/** An exception left one of the module's exports: the instance is not to be trusted again. */
export class ModuleStopped extends Error {
  constructor(message, cause) {
    super(message, { cause });
  }
}

/**
 * The module's layout table (ae_abi_json), checked against what JavaScript's typed arrays
 * assume. Ownership: the JSON text is the module's; this parses a copy.
 */
export function readAbi(exports) {
  if (typeof exports.ae_abi_json !== 'function') {
    throw new Error('The wasm module has no layout table (ae_abi_json): it is from another version of this page.');
  }
  const abi = JSON.parse(readCString(exports, exports.ae_abi_json()));
  if (abi.sizes.double !== Float64Array.BYTES_PER_ELEMENT || abi.sizes.int !== Int32Array.BYTES_PER_ELEMENT) {
    throw new Error(`The wasm module's doubles and ints are ${abi.sizes.double} and ${abi.sizes.int} bytes; this page reads 8 and 4.`);
  }
  return Object.freeze(abi);
}

/**
 * How many values a row of `sections` holds (ae_abi_json's labHistoryRow, labUnits), and where
 * each section starts: each is perUnit values per hidden unit, perLayer per layer, extra more.
 * @example rowLayout(abi.labHistoryRow, { units: 32, layers: 2 }) // { size: 5, offsets: { loss: 0, dead: 1, nearlyDead: 3 } }
 */
export function rowLayout(sections, { units, layers }) {
  const offsets = {};
  const counts = {};
  let size = 0;
  for (const s of sections) {
    offsets[s.name] = size;
    counts[s.name] = s.perUnit * units + s.perLayer * layers + s.extra;
    size += counts[s.name];
  }
  return { size, offsets, counts };
}

/**
 * A module instance as an engine uses it: its guarded exports, its heap and its layout table,
 * replaced by a fresh instance after a trap.
 */
export class WasmBoundary {
  #fresh;
  #label;
  #stopped;
  #onInstance;
  #exports = null;
  #heap = null;
  /** The module's layout table (ae_abi_json), the same for every instance. */
  abi;

  /**
   * @param exports the module's exports (activation_explorer.h, and activation_lab.h for the lab's)
   * @param {object} options
   * @param {(() => object) | null} [options.fresh] the exports of a new instance, used after a trap; without it a trap leaves the boundary stopped
   * @param {string} options.label who speaks in messages, e.g. 'The lab module'
   * @param {(cause: unknown) => string} options.stopped the message a trapped call answers
   * @param {(heap: Heap, abi: object) => void} [options.onInstance] allocates what the engine keeps per instance; a throw there stops the boundary
   */
  constructor(exports, { fresh = null, label, stopped, onInstance = () => {} }) {
    this.#fresh = fresh;
    this.#label = label;
    this.#stopped = stopped;
    this.#onInstance = onInstance;
    this.abi = readAbi(exports);
    this.#attach(exports);
  }

  /**
   * The exports of the instance now, each call guarded: a call that traps replaces the instance
   * (a later read gets the new one) and throws ModuleStopped whose `cause` is the trap. null once
   * no fresh instance could be made.
   */
  get exports() { return this.#exports; }

  /** The current instance's heap (null once stopped). */
  get heap() { return this.#heap; }

  /**
   * Runs one call's body against the current instance. A trap answers
   * { ok: false, stopped: true, message }, a failed allocation { ok: false, status, message }
   * naming the bytes; anything else the body throws is a bug and propagates.
   */
  run(body) {
    if (this.#exports === null) {
      return { ok: false, stopped: true, message: `${this.#label} stopped and could not be started again; reload the page.` };
    }
    try {
      return body(this.#exports, this.#heap);
    } catch (error) {
      if (error instanceof ModuleStopped) return { ok: false, stopped: true, message: error.message };
      if (error instanceof NoRoom) return { ok: false, status: this.abi.statuses.capacityTooSmall, bytes: error.bytes, message: error.message };
      throw error;
    }
  }

  /** The last call's failure as a value: its status and ae_last_error's sentence. */
  failure(status) {
    return { ok: false, status, message: this.#heap.readString(this.#exports.ae_last_error()) };
  }

  // Takes an instance's exports, each function wrapped so that an exception leaving the module
  // replaces the instance before it reaches the caller (as ModuleStopped).
  #attach(raw) {
    const calls = {};
    for (const [name, value] of Object.entries(raw)) {
      calls[name] = typeof value !== 'function' ? value : (...args) => {
        try {
          return value(...args);
        } catch (error) {
          this.#replace();
          throw new ModuleStopped(this.#stopped(error?.message ?? error), error);
        }
      };
    }
    this.#exports = Object.freeze(calls);
    this.#heap = new Heap(this.#exports, { label: this.#label, largestAllocation: this.abi.sizes.largestAllocation });
    this.#onInstance(this.#heap, this.abi);
  }

  // A fresh instance of the same compiled module: a new heap and stack, nothing kept.
  #replace() {
    this.#exports = null;
    this.#heap = null;
    if (!this.#fresh) return;
    try {
      this.#attach(this.#fresh());
    } catch {
      this.#exports = null;
      this.#heap = null;
    }
  }
}

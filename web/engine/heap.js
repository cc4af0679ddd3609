// One module instance's linear memory: typed-array views that are always the current ones,
// checked allocation, UTF-8 strings both ways, and bounded scratch buffers reused across calls.
// As Skia CanvasKit's memory.js does, a view is re-taken whenever memory.grow has replaced the
// ArrayBuffer (growth detaches the old one, and a detached view reads as empty).

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const DOUBLE = Float64Array.BYTES_PER_ELEMENT;

/** A call could not get the heap memory it needs; the boundary answers it as a value. */
export class NoRoom extends Error {
  /**
   * @param {string} label who asked, e.g. 'The lab module'
   * @param {number} bytes how many bytes were asked for
   * @param {number} [bound] the most that kind of buffer may hold, when that is why
   */
  constructor(label, bytes, bound) {
    super(bound === undefined
      ? `${label} could not allocate ${bytes} bytes for this call.`
      : `${label} could not allocate ${bytes} bytes for this call: its buffer holds at most ${bound}.`);
    this.bytes = bytes;
  }
}

/**
 * The string at `pointer` (NUL-terminated UTF-8) in a module's memory. Ownership: the module's;
 * this copies it into a JavaScript string and frees nothing.
 * @param {number} [maxBytes] read at most this many bytes before the NUL (default: to the end of memory)
 * @example readCString(exports, exports.ae_last_error())
 */
/**
 * Why `text` cannot cross as a C string, or null: the module reads up to the first NUL, so a
 * formula with one would be cut short and its rest silently unread.
 * @example nulProblem('x\0*2')  // 'column 2: a NUL character cannot be part of a formula.'
 */
export function nulProblem(text) {
  const at = text.indexOf('\0');
  return at < 0 ? null : `column ${at + 1}: a NUL character cannot be part of a formula.`;
}

export function readCString(exports, pointer, maxBytes = Infinity) {
  const heap = new Uint8Array(exports.memory.buffer);
  return decodeCString(heap, pointer, maxBytes);
}

function decodeCString(heap, pointer, maxBytes) {
  const limit = Math.min(heap.length, pointer + maxBytes);
  if (!(pointer > 0 && pointer < limit)) throw new RangeError(`No string at address ${pointer}.`);
  const end = heap.subarray(pointer, limit).indexOf(0);
  if (end < 0) throw new RangeError(`The string at address ${pointer} has no end within ${limit - pointer} bytes.`);
  return decoder.decode(heap.subarray(pointer, pointer + end));
}

export class Heap {
  #exports;
  #label;
  #largest;
  #buffer = null;
  #views = null;
  #scratch = new Map();
  /** How many heap allocations this heap has made (its fixed slots, then only for growth). */
  allocations = 0;

  /**
   * @param exports a module instance's exports (memory, malloc, free)
   * @param {{label: string, largestAllocation: number}} options who speaks in messages; the most malloc takes
   */
  constructor(exports, { label, largestAllocation }) {
    this.#exports = exports;
    this.#label = label;
    this.#largest = largestAllocation;
  }

  /** Views of the memory as it is now (re-taken after growth): f64, i32, u8. Valid until the next call into the module. */
  views() {
    const buffer = this.#exports.memory.buffer;
    if (buffer !== this.#buffer) {
      this.#buffer = buffer;
      this.#views = { f64: new Float64Array(buffer), i32: new Int32Array(buffer), u8: new Uint8Array(buffer) };
    }
    return this.#views;
  }

  f64() { return this.views().f64; }
  i32() { return this.views().i32; }
  u8() { return this.views().u8; }

  /**
   * `bytes` of the module's heap. Ownership: the caller's, who frees it with free() (or keeps it
   * for the instance's life). Never returns address 0: a failed malloc throws NoRoom naming the bytes.
   */
  allocate(bytes) {
    const pointer = Number.isSafeInteger(bytes) && bytes > 0 && bytes <= this.#largest ? this.#exports.malloc(bytes) : 0;
    if (pointer === 0) throw new NoRoom(this.#label, bytes);
    this.allocations += 1;
    return pointer;
  }

  /** Frees what allocate() returned. Ownership passes back to the module; 0 is ignored. */
  free(pointer) {
    if (pointer !== 0) this.#exports.free(pointer);
  }

  /** A library-owned NUL-terminated UTF-8 string, copied out (nothing is freed). Bounded by `maxBytes`. */
  readString(pointer, maxBytes = Infinity) {
    return decodeCString(this.u8(), pointer, maxBytes);
  }

  /**
   * Writes `text` as NUL-terminated UTF-8 into `scratch` and returns its address. Ownership: the
   * scratch's (the engine's); valid until the scratch is next reserved. Throws NoRoom when the
   * bytes exceed the scratch's bound.
   */
  writeString(text, scratch) {
    const bytes = encoder.encode(String(text));
    const pointer = scratch.reserve(bytes.length + 1);
    const heap = this.u8();
    heap.set(bytes, pointer);
    heap[pointer + bytes.length] = 0;
    return pointer;
  }

  /**
   * The scratch buffer named `name` on this heap, made on first use: one allocation reused by
   * every call, grown (never past `maxBytes`) when a call needs more.
   */
  scratch(name, { minBytes = 4096 * DOUBLE, maxBytes = this.#largest } = {}) {
    let scratch = this.#scratch.get(name);
    if (!scratch) {
      scratch = new Scratch(this, this.#label, minBytes, Math.min(maxBytes, this.#largest));
      this.#scratch.set(name, scratch);
    }
    return scratch;
  }
}

/**
 * A heap buffer owned by the engine for the life of the instance: allocated once, grown to at most
 * its bound when a call needs more (the old one freed first), never freed per call. Whatever a
 * call writes there is valid until the next reserve().
 */
export class Scratch {
  #heap;
  #label;
  #minBytes;
  #pointer = 0;
  /** Bytes it holds now. */
  bytes = 0;
  /** The most it will ever hold. */
  maxBytes;

  constructor(heap, label, minBytes, maxBytes) {
    this.#heap = heap;
    this.#label = label;
    this.#minBytes = minBytes;
    this.maxBytes = maxBytes;
  }

  /**
   * The address of at least `bytes` bytes. A request past the bound, or a failed allocation,
   * throws NoRoom naming the bytes and leaves no buffer recorded (the next call tries again).
   */
  reserve(bytes) {
    // Never address 0: a call asking for no room (or less than none) still gets the buffer.
    if (bytes <= this.bytes && this.#pointer !== 0) return this.#pointer;
    if (!(Number.isSafeInteger(bytes) && bytes <= this.maxBytes)) throw new NoRoom(this.#label, bytes, this.maxBytes);
    this.#heap.free(this.#pointer);
    this.#pointer = 0;
    this.bytes = 0;
    const size = Math.min(Math.max(bytes, this.#minBytes), this.maxBytes);
    this.#pointer = this.#heap.allocate(size);
    this.bytes = size;
    return this.#pointer;
  }
}

// Types for the engine: `import { loadEngine } from 'activation-explorer'`.

export interface Preset { value: number; label: string; source: string }
export interface ParameterSpec {
  id: string; symbol: string; description: string;
  default: number; min: number; max: number; step: number; presets: Preset[];
}
export interface FunctionSpec {
  id: string; name: string; summary: string; parameters: ParameterSpec[];
  properties: { range: string; monotonic: string; smoothness: string; saturates: string };
}
export interface Convention { id: string; label: string; frameworks: string }
export interface Catalog {
  version: string;
  functions: FunctionSpec[];
  conventions: Convention[];
  limits: { minSamples: number; maxSamples: number; maxKinks: number };
}
export interface Failure { ok: false; status: number; message: string }
export interface Samples { ok: true; x: Float64Array; f: Float64Array; df: Float64Array; d2f?: Float64Array }
export interface Kink {
  x: number; fLeft: number; fRight: number; fAt: number; dfLeft: number; dfRight: number;
  /** What each convention (by id) returns for f′ exactly at x. */
  dfAt: Record<string, number>;
}
export interface SampleRequest {
  functionId: string;
  /** By parameter id; missing ones take their default. */
  params?: Record<string, number>;
  /** A convention id from the catalog: 'pytorch' (the default), 'jax', 'tensorflow' or 'pytorch_2_6'. */
  atKink?: string;
  /** A dtype id from the catalog: 'float64' (exact, the default), 'float32', 'bfloat16' or 'float16' (as PyTorch's CPU kernels compute them). */
  dtype?: string;
  from: number; to: number; n: number;
  /** Also f″ (NaN where it does not exist). */
  second?: boolean;
  /** Views of the engine's buffers instead of copies: valid until the next call. */
  borrow?: boolean;
}

export class ActivationEngine {
  /** The catalog as the C++ core describes it. */
  readonly catalog: Catalog;
  readonly memoryBytes: number;
  readonly memoryGrowths: number;
  readonly allocations: number;
  /** null when the parameters can be used, else why not. */
  parameterProblem: (functionId: string, params: Record<string, number>) => string | null;
  functionSpec(functionId: string): FunctionSpec | undefined;
  /** f and f′ on numpy.linspace(from, to, n) plus every kink inside. */
  sample(request: SampleRequest): Samples | Failure;
  kinks(request: { functionId: string; params?: Record<string, number> }): { ok: true; kinks: Kink[] } | Failure;
  /** Where f′ is exactly 0 and f constant in a low-precision dtype; null where a tail does not exist. */
  saturation(request: { functionId: string; params?: Record<string, number>; atKink?: string; dtype: string }):
    { ok: true; dfZeroUpTo: number | null; dfZeroFrom: number | null; fConstantUpTo: number | null; fLeft: number | null; fConstantFrom: number | null; fRight: number | null } | Failure;
  /** MathML of f ('value') or f′ ('derivative') with the parameters filled in. */
  formula(request: { functionId: string; params?: Record<string, number>; atKink?: string; which: 'value' | 'derivative' }): { ok: true; mathml: string } | Failure;
  /** Registers a formula in x (docs/formulas.md) as a function with id `id` (default 'expr'); a bad one names its column. */
  registerFormula(text: string, options?: { id?: string }):
    { ok: true; functionId: string; handle: number; parameters: ParameterSpec[]; spec: FunctionSpec } | Failure;
  /** Whether this engine parses formulas now; the element's lean engine (activation_explorer_core.wasm) needs loadFormulas() first. */
  readonly hasFormulas: boolean;
  /** Fetches activation_explorer.wasm once and takes it as this engine's module, for formulas; a failure names the file. */
  loadFormulas(): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Removes a registered formula by its id; a built-in is refused. */
  unregisterFormula(functionId: string): { ok: true } | Failure;
}

/** With no argument, the wasm of this package (fetched in browsers, read from disk in Node). */
export function loadEngine(source?: URL | string | Response | ArrayBuffer | ArrayBufferView,
  options?: { fileName?: string; formulas?: { source: () => URL | Response | ArrayBufferView | Promise<URL | Response | ArrayBufferView>; fileName: string } }): Promise<ActivationEngine>;
export function instantiateModule(source: URL | string | Response | ArrayBuffer | ArrayBufferView): Promise<{ exports: WebAssembly.Exports; growths: () => number }>;

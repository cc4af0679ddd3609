// Where the suites find what the build made; ctest sets these (cmake/native.cmake).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const distDir = process.env.AE_DIST_DIR ?? new URL('../../dist', import.meta.url).pathname;
export const actviz = process.env.AE_ACTVIZ ?? new URL('../../build/native/actviz', import.meta.url).pathname;
// A formula's ties as the native core finds them (tests/support/formula_ties_rows.cpp).
export const tiesRows = process.env.AE_TIES_ROWS ?? new URL('../../build/native/formula_ties_rows', import.meta.url).pathname;
export const wasmBytes = () => readFileSync(join(distDir, 'activation_explorer.wasm'));
export const webModule = (name) => new URL(`../../web/${name}`, import.meta.url).href;
export const labWasmBytes = () => readFileSync(join(distDir, 'activation_lab.wasm'));

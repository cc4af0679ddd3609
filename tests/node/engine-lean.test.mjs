// The lean explorer module (activation_explorer_core.wasm, no formula parser) through
// web/activation-engine.js: the same built-ins and grammar as the full module, a formula refused
// as a value naming what to do, and loadFormulas() making the same engine object a full one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { distDir, wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const leanBytes = () => readFileSync(join(distDir, 'activation_explorer_core.wasm'));
const leanEngine = (source = () => wasmBytes()) => loadEngine(leanBytes(), {
  fileName: 'activation_explorer_core.wasm', formulas: { source, fileName: 'activation_explorer.wasm' },
});
const GRID = { from: -3, to: 3, n: 61 };

test('the lean module has every built-in with the full module\'s numbers, catalog and grammar, and no parser', async () => {
  const [lean, full] = [await leanEngine(), await loadEngine(wasmBytes())];
  assert.deepEqual(lean.catalog, full.catalog);
  assert.deepEqual(lean.formulaGrammar(), full.formulaGrammar());
  for (const fn of full.catalog.functions) {
    const request = { functionId: fn.id, params: {}, ...GRID, second: true };
    assert.deepEqual(lean.sample(request), full.sample(request), fn.id);
    assert.deepEqual(lean.kinks(request), full.kinks(request), fn.id);
  }
  assert.equal(lean.hasFormulas, false);
  assert.equal(full.hasFormulas, true);
  assert.ok(leanBytes().length < wasmBytes().length * 0.7, 'the lean module leaves the formula code out');
});

test('registerFormula on a lean engine is refused as a value that says what to do; loadFormulas makes it full', async () => {
  const engine = await leanEngine();
  const refused = engine.registerFormula('x * sigmoid(b*x)');
  assert.equal(refused.ok, false);
  assert.match(refused.message, /activation_explorer_core\.wasm.*loadFormulas\(\)/);
  assert.equal(engine.unregisterFormula('expr').ok, false);
  const before = engine.sample({ functionId: 'elu', ...GRID });
  assert.deepEqual(await engine.loadFormulas(), { ok: true });
  assert.equal(engine.hasFormulas, true);
  const registered = engine.registerFormula('x * sigmoid(b*x)');
  assert.equal(registered.ok, true, registered.message);
  const full = await loadEngine(wasmBytes());
  full.registerFormula('x * sigmoid(b*x)');
  const request = { functionId: 'expr', params: { b: 1.702 }, ...GRID };
  assert.deepEqual(engine.sample(request), full.sample(request));
  assert.deepEqual(engine.sample({ functionId: 'elu', ...GRID }), before, 'the built-ins are unchanged');
  assert.deepEqual(await engine.loadFormulas(), { ok: true }, 'a second call has nothing to do');
});

test('a formula module that cannot be loaded is named, with the file, and the engine keeps working and can try again', async () => {
  let attempts = 0;
  const engine = await leanEngine(() => {
    attempts += 1;
    return attempts === 1 ? new Uint8Array([0, 97, 115, 109, 9, 9]) : wasmBytes();
  });
  const failed = await engine.loadFormulas();
  assert.equal(failed.ok, false);
  assert.match(failed.message, /activation_explorer\.wasm/);
  assert.match(engine.registerFormula('x').message, /activation_explorer\.wasm/, 'registerFormula says why');
  assert.equal(engine.sample({ functionId: 'relu', ...GRID }).ok, true);
  assert.deepEqual(await engine.loadFormulas(), { ok: true });
  assert.equal(engine.registerFormula('x').ok, true);
});

test('a lean engine with nowhere to load formulas from says so', async () => {
  const engine = await loadEngine(leanBytes());
  assert.match((await engine.loadFormulas()).message, /loadFormulas\(\)|activation_explorer\.wasm/);
  assert.equal(engine.registerFormula('x').ok, false);
});

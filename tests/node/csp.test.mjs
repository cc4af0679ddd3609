// The engine needs no code generation from strings: a strict CSP without 'unsafe-eval' is fine.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

import { distDir, webModule } from '../support/paths.mjs';

const probe = `
  import { readFileSync } from 'node:fs';
  const { loadEngine } = await import(${JSON.stringify(webModule('activation-engine.js'))});
  let evalBlocked = false;
  try { new Function('return 1'); } catch { evalBlocked = true; }
  const engine = await loadEngine(readFileSync(${JSON.stringify(`${distDir}/activation_explorer.wasm`)}));
  const s = engine.sample({ functionId: 'leaky_relu', params: { alpha: 0.5 }, from: -2, to: 2, n: 5 });
  console.log(JSON.stringify({ evalBlocked, f: Array.from(s.f) }));
`;

test('the engine loads and samples under --disallow-code-generation-from-strings', () => {
  const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', probe], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { evalBlocked: true, f: [-1, -0.5, 0, 1, 2] });
});

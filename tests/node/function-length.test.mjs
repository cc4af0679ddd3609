// Issue 18: small pieces with one job. No function in web/ is longer than 120 lines (counted on
// the parse tree by scripts/lib/function-lengths.mjs, so an arrow function inside an object or a
// class method counts as one); and the counter itself finds a long one.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { longFunctions } from '../../scripts/lib/function-lengths.mjs';

const WEB = fileURLToPath(new URL('../../web', import.meta.url));
const LIMIT = 120;

test('no function in web/ is longer than 120 lines', () => {
  const found = longFunctions(WEB, LIMIT);
  assert.deepEqual(found.map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`), []);
});

test('the counter finds a long arrow function inside an object and a long method, and passes short ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lengths-'));
  try {
    const body = (n) => Array.from({ length: n }, (_, i) => `    const v${i} = ${i};`).join('\n');
    writeFileSync(join(dir, 'long.js'), `export const view = {\n  mount: () => {\n${body(LIMIT)}\n  },\n};\n`
      + `export class Thing {\n  draw() {\n${body(LIMIT)}\n  }\n}\nexport function short() {\n${body(10)}\n}\n`);
    const found = longFunctions(dir, LIMIT);
    assert.deepEqual(found.map((f) => [f.line, f.lines]), [[2, LIMIT + 2], [LIMIT + 6, LIMIT + 2]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// How long reading a crafted link takes: the URL reader today on 1 MB queries, beside the two
// regular expressions it used before (kept here only to be measured), whose time grew with the
// square of a value's or a key's length.
import { readFileSync } from 'node:fs';

import { loadEngine } from '../web/activation-engine.js';
import { readUrlState } from '../web/url-state.js';

const OLD_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const OLD_SUFFIX = /^(.*?)(\d*)$/;

function timeMs(run) {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** @returns {{today: Array<{query: string, bytes: number, ms: number}>, before: Array<{pattern: string, length: number, ms: number}>}} */
export async function hostileInput(wasmPath) {
  const engine = await loadEngine(readFileSync(wasmPath));
  const read = (search) => readUrlState(search, engine.catalog, engine.parameterProblem);
  const megabyte = 1 << 20;
  const queries = [
    ['a value of 1,048,576 digits and a letter', `?fn=leaky_relu&alpha=${'1'.repeat(megabyte)}x`],
    ['a key of 1,048,576 digits and a letter', `?${'1'.repeat(megabyte)}a=1`],
    ['131,072 unknown keys', `?${Array.from({ length: megabyte / 8 }, (_, i) => `k${i}=1`).join('&')}`],
  ];
  read(queries[0][1]); // warm-up: JIT
  const today = queries.map(([query, search]) => ({ query, bytes: search.length, ms: Math.min(timeMs(() => read(search)), timeMs(() => read(search))) }));
  const before = [];
  for (const length of [10_000, 20_000, 40_000]) {
    before.push({ pattern: 'number (a value of digits and a letter)', length, ms: timeMs(() => OLD_NUMBER.test(`${'1'.repeat(length)}x`)) });
  }
  for (const length of [10_000, 20_000, 40_000]) {
    before.push({ pattern: 'series suffix (a key of digits and a letter)', length, ms: timeMs(() => OLD_SUFFIX.exec(`${'1'.repeat(length)}a`)) });
  }
  return { today, before };
}

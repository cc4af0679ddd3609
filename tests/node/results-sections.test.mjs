// A partial benchmark run replaces its own sections of bench/results.md and keeps the others.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { spliceSections, splitSections } from '../../bench/results-sections.mjs';

const old = '# Benchmarks\n\nMeasured then.\n\n## Kernels\n\nold kernels\n\n## Formula\n\nold formula\n\n## Targets\n\n| a | b |\n';

test('a fresh section replaces the one with its heading, the others stay word for word', () => {
  const out = spliceSections(old, '## Formula\n\nnew formula\n');
  assert.equal(out, '# Benchmarks\n\nMeasured then.\n\n## Kernels\n\nold kernels\n\n## Formula\n\nnew formula\n\n## Targets\n\n| a | b |\n');
});

test('a section the file lacks goes before the targets', () => {
  const out = spliceSections(old, '## Lab with a formula\n\nsteps\n');
  assert.deepEqual(splitSections(out).sections.map((s) => s.heading),
    ['## Kernels', '## Formula', '## Lab with a formula', '## Targets']);
});

test('without a targets section, a new section goes at the end', () => {
  const out = spliceSections('## A\n\na\n', '## B\n\nb\n');
  assert.equal(out, '## A\n\na\n\n## B\n\nb\n');
});

test('a target row replaces the row with its first cell, a new one joins the table', async () => {
  const { spliceTableRows } = await import('../../bench/results-sections.mjs');
  const text = '## Targets\n\n| target | measured |\n| --- | --- |\n| speed | 2× |\n| size | 3 KB |\n\n## Why\n\nbecause\n';
  const out = spliceTableRows(text, '## Targets', ['| speed | 1.5× |', '| formula | 2.9× |']);
  assert.equal(out, '## Targets\n\n| target | measured |\n| --- | --- |\n| speed | 1.5× |\n| size | 3 KB |\n| formula | 2.9× |\n\n## Why\n\nbecause\n');
});

// The lab's worker protocol driven as the page drives it, without a worker: a new run started
// while one plays (the reader moved α) plays when told to.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { labWasmBytes, webModule } from '../support/paths.mjs';

const { createLabHandler } = await import(webModule('lab/lab-protocol.js'));
const { loadLabEngine } = await import(webModule('lab/lab-engine.js'));
const { defaultLabSettings } = await import(webModule('lab/lab-url.js'));

const until = (check) => new Promise((resolve, reject) => {
  const started = Date.now();
  const poll = () => {
    if (check()) resolve();
    else if (Date.now() - started > 10_000) reject(new Error('timed out'));
    else setTimeout(poll, 5);
  };
  poll();
});

test('a run started while another plays trains when played', async () => {
  const messages = [];
  const handle = createLabHandler((m) => messages.push(m), () => loadLabEngine(labWasmBytes()));
  const settings = { ...defaultLabSettings(), hidden: [4], steps: 1000 };
  const lastSteps = () => messages.filter((m) => m.type === 'progress').at(-1)?.steps ?? 0;
  await handle({ type: 'start', settings });
  await handle({ type: 'play', speed: 1, until: 1000 });
  await until(() => lastSteps() >= 3);
  // The reader moves α: the page starts the new run, then plays it once it has started.
  await handle({ type: 'start', settings: { ...settings, sides: [{ functionId: 'leaky_relu', params: { alpha: 0.2 } }, settings.sides[1]] } });
  const restartedAt = messages.length;
  assert.equal(lastSteps(), 0, 'the new run starts from step 0');
  await handle({ type: 'play', speed: 1, until: 1000 });
  await until(() => lastSteps() >= 3);
  assert.ok(messages.slice(restartedAt).some((m) => m.type === 'progress' && m.steps > 0), 'the new run trains');
  await handle({ type: 'pause' });
});

// The trainer's message protocol (lab-protocol.js) with the real lab engine, as the worker and
// the page's main-thread fallback run it: one engine load however many messages arrive before
// it, messages handled in the order sent, errors as messages (a timer's tick included), ticks
// bounded by time as well as by `speed`.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { labWasmBytes, webModule } from '../support/paths.mjs';

const { createLabHandler, loadLabEngine } = await import(webModule('lab/lab-protocol.js'));
const { defaultLabSettings } = await import(webModule('lab/lab-url.js'));

const LIGHT = {
  dataset: 'spiral', hidden: [16, 16], optimizer: 'sgd', lr: 0.1, batch: 32, seed: 7, init: 'he',
  sides: [{ functionId: 'leaky_relu', params: { alpha: 0.01 } }, { functionId: 'relu', params: {} }],
};
// Heavy enough that one step takes longer than a tick's few milliseconds of training.
const HEAVY = { ...LIGHT, hidden: [64, 64, 64, 64], samples: 2000, batch: 2000 };

/** A handler over a real engine that counts its loads and keeps every message it posts. */
function harness({ onEngine = () => {} } = {}) {
  const messages = [];
  const waiting = [];
  let loads = 0;
  const handle = createLabHandler((message) => {
    messages.push(message);
    for (const w of waiting.splice(0)) if (!w.test(message)) waiting.push(w); else w.resolve(message);
  }, async () => {
    loads += 1;
    const engine = await loadLabEngine(labWasmBytes());
    onEngine(engine);
    return engine;
  });
  const next = (predicate) => {
    const found = messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => { waiting.push({ test: predicate, resolve }); });
  };
  return { handle, messages, next, loads: () => loads };
}

test('start, step, step and export sent without waiting load the engine once and run in order', async () => {
  const { handle, messages, loads } = harness();
  handle({ type: 'start', settings: structuredClone(LIGHT) });
  handle({ type: 'step' });
  handle({ type: 'step' });
  await handle({ type: 'export' });
  assert.equal(loads(), 1, 'one wasm load for four messages');
  assert.deepEqual(messages.map((m) => m.type), ['started', 'progress', 'progress', 'progress', 'exported']);
  assert.equal(messages[0].ok, true, messages[0].message);
  assert.deepEqual(messages.filter((m) => m.type === 'progress').map((m) => m.steps), [0, 1, 2]);
  const run = JSON.parse(messages.at(-1).json);
  assert.equal(run.sides[0].loss.length, 2, 'the export is of the run those steps trained');
});

test('an engine that throws during a timer\'s tick is reported as a message, not thrown', async () => {
  let engine;
  const { handle, next } = harness({ onEngine: (e) => { engine = e; } });
  const uncaught = [];
  const onUncaught = (error) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  try {
    await handle({ type: 'start', settings: structuredClone(LIGHT) });
    // As a trapped module throws (the "The wasm module aborted").
    engine.advance = () => { throw new WebAssembly.RuntimeError('unreachable'); };
    await handle({ type: 'play', speed: 4, until: 100 });
    const error = await next((m) => m.type === 'error');
    assert.equal(error.message, 'unreachable');
    await new Promise((resolve) => { setTimeout(resolve, 100); });
    assert.deepEqual(uncaught, []);
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});

test('light settings train `speed` steps a tick', async () => {
  const { handle, messages, next } = harness();
  await handle({ type: 'start', settings: structuredClone(LIGHT) });
  await handle({ type: 'play', speed: 8, until: 80 });
  await next((m) => m.type === 'stopped');
  const sizes = messages.filter((m) => m.type === 'progress' && m.steps > 0).map((m) => m.steps - m.first);
  assert.equal(sizes.reduce((a, b) => a + b, 0), 80);
  // A tick stops early only when its few milliseconds run out (a busy machine); most take all 8.
  assert.ok(sizes.filter((n) => n === 8).length >= sizes.length / 2, `steps per tick: ${sizes}`);
  assert.ok(sizes.every((n) => n <= 8), `never more than speed: ${sizes}`);
});

test('heavy settings train a step in pieces over several ticks and report it once it completes; pause is answered at once', async () => {
  const { handle, messages, next } = harness();
  await handle({ type: 'start', settings: structuredClone(HEAVY) });
  const started = performance.now();
  await handle({ type: 'play', speed: 32, until: 1000 });
  const first = await next((m) => m.type === 'progress' && m.steps > 0);
  const stepMs = performance.now() - started;
  assert.equal(first.steps, 1, 'the first tick is one step, not 32');
  const clicked = performance.now();
  await handle({ type: 'pause' });
  const stopped = await next((m) => m.type === 'stopped');
  console.log(`2-64-64-64-64-3 at batch 2000: first step after ${stepMs.toFixed(0)} ms; pause answered after ${(performance.now() - clicked).toFixed(0)} ms`);
  assert.equal(stopped.reason, 'paused');
  const trained = messages.filter((m) => m.type === 'progress').at(-1).steps;
  assert.ok(trained <= 2, `at most one more step after the pause was sent: ${trained}`);
});

// The heaviest settings the page's URL allows: one step takes seconds, so a tick trains pieces of
// one. Messages are sent from timers, as a worker receives them: between two of its ticks.
const HEAVIEST = { ...LIGHT, hidden: Array(8).fill(64), samples: 5000, batch: 5000 };
const sendAt = (handle, message, ms) => new Promise((resolve) => {
  const due = performance.now() + ms;
  setTimeout(() => { handle(message); resolve(due); }, ms);
});

test('at the heaviest settings pause and a new run are answered within 200 ms (plus the start\'s own cost)', async () => {
  const { handle, messages, next } = harness();
  await handle({ type: 'pause' }); // loads the engine (its compile is no part of a start); a 'stopped' with no run
  const after = (count, predicate) => next((m) => messages.indexOf(m) >= count && predicate(m));
  let sent = performance.now();
  await handle({ type: 'start', settings: structuredClone(HEAVIEST) });
  await next((m) => m.type === 'progress');
  const startMs = performance.now() - sent;
  handle({ type: 'play', speed: 32, until: 1000 });
  // Paused inside the second step (Pause sends the regions and units of the step now: before
  // the first, that is a pass over all 5,000 samples, as the start's report is).
  await next((m) => m.type === 'progress' && m.steps >= 1);
  let count = messages.length;
  const pauseDue = await sendAt(handle, { type: 'pause' }, 300);
  const stopped = await after(count, (m) => m.type === 'stopped');
  const pauseMs = performance.now() - pauseDue;
  assert.equal(stopped.reason, 'paused');
  const stoppedAt = messages.indexOf(stopped);
  await new Promise((resolve) => { setTimeout(resolve, 300); });
  assert.equal(messages.length, stoppedAt + 1, 'nothing after the stop: no tick lands later');
  // Reset while playing: a new run, whose step-0 report comes after the tick in flight ends.
  handle({ type: 'play', speed: 32, until: 1000 });
  count = messages.length;
  sent = await sendAt(handle, { type: 'start', settings: { ...structuredClone(HEAVIEST), seed: 8 } }, 500);
  await after(count, (m) => m.type === 'started');
  await after(count, (m) => m.type === 'progress' && m.steps === 0);
  const resetMs = performance.now() - sent;
  console.log(`2-64x8-3 at batch 5000: start and step-0 report ${startMs.toFixed(0)} ms; pause answered after ${pauseMs.toFixed(0)} ms; `
    + `a new run's step-0 report after ${resetMs.toFixed(0)} ms`);
  assert.ok(pauseMs < 200, `pause answered after ${pauseMs.toFixed(0)} ms`);
  assert.ok(resetMs < 200 + startMs, `a new run reported after ${resetMs.toFixed(0)} ms (a start alone: ${startMs.toFixed(0)} ms)`);
  await handle({ type: 'pause' });
});

// A new run started while one plays (the reader moved α) plays when told to.
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
  const { tables } = await loadLabEngine(labWasmBytes());
  const settings = { ...defaultLabSettings(tables), hidden: [4], steps: 1000 };
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

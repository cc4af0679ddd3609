// The lab's trainer behind one message protocol, plain data both ways, errors as values:
//   → { type: 'start', settings }      ← { type: 'started', ok, message?, info, data }
//   → { type: 'play', speed, until }    ← { type: 'progress', …, summary } after each tick, { type: 'stopped', reason }
//   → { type: 'pause' } → { type: 'step' } → { type: 'export' } ← { type: 'exported', json }
// Runs in a module Web Worker (lab-worker.js) or, where a page cannot start one (a file
// opened from disk), on the main thread in ticks short enough to keep the page responsive.

import { loadLabEngine } from './lab-engine.js';
import { createTraining, TICK_BUDGET_MS } from './lab-training.js';

/**
 * @param {(message: object, transfer?: Transferable[]) => void} post
 * @param {() => Promise<import('./lab-engine.js').LabEngine>} load called once, by the first message
 * @param {{tickMs?: number, budgetMs?: number}} options pause between ticks (lets 'pause' and
 *   'step' in), and the training time a tick aims at
 * @returns {(message: object) => Promise<void>} handles messages one after another, in the
 *   order they arrive, each once the engine has loaded
 */
export function createLabHandler(post, load, { tickMs = 0, budgetMs = TICK_BUDGET_MS } = {}) {
  let loading = null;
  let queue = Promise.resolve();
  let lab = null;
  const training = createTraining(post, { tickMs, budgetMs });

  // One load for every message: the first starts it, the rest wait for it (a load per message
  // raced, and the last engine loaded, with no run, won). A failed load is tried again.
  const engine = () => {
    loading ??= Promise.resolve().then(load).catch((error) => { loading = null; throw error; });
    return loading;
  };

  // Each message's handling, by its type.
  const handlers = {
    start: (message) => training.start(lab, message.settings),
    play: (message) => training.play(message.speed, message.until),
    pause: () => training.pause(),
    step: () => training.step(),
    export: () => {
      const exported = lab.exportJson();
      post(exported.ok ? { type: 'exported', json: exported.json } : { type: 'error', message: exported.message });
    },
  };

  async function handleNow(message) {
    try {
      lab ??= await engine();
      const handler = Object.hasOwn(handlers, message.type) ? handlers[message.type] : null;
      if (handler) handler(message);
      else post({ type: 'error', message: `Unknown message "${String(message.type)}".` });
    } catch (error) {
      training.failed(error);
    }
  }

  return function handle(message) {
    queue = queue.then(() => handleNow(message));
    return queue;
  };
}

export { GRID, gridPoints } from './lab-training.js';
export { loadLabEngine };

// The page's end of the protocol (lab-protocol.js): a module worker when the page can start
// one, else the same handler on the main thread (a file opened from disk cannot start workers).

import { createLabHandler, loadLabEngine } from './lab-protocol.js';

// A worker playing whose reports come further apart than this is busy with steps that long.
const BUSY_MS = 100;

/**
 * @param {{workerUrl: URL, wasmUrl: URL, onMessage: (message: object) => void}} options
 * @returns {{post(message: object): void, destroy(): void}}
 */
export function startTrainer({ workerUrl, wasmUrl, onMessage }) {
  let worker = null;
  let handle = null;
  let heard = false;
  // A 'play' sent and no stop heard since, when the worker last spoke and the gap between its
  // last two reports: a worker whose ticks take that long is inside one step most of the time,
  // and a step at heavy settings takes longer than a Reset should (a second and more): a new
  // worker starts the new run instead of waiting for it.
  let playing = false;
  let lastHeard = 0;
  let tickGap = 0;
  // What was sent before the worker first answered, to replay on the page if it never does.
  const queued = [];
  const inline = () => {
    worker?.terminate();
    worker = null;
    // Ticks of 8 ms, 4 ms apart, let the page draw and take input between them.
    handle = createLabHandler((message) => queueMicrotask(() => onMessage(message)), () => loadLabEngine(wasmUrl), { tickMs: 4, budgetMs: 8 });
    for (const message of queued.splice(0)) handle(message);
  };
  const spawn = () => {
    const url = new URL(workerUrl);
    url.searchParams.set('wasm', new URL(wasmUrl).href);
    const started = new Worker(url, { type: 'module', name: 'activation-lab' });
    started.addEventListener('message', (event) => {
      if (started !== worker) return; // a replaced worker's last words
      heard = true;
      queued.length = 0;
      if (playing && event.data.type === 'progress') tickGap = performance.now() - lastHeard;
      lastHeard = performance.now();
      if (['stopped', 'error', 'started'].includes(event.data.type)) playing = false;
      onMessage(event.data);
    });
    // A worker that cannot load (no server, a policy) fails before its first answer: train here instead.
    started.addEventListener('error', (event) => {
      event.preventDefault?.();
      if (started !== worker) return;
      if (!heard) inline(); else onMessage({ type: 'error', message: event.message || 'The lab\'s worker stopped.' });
    });
    return started;
  };
  try {
    worker = spawn();
  } catch {
    inline();
  }
  return {
    post(message) {
      if (worker) {
        if (message.type === 'start' && playing && Math.max(tickGap, performance.now() - lastHeard) > BUSY_MS) {
          worker.terminate();
          worker = spawn();
          playing = false;
        }
        if (message.type === 'play') { playing = true; tickGap = 0; lastHeard = performance.now(); }
        if (!heard) queued.push(message);
        worker.postMessage(message);
      } else if (handle) {
        handle(message);
      } else {
        queued.push(message);
      }
    },
    destroy() { worker?.terminate(); worker = null; handle?.({ type: 'pause' }); handle = null; },
  };
}

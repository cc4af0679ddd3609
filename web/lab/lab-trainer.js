// The page's end of the protocol (lab-protocol.js): a module worker when the page can start
// one, else the same handler on the main thread (a file opened from disk cannot start workers).

import { createLabHandler, loadLabEngine } from './lab-protocol.js';

/**
 * @param {{workerUrl: URL, wasmUrl: URL, onMessage: (message: object) => void}} options
 * @returns {{post(message: object): void, destroy(): void}}
 */
export function startTrainer({ workerUrl, wasmUrl, onMessage }) {
  let worker = null;
  let handle = null;
  let heard = false;
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
      // The worker trains in pieces of a few milliseconds (lab-protocol.js), so a Reset waits for
      // one piece: no new worker (whose load alone took 1-2 s at the heaviest settings).
      if (worker) {
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

// The lab's trainer behind one message protocol, plain data both ways, errors as values:
//   → { type: 'start', settings }      ← { type: 'started', ok, message?, info, data }
//   → { type: 'play', speed, until }    ← { type: 'progress', …, summary } after each tick, { type: 'stopped', reason }
//   → { type: 'pause' } → { type: 'step' } → { type: 'export' } ← { type: 'exported', json }
// Runs in a module Web Worker (lab-worker.js) or, where a page cannot start one (a file
// opened from disk), on the main thread in ticks short enough to keep the page responsive.

import { loadLabEngine } from './lab-engine.js';

// The 2-D grid the decision boundary is drawn on, and the 1-D one for the regression curve.
export const GRID = { size: 41, extent: 1.6, curve: 201 };
const FRAME_MS = 16;

export function gridPoints(inputs) {
  if (inputs === 1) return Float64Array.from({ length: GRID.curve }, (_, i) => -Math.PI + (2 * Math.PI * i) / (GRID.curve - 1));
  const points = new Float64Array(GRID.size * GRID.size * 2);
  for (let row = 0; row < GRID.size; row += 1) {
    for (let col = 0; col < GRID.size; col += 1) {
      const k = row * GRID.size + col;
      points[2 * k] = -GRID.extent + (2 * GRID.extent * col) / (GRID.size - 1);
      points[2 * k + 1] = -GRID.extent + (2 * GRID.extent * row) / (GRID.size - 1);
    }
  }
  return points;
}

/**
 * @param {(message: object, transfer?: Transferable[]) => void} post
 * @param {() => Promise<import('./lab-engine.js').LabEngine>} load
 * @param {{tickMs?: number}} options pause between ticks (lets 'pause' and 'step' in)
 */
export function createLabHandler(post, load, { tickMs = 0 } = {}) {
  let lab = null;
  let run = null; // { info, settings, widths, sent: number, grid }
  let timer = 0;
  let playing = null; // { speed, until }

  function progress() {
    const sides = [0, 1].map((side) => {
      const history = lab.history(side, run.sent, run.widths.length);
      const units = lab.units(side, run.widths);
      const predicted = lab.predict(side, run.grid, run.grid.length / run.info.inputs, run.info.outputs);
      return { loss: history.loss, dead: history.dead, nearlyDead: history.nearlyDead, activity: units.activity, gradientNorms: units.gradientNorms,
        predictions: predicted.ok ? predicted.values : null };
    });
    const first = run.sent;
    run.sent += sides[0].loss.length;
    const transfer = sides.flatMap((s) => [s.loss.buffer, ...s.dead.map((d) => d.buffer), ...s.nearlyDead.map((d) => d.buffer), ...(s.predictions ? [s.predictions.buffer] : [])]);
    post({ type: 'progress', first, steps: run.sent, sides, summary: lab.summary().text ?? '' }, transfer);
  }

  function tick() {
    timer = 0;
    if (!playing) return;
    const started = performance.now();
    const budget = Math.min(playing.speed, playing.until - run.sent);
    const result = lab.step(Math.max(0, budget));
    progress();
    if (!result.ok) {
      playing = null;
      post({ type: 'stopped', reason: result.diverged ? 'diverged' : 'error', message: result.message });
      return;
    }
    if (run.sent >= playing.until) {
      playing = null;
      post({ type: 'stopped', reason: 'done' });
      return;
    }
    // One tick per frame at most: `speed` is steps per frame, and a worker that spun faster
    // would only take the CPU the page needs to draw.
    timer = setTimeout(tick, Math.max(tickMs, FRAME_MS - (performance.now() - started)));
  }

  return async function handle(message) {
    try {
      lab ??= await load();
      switch (message.type) {
        case 'start': {
          clearTimeout(timer);
          playing = null;
          const started = lab.start(message.settings);
          if (!started.ok) { post({ type: 'started', ok: false, message: started.message }); return; }
          const samples = message.settings.samples ?? 300;
          run = { info: started, settings: message.settings, widths: message.settings.hidden, sent: 0, grid: gridPoints(started.inputs) };
          const data = lab.data(samples, started.inputs);
          post({ type: 'started', ok: true, info: started, data: { x: data.x, y: data.y }, grid: run.grid });
          progress();
          return;
        }
        case 'play':
          if (!run) return;
          playing = { speed: message.speed, until: message.until };
          if (!timer) timer = setTimeout(tick, 0);
          return;
        case 'pause':
          playing = null;
          clearTimeout(timer);
          timer = 0;
          post({ type: 'stopped', reason: 'paused' });
          return;
        case 'step': {
          if (!run) return;
          const result = lab.step(1);
          progress();
          if (!result.ok) post({ type: 'stopped', reason: result.diverged ? 'diverged' : 'error', message: result.message });
          return;
        }
        case 'export': {
          const exported = lab.exportJson();
          post(exported.ok ? { type: 'exported', json: exported.json } : { type: 'error', message: exported.message });
          return;
        }
        default:
          post({ type: 'error', message: `Unknown message "${String(message.type)}".` });
      }
    } catch (error) {
      post({ type: 'error', message: error.message });
    }
  };
}

export { loadLabEngine };

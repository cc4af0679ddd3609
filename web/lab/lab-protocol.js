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
// A tick's training time while playing: a frame at most, so 'pause' and 'start' get in within a
// frame or two however large the network, and a worker trains all the time ticks are one frame
// apart; light settings are bound by `speed`.
const TICK_BUDGET_MS = FRAME_MS;
// A tick trains in calls of about this long (a step at the heaviest settings takes seconds: it
// goes in pieces of rows, and the piece follows the measured time per row).
const PIECE_MS = 4;
const FIRST_PIECE_ROWS = 64;
const MAX_PIECE_ROWS = 1_000_000; // the module's AE_LAB_MAX_ROWS
// While playing, the regions, activity and gradient norms (a forward pass over the grid and the
// data, as long as a step at heavy settings) go out at most this often: the page redraws a chart
// no faster, and computing them after every one-step tick halved the steps trained.
const DETAIL_MS = 100;

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
  let run = null; // { info, settings, widths, sent: number, grid }
  let timer = 0;
  let playing = null; // { speed, until }
  let detailAt = -Infinity;
  let pieceRows = FIRST_PIECE_ROWS;

  // One load for every message: the first starts it, the rest wait for it (a load per message
  // raced, and the last engine loaded, with no run, won). A failed load is tried again.
  const engine = () => {
    loading ??= Promise.resolve().then(load).catch((error) => { loading = null; throw error; });
    return loading;
  };

  // An engine call that throws (a trapped wasm module) ends the playing and is reported, from
  // a message's handling and a timer's tick alike: nothing escapes as an uncaught error.
  function failed(error) {
    playing = null;
    clearTimeout(timer);
    timer = 0;
    post({ type: 'error', message: error?.message ?? String(error) });
  }

  // The steps trained since the last report; with `detail` (always, unless playing), the
  // predictions and units too.
  function progress({ detail = true } = {}) {
    const histories = [0, 1].map((side) => lab.history(side, run.sent, run.widths.length));
    const stepsNow = run.sent + histories[0].loss.length;
    if (detail) detailAt = performance.now();
    const sides = histories.map((history, side) => {
      if (!detail) return { loss: history.loss, dead: history.dead, nearlyDead: history.nearlyDead };
      const units = lab.units(side, run.widths);
      const predicted = lab.predict(side, run.grid, run.grid.length / run.info.inputs, run.info.outputs);
      return { loss: history.loss, dead: history.dead, nearlyDead: history.nearlyDead, activity: units.activity, gradientNorms: units.gradientNorms,
        predictions: predicted.ok ? predicted.values : null };
    });
    const first = run.sent;
    run.sent = stepsNow;
    const transfer = sides.flatMap((s) => [s.loss.buffer, ...s.dead.map((d) => d.buffer), ...s.nearlyDead.map((d) => d.buffer),
      ...(s.predictions ? [s.predictions.buffer] : [])]);
    post({ type: 'progress', first, steps: run.sent, sides, summary: lab.summary().text ?? '' }, transfer);
  }

  function tick() {
    timer = 0;
    if (!playing) return;
    const started = performance.now();
    try {
      const result = train(started);
      const stopping = !result.ok || run.sent + result.done >= playing.until;
      // A tick inside a long step has nothing to report (the page would redraw for nothing).
      if (result.done > 0 || stopping) progress({ detail: stopping || performance.now() - detailAt >= DETAIL_MS });
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
    } catch (error) {
      failed(error);
      return;
    }
    // One tick per frame at most: `speed` is steps per frame, and a worker that spun faster
    // would only take the CPU the page needs to draw.
    timer = setTimeout(tick, Math.max(tickMs, FRAME_MS - (performance.now() - started)));
  }

  // Trains in pieces of about PIECE_MS until `speed` steps are done or the tick's time is spent,
  // whichever comes first: light networks train `speed` steps a frame, heavy ones part of a step
  // (the module keeps the rest pending), so a 'pause' or 'start' waits for one piece, not a step.
  function train(started) {
    const most = Math.min(playing.speed, playing.until - run.sent);
    let done = 0;
    while (done < most) {
      const before = performance.now();
      const result = lab.advance(pieceRows, most - done);
      done += result.done;
      if (!result.ok) return { ...result, done };
      // A call that stopped at its steps used fewer rows than it had: nothing to learn from it.
      if (done < most) fitPiece(performance.now() - before);
      if (performance.now() - started >= budgetMs) break;
    }
    return { ok: true, done };
  }

  // The rows of a piece of PIECE_MS, from the last piece's time (a timer's resolution aside).
  function fitPiece(elapsed) {
    if (elapsed < 0.5) { pieceRows = Math.min(MAX_PIECE_ROWS, pieceRows * 4); return; }
    pieceRows = Math.max(1, Math.min(MAX_PIECE_ROWS, Math.round((pieceRows * PIECE_MS) / elapsed)));
  }

  return function handle(message) {
    queue = queue.then(() => handleNow(message));
    return queue;
  };

  async function handleNow(message) {
    try {
      lab ??= await engine();
      switch (message.type) {
        case 'start': {
          clearTimeout(timer);
          timer = 0; // or the next 'play' would take the cleared tick for a pending one
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
          // The regions and units as they are now, which the last tick may not have sent.
          if (run) progress();
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
      failed(error);
    }
  }
}

export { loadLabEngine };

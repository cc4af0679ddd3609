// One run inside the trainer (lab-protocol.js): started from settings, played in ticks of a
// frame at most, each tick training in pieces of rows sized to the measured time, and reported
// as progress messages (errors as messages, never thrown). Knows nothing of how messages arrive.

// The 2-D grid the decision boundary is drawn on, and the 1-D one for the regression curve.
export const GRID = { size: 41, extent: 1.6, curve: 201 };
const FRAME_MS = 16;
// A tick's training time while playing: a frame at most, so 'pause' and 'start' get in within a
// frame or two however large the network, and a worker trains all the time ticks are one frame
// apart; light settings are bound by `speed`.
export const TICK_BUDGET_MS = FRAME_MS;
// A tick trains in calls of about this long (a step at the heaviest settings takes seconds: it
// goes in pieces of rows, and the piece follows the measured time per row).
const PIECE_MS = 4;
const FIRST_PIECE_ROWS = 64;
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
 * @param {{tickMs: number, budgetMs: number}} options pause between ticks, and the training time a tick aims at
 * @returns the run's commands, each given the loaded engine; failed(error) ends the playing and reports it
 */
export function createTraining(post, { tickMs, budgetMs }) {
  let lab = null;
  let run = null; // { info, settings, widths, sent: number, grid }
  let timer = 0;
  let playing = null; // { speed, until }
  let detailAt = -Infinity;
  // A piece takes at most the rows one ae_lab_advance call takes (the tables' limits.maxRows).
  const piece = pieceSize(() => lab.tables.limits.maxRows);

  function stopPlaying() {
    playing = null;
    clearTimeout(timer);
    timer = 0; // or the next 'play' would take the cleared tick for a pending one
  }

  // An engine call that throws (a trapped wasm module) ends the playing and is reported, from
  // a message's handling and a timer's tick alike: nothing escapes as an uncaught error.
  function failed(error) {
    stopPlaying();
    post({ type: 'error', message: error?.message ?? String(error) });
  }

  function progress({ detail = true } = {}) {
    if (detail) detailAt = performance.now();
    const { message, transfer } = progressReport(lab, run, detail);
    run.sent = message.steps;
    post(message, transfer);
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
      const result = lab.advance(piece.rows, most - done);
      done += result.done;
      if (!result.ok) return { ...result, done };
      // A call that stopped at its steps used fewer rows than it had: nothing to learn from it.
      if (done < most) piece.fit(performance.now() - before);
      if (performance.now() - started >= budgetMs) break;
    }
    return { ok: true, done };
  }

  return {
    failed,
    /** A new run from settings (unset samples: the tables' default), reported at step 0. */
    start(engine, settings) {
      lab = engine;
      stopPlaying();
      const started = lab.start(settings);
      if (!started.ok) { post({ type: 'started', ok: false, message: started.message }); return; }
      const samples = settings.samples ?? lab.tables.defaults.samples;
      run = { info: started, settings, widths: settings.hidden, sent: 0, grid: gridPoints(started.inputs) };
      const data = lab.data(samples, started.inputs);
      post({ type: 'started', ok: true, info: started, data: { x: data.x, y: data.y }, grid: run.grid });
      progress();
    },
    play(speed, until) {
      if (!run) return;
      playing = { speed, until };
      if (!timer) timer = setTimeout(tick, 0);
    },
    pause() {
      stopPlaying();
      // The regions and units as they are now, which the last tick may not have sent.
      if (run) progress();
      post({ type: 'stopped', reason: 'paused' });
    },
    step() {
      if (!run) return;
      const result = lab.step(1);
      progress();
      if (!result.ok) post({ type: 'stopped', reason: result.diverged ? 'diverged' : 'error', message: result.message });
    },
  };
}

// The steps trained since the last report (run.sent) as a progress message, with the buffers
// to transfer; with `detail` (always, unless playing), the predictions and units too.
function progressReport(lab, run, detail) {
  const histories = [0, 1].map((side) => lab.history(side, run.sent, run.widths.length));
  const steps = run.sent + histories[0].loss.length;
  const sides = histories.map((history, side) => {
    if (!detail) return { loss: history.loss, dead: history.dead, nearlyDead: history.nearlyDead };
    const units = lab.units(side, run.widths);
    const predicted = lab.predict(side, run.grid, run.grid.length / run.info.inputs, run.info.outputs);
    return { loss: history.loss, dead: history.dead, nearlyDead: history.nearlyDead, activity: units.activity, gradientNorms: units.gradientNorms,
      predictions: predicted.ok ? predicted.values : null };
  });
  const transfer = sides.flatMap((s) => [s.loss.buffer, ...s.dead.map((d) => d.buffer), ...s.nearlyDead.map((d) => d.buffer),
    ...(s.predictions ? [s.predictions.buffer] : [])]);
  return { message: { type: 'progress', first: run.sent, steps, sides, summary: lab.summary().text ?? '' }, transfer };
}

// The rows a piece of PIECE_MS takes, from the last piece's time (a timer's resolution aside).
function pieceSize(maxRows) {
  const piece = {
    rows: FIRST_PIECE_ROWS,
    fit(elapsed) {
      if (elapsed < 0.5) { piece.rows = Math.min(maxRows(), piece.rows * 4); return; }
      piece.rows = Math.max(1, Math.min(maxRows(), Math.round((piece.rows * PIECE_MS) / elapsed)));
    },
  };
  return piece;
}

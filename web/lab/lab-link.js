// The view's link to the trainer (lab-trainer.js, the protocol of lab-protocol.js): the commands
// play, pause, step, start again and export, and the run as the trainer's messages report it.
// The run record is plain data that the charts and the summary read; the link never touches the
// page itself: it says what happened through its callbacks.

import { withThousands } from './lab-figures.js';
import { startTrainer } from './lab-trainer.js';

/**
 * The run as reported so far: the setup's numbers once 'started' (info, data, grid), the
 * history of every step, the latest report (regions, units, gradient norms, summary), the
 * steps trained, and whether it plays (running) or will once it has started (autoplay).
 */
export function emptyRun() {
  return { running: false, autoplay: false, info: null, data: null, grid: null, history: null, latest: null, steps: 0 };
}

/** A run started: its numbers, and an empty history to fill. */
export function recordStarted(run, message) {
  run.info = message.info;
  run.data = message.data;
  run.grid = message.grid;
  run.history = { loss: [[], []], dead: [[], []], nearlyDead: [[], []] };
}

/**
 * A progress report appended to the history. A report without the regions and units (sent at
 * most every 100 ms while playing) keeps the last ones. Appends in place: a copy per report
 * would cost the whole history every frame.
 */
export function recordProgress(run, message) {
  message.sides.forEach((side, s) => {
    run.history.loss[s].push(...side.loss);
    side.dead.forEach((d, l) => { (run.history.dead[s][l] ??= []).push(...d); });
    side.nearlyDead.forEach((d, l) => { (run.history.nearlyDead[s][l] ??= []).push(...d); });
  });
  run.latest = run.latest && !message.sides[0].activity
    ? { ...message, sides: message.sides.map((side, s) => ({ ...run.latest.sides[s], ...side })) } : message;
  run.steps = message.steps;
}

/**
 * @param {{workerUrl: URL, wasmUrl: URL, settings: () => object, on: {
 *   running: (on: boolean) => void, status: (text: string, kind?: string) => void,
 *   progress: (all: boolean) => void, stopped: () => void, restarted: () => void, exported: (json: string) => void}}} options
 *   settings: the settings now (a start sends a copy); running: the run plays or not; progress:
 *   new numbers to draw (all: every chart, as when paused); stopped: the run stopped (draw it all);
 *   restarted: a new run began (nothing of the old one to draw)
 */
export function linkTrainer({ workerUrl, wasmUrl, settings, on }) {
  const run = emptyRun();
  let destroyed = false;
  const trainer = startTrainer({ workerUrl, wasmUrl, onMessage: (message) => { if (!destroyed) heard(message); } });

  function setRunning(running) {
    run.running = running;
    run.autoplay = running;
    on.running(running);
  }

  function heard(message) {
    const handler = HANDLERS[message.type];
    if (handler) handler(message);
  }

  const HANDLERS = {
    started(message) {
      if (!message.ok) { setRunning(false); on.status(message.message, 'error'); return; }
      recordStarted(run, message);
      on.status('');
      if (run.autoplay) play();
    },
    progress(message) {
      if (!run.history) return;
      recordProgress(run, message);
      on.progress(!run.running);
    },
    stopped(message) {
      setRunning(false);
      on.stopped();
      const note = stoppedNote(message, run.steps);
      if (note) on.status(note.text, note.kind);
    },
    exported(message) { on.exported(message.json); },
    error(message) {
      setRunning(false);
      on.status(message.message, 'error');
    },
  };

  function play() {
    if (!run.history) { run.autoplay = true; return; }
    const { steps, speed } = settings();
    if (run.steps >= steps) { on.status(`The run has reached ${withThousands(steps)} steps; raise "Stop after steps" or press Reset.`); return; }
    setRunning(true);
    trainer.post({ type: 'play', speed, until: steps });
  }
  function pause() { if (run.running) trainer.post({ type: 'pause' }); setRunning(false); }

  // A run that was playing (or about to: a drag of α starts a run at every step of the slider,
  // before the last one has started) plays again, a paused one waits.
  const wasPlaying = () => run.running || run.autoplay;
  function restart(autoplay = wasPlaying()) {
    run.history = null;
    run.latest = null;
    run.steps = 0;
    on.restarted();
    setRunning(false);
    run.autoplay = autoplay;
    trainer.post({ type: 'start', settings: structuredClone(settings()) });
  }

  return {
    run,
    play,
    pause,
    /** Plays again at the settings' speed if it plays (the reader chose another speed). */
    replay() { if (run.running) play(); },
    toggle() { if (run.running) pause(); else play(); },
    step() { pause(); trainer.post({ type: 'step' }); },
    restart,
    exportRun() { trainer.post({ type: 'export' }); },
    destroy() { destroyed = true; trainer.destroy(); },
  };
}

/** What the status line says when a run stops: why, or nothing for a pause. */
export function stoppedNote(message, steps) {
  if (message.reason === 'diverged') return { text: `Training ${message.message}.`, kind: 'error' };
  if (message.reason === 'error') return { text: message.message, kind: 'error' };
  if (message.reason === 'done') return { text: `Stopped after ${withThousands(steps)} steps (the limit set under Training).`, kind: 'info' };
  return null;
}

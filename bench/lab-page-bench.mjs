// The explorer's α slider while a lab trains on the same page: a tutorial with an
// <activation-plot> and an <activation-plot view="lab"> (2-64-64-64-3 at batch 64, its worker
// training as fast as the page lets it, the lab drawing its live charts every frame). Slider
// moves are timed from the input event to the explorer's plotly_afterplot, in blocks that
// alternate the lab paused and training, so both see the same page and machine; main-thread
// tasks over 50 ms are counted per block, and over 5 s of the lab training alone.
import { openUrl } from '../tests/browser/harness.mjs';

const TUTORIAL = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Lab and explorer</title>
<script type="module" src="activation-plot.js"></script><style>body { max-width: 900px; margin: 0 auto; }</style></head>
<body><activation-plot id="plot" function="leaky_relu" alpha="0.05" compare="relu" controls="alpha" style="height:520px"></activation-plot>
<activation-plot id="lab" view="lab" dataset="spiral" hidden="64,64,64" batch="64" steps="100000" speed="32"></activation-plot>
</body></html>`;

function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** @returns {Promise<{idle: {p50, p95, moves, longTasks}, training: {p50, p95, moves, longTasks}, aloneLongTasks: number, steps: number, workers: number}>} */
export async function sliderWhileTraining(session, { moves = 40, blocks = 6 } = {}) {
  const { page, close } = await openUrl(session, new URL('lab-tutorial.html', session.url).href,
    { routes: { '**/lab-tutorial.html': TUTORIAL }, viewport: { width: 1280, height: 900 } });
  try {
    await page.waitForSelector('#plot .ae-plot[data-state="ready"]', { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('#lab .ae-lab')?.dataset.steps !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(async ({ moves, blocks }) => {
      const plotEl = document.querySelector('#plot .ae-plot');
      const slider = document.querySelector('#plot input[type="range"]');
      const play = document.querySelector('#lab .lab-play');
      const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
      // Long tasks while switching (settling) are counted apart from those of the timed moves.
      let phase = 'settling';
      const times = { idle: [], training: [] };
      const longTasks = { idle: 0, training: 0, settling: 0 };
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (entry.duration > 50) longTasks[phase] += 1;
      }).observe({ type: 'longtask' });
      let move = 0;
      for (let block = 0; block < blocks; block += 1) {
        const training = block % 2 === 1;
        if (training !== (play.textContent === 'Pause')) play.click();
        // Settle into the new state (the switch to live charts costs a frame or two) before timing.
        await sleep(1000);
        phase = training ? 'training' : 'idle';
        for (let m = 0; m < moves; m += 1) {
          move += 1;
          // 0.06 … 0.29 and round again: every move a new α, so every move redraws.
          const alpha = 0.06 + (move % 24) * 0.01;
          const done = new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no redraw for α = ${alpha}`)), 10_000);
            plotEl.once('plotly_afterplot', () => { clearTimeout(timer); resolve(); });
          });
          const start = performance.now();
          slider.value = alpha.toFixed(2);
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          await done;
          times[phase].push(performance.now() - start);
        }
        phase = 'settling';
      }
      // Then the lab alone: 5 s of training with nobody touching the page.
      if (play.textContent !== 'Pause') play.click();
      await sleep(1000);
      phase = 'alone';
      longTasks.alone = 0;
      await sleep(5000);
      phase = 'settling';
      if (play.textContent === 'Pause') play.click();
      return { times, longTasks, steps: Number(document.querySelector('#lab .ae-lab').dataset.steps) };
    }, { moves, blocks });
    const summary = (name) => ({
      p50: percentile(result.times[name], 0.5), p95: percentile(result.times[name], 0.95), moves: result.times[name].length, longTasks: result.longTasks[name],
    });
    return { idle: summary('idle'), training: summary('training'), aloneLongTasks: result.longTasks.alone, steps: result.steps, workers: page.workers().length };
  } finally {
    await close();
  }
}

// What the explorer says in words: the kink sentences, the dtype notes, the thinning note, the
// text summary for screen readers and the message line. Sentences are built from data (pure);
// the writers put them in their own elements, never in a control.

import { formatNumber } from '../plot-model.js';
import { saturationSentence } from './precision.js';
import { curveRange, describeSeries } from './samples-table.js';

// How long the input must rest before the summary is computed from every sample.
const SUMMARY_SETTLE_MS = 300;

// "PyTorch ≥ 2.7 and TensorFlow / Keras return 0.01, JAX returns 1": the conventions grouped
// by the value they give at a kink, so where frameworks or versions differ it reads at once.
export function whoReturnsWhat(kink, conventions) {
  const byValue = new Map();
  for (const c of conventions) {
    const key = formatNumber(kink.dfAt[c.id]);
    byValue.set(key, [...(byValue.get(key) ?? []), c.label]);
  }
  const names = (labels) => (labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`);
  if (byValue.size === 1) return `every framework returns ${[...byValue.keys()][0]}`;
  return [...byValue].map(([value, labels]) => `${names(labels)} ${labels.length === 1 ? 'returns' : 'return'} ${value}`).join(', ');
}

/** Jumps in f′ said in full per series; the others are listed by x (a formula such as abs(sin(x)) has dozens). */
export const KINKS_SAID = 3;
/** Of the jumps not said in full, how many x's are listed before "…". */
const KINKS_LISTED = 8;

// Nearest 0 first, where a learner looks; the same distance keeps the order of x.
const byDistanceFromZero = (kinks) => kinks.map((k, i) => [k, i]).sort(([a, i], [b, j]) => Math.abs(a.x) - Math.abs(b.x) || i - j).map(([k]) => k);

// The jump the convention control quotes: nearest 0 among those where the frameworks differ, else nearest 0.
function quotedJump(kinks, conventions) {
  const jumps = byDistanceFromZero(kinks.filter((k) => k.dfLeft !== k.dfRight));
  return jumps.find((k) => new Set(conventions.map((c) => formatNumber(k.dfAt[c.id]))).size > 1) ?? jumps[0];
}

// "…′ also jumps at 28 more points: x = -47.1239, -43.9823, … and 20 more." for the jumps not said in full.
function moreJumps(name, more) {
  if (more.length === 0) return '';
  const xs = more.map((k) => k.x).sort((a, b) => a - b);
  const listed = xs.slice(0, KINKS_LISTED).map(formatNumber).join(', ');
  const rest = xs.length - KINKS_LISTED;
  return `${name}′ also jumps at ${more.length} more ${more.length === 1 ? 'point' : 'points'}: x = ${listed}${rest > 0 ? ` and ${rest} more` : ''}.`;
}

/**
 * The notes under the plot for the drawn series: `long` (each jump in f′ in a sentence, who
 * returns what, and the dtype's zero tails), `short` (one clause per jump, for compact layouts),
 * and `atKink`, what each convention gives at the first series' jump nearest 0 (where the
 * frameworks differ, if anywhere; the convention control shows it beside each option). Past
 * KINKS_SAID jumps in a series, the nearest 0 are said and the rest listed by x.
 */
export function kinkNotes(series, conventions) {
  const sentences = [];
  const clauses = [];
  for (const s of series) {
    const inRange = s.kinks.filter((k) => k.dfLeft !== k.dfRight && k.x >= s.x[0] && k.x <= s.x[s.x.length - 1]);
    const said = new Set(byDistanceFromZero(inRange).slice(0, KINKS_SAID));
    for (const k of inRange.filter((j) => said.has(j))) {
      sentences.push(`${s.name}′ jumps at x = ${formatNumber(k.x)} from ${formatNumber(k.dfLeft)} (left) to ${formatNumber(k.dfRight)} (right); ${whoReturnsWhat(k, conventions)}.`);
      clauses.push(`${s.name}′ jumps ${formatNumber(k.dfLeft)} → ${formatNumber(k.dfRight)} at x = ${formatNumber(k.x)}.`);
    }
    const more = moreJumps(s.name, inRange.filter((j) => !said.has(j)));
    if (more) sentences.push(more);
    if (more) clauses.push(`${s.name}′ jumps at ${inRange.length - said.size} more points.`);
  }
  const saturation = series.map((s) => saturationSentence(s, s.dtype)).filter(Boolean);
  const jump = quotedJump(series[0].kinks, conventions);
  return {
    long: [...sentences, ...saturation].join(' '),
    short: [...clauses, ...saturation].join(' '),
    atKink: Object.fromEntries(conventions.map((c) => [c.id, jump ? ` — f′(${formatNumber(jump.x)}) = ${formatNumber(jump.dfAt[c.id])}` : ''])),
  };
}

// Past a few thousand samples the plot draws fewer points (exact for piecewise-linear curves);
// the reader is told, so nobody mistakes the drawn points for the computed ones.
export function thinningNote(drawn) {
  const thinned = drawn.find((d) => d.drawn < d.of);
  return thinned
    ? `Drawn with ${thinned.drawn.toLocaleString('en')} evenly spaced points per curve (every kink included), which looks the same and redraws faster; the data table and the CSV hold all ${thinned.of.toLocaleString('en')} samples of the grid and the kinks.`
    : '';
}

/** Writes the notes under the plot; compact layouts cut them to one line, the tooltip keeps them whole. */
export function writeNotes(parts, notes, figureDrawn) {
  parts.kinkNote.textContent = notes.long;
  parts.kinkShort.textContent = notes.short;
  parts.drawNote.textContent = thinningNote(figureDrawn);
  parts.caption.firstElementChild.title = `${parts.kinkNote.textContent} ${parts.drawNote.textContent}`.trim();
}

/**
 * The text summary names each curve's extremes. When fewer points were drawn than computed
 * they may lie between the drawn ones, so once the input settles it is written again from all
 * the samples (`exactSamples(s)`; a slider move stays cheap, the summary is right a moment later).
 * `write(series)` writes it; `current()` says whether those series are still the ones plotted.
 */
export function screenReaderSummary(element, { exactSamples, current }) {
  let timer = 0;
  return {
    write(series) {
      element.textContent = describeSeries(series, formatNumber);
      clearTimeout(timer);
      if (!series.some((s) => s.drawnFrom)) return;
      timer = setTimeout(() => {
        if (!current(series)) return;
        const exact = series.map((s) => {
          const all = exactSamples(s);
          if (!all.ok) return s;
          return { ...s, ranges: Object.fromEntries(['f', 'df', 'd2f'].filter((key) => all[key]).map((key) => [key, curveRange(all[key])])) };
        });
        element.textContent = describeSeries(exact, formatNumber);
      }, SUMMARY_SETTLE_MS);
    },
    stop() { clearTimeout(timer); },
  };
}

/** The message line under the controls: an error, a warning (a corrected view), or nothing. */
export function messageLine(element) {
  return {
    show(text, kind = 'error') {
      element.textContent = text;
      element.dataset.kind = kind;
      element.hidden = false;
    },
    hide() {
      element.hidden = true;
      element.textContent = '';
    },
  };
}

// The lab's words: the status line (what went wrong, why a run stopped) and the summary of the
// run. The summary sentence comes with each progress message from the C++ core
// (cpp/lab/summary.cpp); before the first step, a preset's run says what it will show
// (cpp/lab/presets.cpp).

import { element } from '../controls.js';
import { presetOf } from './lab-url.js';

/** The summary of a run that has reported: the preset's sentence before its first step, then the core's. */
export function summaryText(settings, tables, run) {
  const preset = run.steps === 0 ? presetOf(settings, tables) : null;
  return preset ? `${preset.description} Press Play to watch.` : run.latest.summary;
}

/**
 * @param {{idPrefix: string}} options
 * @returns {{status: HTMLElement, summary: HTMLElement, showStatus(text: string, kind?: string): void,
 *   showSummary(settings: object, tables: object, run: object): void}}
 */
export function createNotes({ idPrefix }) {
  const status = element('p', { className: 'lab-status', role: 'status', ariaLive: 'polite' });
  const summary = element('p', { className: 'lab-summary', id: `${idPrefix}lab-summary` });
  return {
    status,
    summary,
    showStatus(text, kind = 'info') {
      status.textContent = text;
      status.dataset.kind = kind;
    },
    showSummary(settings, tables, run) { summary.textContent = summaryText(settings, tables, run); },
  };
}

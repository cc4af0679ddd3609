// The explorer's empty frame: controls column, chart, notes, tools, properties. Built before
// the engine loads, so a failure to load has somewhere to say so. Ids carry a prefix, so
// several explorers (web components) can live on one page with working label-for links.

import { element } from '../controls.js';

/**
 * @param {string} prefix '' for the page; a unique prefix per web component
 * @returns {{root: HTMLElement, parts: Record<string, HTMLElement>}}
 */
export function createExplorerDom(prefix = '') {
  const id = (name) => `${prefix}${name}`;
  const parts = {
    urlNotice: element('div', { id: id('url-notice'), className: 'notice ae-url-notice', role: 'status', hidden: true }),
    seriesList: element('div', { id: id('series-list'), className: 'ae-series-list' }),
    seriesTools: element('div', { id: id('series-tools') }),
    range: element('fieldset', { id: id('range'), className: 'range' }, [element('legend', { textContent: 'Plot range' })]),
    depth: element('fieldset', { id: id('depth'), className: 'depth' }, [element('legend', { textContent: 'Depth view' })]),
    message: element('p', { id: id('message'), className: 'ae-message', role: 'status', ariaLive: 'polite', hidden: true }),
    // The figure carries the chart's name and text description; the plot inside stays
    // operable (Plotly's zoom and hover), so it is not flattened into an image role.
    plot: element('div', { id: id('plot'), className: 'ae-plot', dataset: { state: 'loading' } }),
    kinkNote: element('span', { id: id('kink-note'), className: 'kink-note' }),
    // The compact layout's visible note: each jump in one short clause (the whole note above
    // stays for screen readers and in the tooltip).
    kinkShort: element('span', { id: id('kink-short'), className: 'kink-short', ariaHidden: 'true' }),
    drawNote: element('span', { id: id('draw-note') }),
    summary: element('p', { id: id('plot-summary'), className: 'visually-hidden' }),
    chartTools: element('div', { id: id('chart-tools') }),
    // Focusable, so keyboard users can scroll a long table.
    dataTable: element('div', { id: id('data-table'), className: 'data-table', hidden: true, tabIndex: 0, role: 'region', ariaLabel: 'Data table of the samples' }),
    properties: element('section', { id: id('properties'), className: 'properties-list', ariaLabel: 'Formulas and properties' }),
  };
  // The notes under the plot; the embed's "Open in Activation Explorer" link joins them.
  parts.caption = element('figcaption', {}, [element('span', { className: 'notes' }, [parts.kinkNote, parts.kinkShort, ' ', parts.drawNote])]);
  parts.shared = element('div', { id: id('shared'), className: 'ae-shared' }, [parts.range, parts.depth]);
  parts.controls = element('section', { className: 'controls', ariaLabel: 'Controls' },
    [parts.seriesList, parts.seriesTools, parts.shared, parts.message]);
  parts.chart = element('figure', {
    className: 'chart', ariaLabel: 'Chart of each function f(x) above and its derivative f′(x) below', ariaDescribedby: id('plot-summary'),
  }, [
    parts.plot, parts.caption, parts.summary, parts.chartTools, parts.dataTable,
  ]);
  const root = element('div', { className: 'ae-explorer' }, [
    parts.urlNotice, element('div', { className: 'ae-main' }, [parts.controls, parts.chart, parts.properties]),
  ]);
  return { root, parts };
}

export const PLOTLY_MISSING = 'The plotting library did not load (vendor/plotly-core.min.js is missing or blocked).';

/**
 * Names each problem (bad URL settings, bad attributes) in `notice`, as text only; hides the
 * notice when there are none.
 */
export function showProblems(notice, intro, problems, { dismissible = false } = {}) {
  notice.hidden = problems.length === 0;
  if (problems.length === 0) return;
  const children = [element('p', { textContent: intro }), element('ul', {}, problems.map((p) => element('li', { textContent: p })))];
  if (dismissible) {
    const dismiss = element('button', { type: 'button', textContent: 'Dismiss', className: 'dismiss' });
    dismiss.addEventListener('click', () => { notice.hidden = true; });
    children.push(dismiss);
  }
  notice.replaceChildren(...children);
}

/** Shows why the explorer cannot run: in its message line and where the plot would be. */
export function showFatal({ parts }, text) {
  parts.message.textContent = text;
  parts.message.dataset.kind = 'fatal';
  parts.message.hidden = false;
  parts.plot.replaceChildren(element('p', { className: 'notice', textContent: text }));
  parts.plot.dataset.state = 'failed';
}

// Under the chart: downloads (PNG, SVG, CSV of the samples, the view as JSON) and the data
// table, all ordinary buttons so the keyboard reaches them (Plotly's mode bar is mouse-only).

import { element } from '../controls.js';

/** The toolbar; each callback runs when its button is pressed. */
export function chartTools({ onImage, onCsv, onJson, onToggleTable, tableId, idPrefix = '' }) {
  const button = (text, title, onClick) => {
    const b = element('button', { type: 'button', textContent: text, title });
    b.addEventListener('click', onClick);
    return b;
  };
  const tableToggle = element('button', { type: 'button', id: `${idPrefix}table-toggle`, textContent: 'Show data table', ariaExpanded: 'false', ariaControls: tableId });
  tableToggle.addEventListener('click', () => {
    const open = tableToggle.getAttribute('aria-expanded') !== 'true';
    tableToggle.setAttribute('aria-expanded', String(open));
    tableToggle.textContent = open ? 'Hide data table' : 'Show data table';
    onToggleTable(open);
  });
  return element('div', { className: 'chart-tools', role: 'group', ariaLabel: 'Download and data' }, [
    element('span', { className: 'tools-label', textContent: 'Download' }),
    button('PNG', 'The chart as a PNG image', () => onImage('png')),
    button('SVG', 'The chart as an SVG image', () => onImage('svg')),
    button('CSV', 'The samples on screen, full precision, one column per curve', onCsv),
    button('JSON', 'The current view: functions, parameters, range, convention', onJson),
    tableToggle,
  ]);
}

/** Saves text as a file through an object URL (no data: URL, nothing evaluated). */
export function downloadText(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = element('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const MAX_TABLE_ROWS = 2001;

/** Fills `container` with the samples as an HTML table; past MAX_TABLE_ROWS rows, evenly spaced ones. */
export function renderTable(container, { columns, rows }, formatNumber) {
  const stride = Math.ceil(rows.length / MAX_TABLE_ROWS);
  const shown = stride > 1 ? rows.filter((_, i) => i % stride === 0 || i === rows.length - 1) : rows;
  const caption = element('caption', {
    textContent: stride > 1
      ? `Every ${stride}th of ${rows.length.toLocaleString('en')} samples (the CSV download has all of them)`
      : `All ${rows.length.toLocaleString('en')} samples`,
  });
  const head = element('thead', {}, [element('tr', {}, columns.map((c) => element('th', { scope: 'col', textContent: c.heading })))]);
  const body = element('tbody', {}, shown.map((r) => element('tr', {}, r.map((v, i) => element(i === 0 ? 'th' : 'td',
    i === 0 ? { scope: 'row', textContent: formatNumber(v) } : { textContent: v === null ? '' : formatNumber(v) })))));
  container.replaceChildren(element('table', { className: 'samples' }, [caption, head, body]));
}

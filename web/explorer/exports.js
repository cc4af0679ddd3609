// What the reader takes away from the explorer: PNG and SVG of the chart, a CSV of the samples,
// the view as JSON, and the data table, all from the series last plotted.

import { formatNumber } from '../plot-model.js';
import { chartTools, downloadText, renderTable } from './chart-tools.js';
import { FORMULA_KEY } from './explorer-url.js';
import { samplesTable, tableToCsv } from './samples-table.js';

// A series' function as a link names it: the reader's formula is "expr", with its text.
const functionOf = (view, functionId) => (functionId === view.formula?.id ? { function: FORMULA_KEY, expr: view.formula.text } : { function: functionId });

// The view without the explorer's own bookkeeping (series keys), as the JSON download holds it.
export function viewForExport(view) {
  return {
    series: view.series.map(({ functionId, params, show }) => ({ ...functionOf(view, functionId), params, show })),
    from: view.from, to: view.to, n: view.n, atKink: view.atKink, dtype: view.dtype, depth: view.depth,
  };
}

/**
 * The downloads toolbar (in `parts.chartTools` when `shown`) and the data table.
 * @param {{parts: object, idPrefix: string, shown: boolean, draft: () => object, allSamples: () => object[]}} options
 *   draft: the view on screen; allSamples: every sample of the series plotted
 * @returns {{refreshTable(): void}} refreshTable rewrites the table when it is open
 */
export function explorerExports({ parts, idPrefix, shown, draft, allSamples }) {
  const fileStem = () => `activation-explorer-${draft().series.map((s) => functionOf(draft(), s.functionId).function).join('-')}`;
  const refreshTable = () => { if (!parts.dataTable.hidden) renderTable(parts.dataTable, samplesTable(allSamples()), formatNumber); };
  if (shown) {
    parts.chartTools.append(chartTools({
      idPrefix,
      tableId: parts.dataTable.id,
      onImage: (format) => globalThis.Plotly.downloadImage(parts.plot, { format, filename: fileStem(), scale: format === 'png' ? 2 : 1 }),
      onCsv: () => downloadText(`${fileStem()}.csv`, tableToCsv(samplesTable(allSamples())), 'text/csv'),
      onJson: () => downloadText(`${fileStem()}.json`, `${JSON.stringify({ ...viewForExport(draft()), link: location.href }, null, 2)}\n`, 'application/json'),
      onToggleTable: (open) => { parts.dataTable.hidden = !open; refreshTable(); },
    }));
  }
  return { refreshTable };
}

// The samples on screen as rows: one x column and one column per drawn curve, for the CSV
// download and the data table. Pure (no DOM), so Node tests check it.
// Series share the linspace grid but each adds its own kinks, so the rows are the union of
// the x values and a curve with no sample at some x leaves that cell empty.

const CURVES = [['f', 'f', ''], ['df', 'df', '′'], ['d2f', 'd2f', '″']];

/**
 * @param {Array<{name: string, label: string, x: Float64Array, f, df, d2f?, show: object}>} series
 * @returns {{columns: Array<{id: string, heading: string}>, rows: Array<Array<number | null>>}}
 *   rows[i][0] is x; null where a curve has no sample at that x.
 */
export function samplesTable(series) {
  const curves = [];
  for (const s of series) {
    for (const [key, id, prime] of CURVES) {
      if (s.show[key] && s[key]) curves.push({ s, key, id: `${s.functionId}_${id}`, heading: `${s.label} f${prime}(x)` });
    }
  }
  const xs = [...new Set(series.flatMap((s) => Array.from(s.x)))].sort((a, b) => a - b);
  const positions = series.map((s) => new Map(Array.from(s.x, (x, i) => [x, i])));
  const rows = xs.map((x) => [x, ...curves.map((c) => {
    const i = positions[series.indexOf(c.s)].get(x);
    return i === undefined ? null : c.s[c.key][i];
  })]);
  return { columns: [{ id: 'x', heading: 'x' }, ...curves.map((c) => ({ id: c.id, heading: c.heading }))], rows };
}

/** RFC 4180 CSV with every number at full precision (shortest text that reads back exactly). */
export function tableToCsv({ columns, rows }) {
  const quote = (text) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const cell = (v) => (v === null ? '' : String(v));
  return `${[columns.map((c) => quote(c.id)).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n')}\n`;
}

/** The smallest and largest value of a curve (NaN, where f″ does not exist, skipped). */
export function curveRange(values) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/**
 * A sentence per curve for screen readers: the range it spans and where it jumps.
 * A series drawn thinned brings `ranges`, taken from all its samples.
 */
export function describeSeries(series, formatNumber) {
  return series.map((s) => {
    const parts = [];
    for (const [key, , prime] of CURVES) {
      if (!s.show[key] || !s[key]) continue;
      const [min, max] = s.ranges?.[key] ?? curveRange(s[key]);
      parts.push(`f${prime} goes from ${formatNumber(s[key][0])} at x = ${formatNumber(s.x[0])} to ${formatNumber(s[key][s[key].length - 1])} at x = ${formatNumber(s.x[s.x.length - 1])}, between ${formatNumber(min)} and ${formatNumber(max)}`);
    }
    const jumps = s.kinks.filter((k) => k.dfLeft !== k.dfRight && k.x >= s.x[0] && k.x <= s.x[s.x.length - 1])
      .map((k) => `f′ jumps at x = ${formatNumber(k.x)} from ${formatNumber(k.dfLeft)} to ${formatNumber(k.dfRight)}`);
    return `${s.label}: ${[...parts, ...jumps].join('; ')}.`;
  }).join(' ');
}

// bench/results.md is a list of "## " sections. A partial run (`./scripts/bench --only formula`)
// measures a few of them; splicing replaces those sections by heading and keeps every other
// section as the last full run wrote it, so a partial run never drops another's numbers.

/** Splits markdown into its preamble and its "## " sections, in order. */
export function splitSections(text) {
  const sections = [];
  let preamble = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) sections.push({ heading: line, body: [] });
    else if (sections.length) sections.at(-1).body.push(line);
    else preamble += `${line}\n`;
  }
  return { preamble, sections };
}

const joinSection = ({ heading, body }) => [heading, ...body].join('\n').replace(/\n*$/, '\n\n');

/**
 * The old text with each fresh section in place of the old one with the same heading; a fresh
 * section the old text lacks goes before `before` (a heading), or at the end.
 */
export function spliceSections(oldText, freshText, { before = '## Targets' } = {}) {
  const old = splitSections(oldText);
  const fresh = splitSections(freshText).sections;
  const byHeading = new Map(fresh.map((s) => [s.heading, s]));
  const kept = old.sections.map((s) => byHeading.get(s.heading) ?? s);
  const added = fresh.filter((s) => !old.sections.some((o) => o.heading === s.heading));
  const at = kept.findIndex((s) => s.heading === before);
  kept.splice(at === -1 ? kept.length : at, 0, ...added);
  return `${old.preamble}${kept.map(joinSection).join('')}`.replace(/\n+$/, '\n');
}

const firstCell = (row) => row.split('|')[1]?.trim();

/**
 * The text with table rows of the section `heading` replaced by the fresh row that has the same
 * first cell; a fresh row with no such row goes after the section's last table row.
 */
export function spliceTableRows(text, heading, rows) {
  const { preamble, sections } = splitSections(text);
  const section = sections.find((s) => s.heading === heading);
  if (!section) return spliceSections(text, [heading, '', ...rows, ''].join('\n'));
  for (const row of rows) {
    const at = section.body.findIndex((line) => line.startsWith('|') && firstCell(line) === firstCell(row));
    if (at !== -1) section.body[at] = row;
    else section.body.splice(section.body.findLastIndex((line) => line.startsWith('|')) + 1, 0, row);
  }
  return `${preamble}${sections.map(joinSection).join('')}`.replace(/\n+$/, '\n');
}

// Time from navigation to the first plot, and the wasm bytes fetched, for two builds of the site
// loaded alternately (the same machine for both): the default page and a formula link.
//   node bench/first-plot.mjs --before DIST_A --after DIST_B [--loads 9]
import { parseArgs } from 'node:util';

import { brotli } from '../scripts/lib/precompress.mjs';

import { openPage, startSession } from '../tests/browser/harness.mjs';

const PAGES = { 'default page': '', 'formula link': '?fn=expr&expr=x*sigmoid(b*x)&b=1.702&fn2=relu' };

async function firstPlot(session, path) {
  const { page, close } = await openPage(session, 'about:blank', { waitForPlot: false });
  const wasm = [];
  page.on('response', (response) => { if (new URL(response.url()).pathname.endsWith('.wasm')) wasm.push(response); });
  await page.goto(new URL(path, session.url).href);
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 15000 });
  const ms = await page.evaluate(() => performance.getEntriesByName('activation-explorer:first-plot')[0].startTime);
  let bytes = 0;
  for (const response of wasm) bytes += brotli(await response.body()).length;
  await close();
  return { ms, bytes, files: wasm.map((r) => new URL(r.url()).pathname.slice(1)).sort().join(' + ') };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const { values } = parseArgs({ options: { before: { type: 'string' }, after: { type: 'string' }, loads: { type: 'string', default: '9' } } });
if (!values.before || !values.after) throw new Error('usage: node bench/first-plot.mjs --before DIST_A --after DIST_B [--loads 9]');
const sessions = { before: await startSession({ root: values.before }), after: await startSession({ root: values.after }) };
console.log('| page | build | wasm fetched | wasm Brotli | first plot (median) |\n| --- | --- | --- | ---: | ---: |');
for (const [label, path] of Object.entries(PAGES)) {
  const runs = { before: [], after: [] };
  for (let i = 0; i < Number(values.loads); i += 1) {
    for (const name of Object.keys(sessions)) runs[name].push(await firstPlot(sessions[name], path));
  }
  for (const [name, list] of Object.entries(runs)) {
    console.log(`| ${label} | ${name} | ${list[0].files} | ${list[0].bytes} B | ${median(list.map((r) => r.ms)).toFixed(0)} ms |`);
  }
}
for (const session of Object.values(sessions)) await session.close();

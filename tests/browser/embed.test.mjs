// What a tutorial author gets: an embed with only the controls they name, a copy-paste
// iframe snippet that reproduces the view, a theme that follows the reader's system or the
// link, and a plot that follows the size of its frame.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { afterPlot, openPage, PER_TEST, plotData, screenshot, startSession, trace } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const visible = (page, selector) => page.locator(selector).isVisible();

test('embed=1&controls=alpha shows the plot and the α slider only', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=leaky_relu&alpha=0.1&fn2=relu&embed=1&controls=alpha', { viewport: { width: 700, height: 560 } });
  assert.equal(await visible(page, 'header'), false);
  assert.equal(await visible(page, '#s0-alpha-slider'), true);
  for (const hidden of ['#s0-function', '#x-from', '#at-kink-jax', '#depth-on', '#add-series', '#properties', '.chart-tools', '#copy-embed']) {
    assert.equal(await page.locator(hidden).count() === 0 || !(await visible(page, hidden)), true, `${hidden} is not shown`);
  }
  await page.focus('#s0-alpha-slider');
  await afterPlot(page, () => page.keyboard.press('PageUp'));
  const alpha = Number(await page.inputValue('#s0-alpha'));
  assert.ok(alpha > 0.1, `PageUp raised α to ${alpha}`);
  assert.equal(trace(await plotData(page), 'leaky_relu', 'value').y[0], -10 * alpha);
  assert.match(page.url(), /embed=1&controls=alpha/, 'the embed keeps its mode in its URL');
  assert.match(await page.getAttribute('.open-full', 'href'), /^http:\/\/127\.0\.0\.1:\d+\/\?fn=leaky_relu&alpha=/);
  console.log(`screenshot: ${await screenshot(page, 'embed-700.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('"Copy embed code" gives an iframe snippet whose page reproduces the view in embed mode', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=elu&alpha=0.5&from=-4&to=4');
  await page.click('#copy-embed');
  const snippet = await page.inputValue('#embed-code');
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?fn=elu&amp;alpha=0\.5&amp;from=-4&amp;to=4&amp;n=201&amp;at_kink=pytorch&amp;embed=1&amp;controls=alpha" title="ELU with its derivative" width="100%" height="520" loading="lazy" style="border:0"><\/iframe>$/);
  // The snippet works where it is pasted: a page of its own that frames it.
  const host = await session.browser.newPage();
  await host.setContent(`<!doctype html><body style="margin:0">${snippet}</body>`);
  const frame = host.frameLocator('iframe');
  await frame.locator('[id="plot"][data-state="ready"]').waitFor({ timeout: 15000 });
  assert.equal(await frame.locator('#s0-alpha').inputValue(), '0.5');
  assert.equal(await frame.locator('header').isVisible(), false);
  await host.close();
  assert.deepEqual(problems, []);
  await close();
});

test('the theme follows the system, theme= overrides it, and exports keep a readable contrast', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.querySelector('.ae-explorer').dataset.theme === 'dark');
  let layout = await page.evaluate(() => document.getElementById('plot').layout);
  assert.equal(layout.paper_bgcolor, '#16181d');
  assert.equal(layout.font.color, '#e8e8e8');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(22, 24, 29)');
  console.log(`screenshot: ${await screenshot(page, 'dark-1280.png')}`);
  await close();
  // The theme menu switches it by hand, and the link remembers the choice.
  const picked = await openPage(session);
  await afterPlot(picked.page, () => picked.page.selectOption('#theme', 'dark'));
  assert.equal(await picked.page.evaluate(() => document.getElementById('plot').layout.paper_bgcolor), '#16181d');
  assert.match(picked.page.url(), /theme=dark/);
  await picked.close();
  const light = await openPage(session, '?theme=light');
  await light.page.emulateMedia({ colorScheme: 'dark' });
  layout = await light.page.evaluate(() => document.getElementById('plot').layout);
  assert.equal(layout.paper_bgcolor, '#ffffff', 'theme=light wins over a dark system');
  assert.equal(await light.page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
  await light.close();
  // The PNG export carries the theme's background and text colours, not a transparent one.
  const dark = await openPage(session, '?theme=dark');
  const image = await dark.page.evaluate(() => globalThis.Plotly.toImage(document.getElementById('plot'), { format: 'svg' }));
  const svg = decodeURIComponent(image.replace(/^data:image\/svg\+xml,/, ''));
  assert.match(svg, /fill: rgb\(22, 24, 29\)/, 'the dark background is in the image');
  assert.match(svg, /fill: rgb\(232, 232, 232\)/, 'and the light text');
  await dark.close();
});

test('the plot follows the width of its frame', PER_TEST, async () => {
  const { page, close } = await openPage(session, '?embed=1', { viewport: { width: 800, height: 600 } });
  const width = () => page.evaluate(() => document.querySelector('#plot .main-svg').getBoundingClientRect().width);
  const wide = await width();
  await page.setViewportSize({ width: 420, height: 600 });
  await page.waitForFunction((before) => document.querySelector('#plot .main-svg').getBoundingClientRect().width < before - 200, wide);
  assert.ok(await width() <= 420);
  await close();
});

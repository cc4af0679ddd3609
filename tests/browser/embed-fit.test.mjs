// Embeds fit their frame: for every frame from 320 × 400 to 1280 × 800, the plot and every
// control named in controls= are inside the viewport without scrolling, and the plot follows
// the frame when it is resized. The same for <activation-plot> given a height by its page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { afterPlot, closeContext, openPage, openUrl, PER_TEST, plotData, screenshot, startSession, trace } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const SIZES = [[320, 400], [390, 600], [640, 520], [700, 520], [800, 520], [1280, 800]];
// What each controls= must show: selectors of the control's parts that a reader uses.
const SHOWN = {
  alpha: ['#s0-alpha-slider', '#s0-alpha', '.presets'],
  'alpha,convention': ['#s0-alpha-slider', '#s0-alpha', '.presets', '.convention'],
  '': [],
};

/** Boxes of the plot and the named parts that are not wholly inside the viewport. */
async function outside(page, selectors) {
  return page.evaluate((list) => {
    const { innerWidth: w, innerHeight: h } = window;
    const bad = [];
    for (const selector of ['#plot', '#plot .main-svg', '.open-full', ...list]) {
      const el = document.querySelector(selector);
      if (!el) { bad.push(`${selector}: missing`); continue; }
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.left < 0 || r.top < 0 || r.right > w + 0.5 || r.bottom > h + 0.5) {
        bad.push(`${selector}: ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    if (document.scrollingElement.scrollHeight > h + 1) bad.push(`page scrolls: ${document.scrollingElement.scrollHeight} > ${h}`);
    return bad;
  }, selectors);
}

// Each parent part must not overlap the next: a squeezed plot must not draw under the controls.
async function overlaps(page) {
  return page.evaluate(() => {
    const plot = document.querySelector('#plot .main-svg').getBoundingClientRect();
    const caption = document.querySelector('figcaption').getBoundingClientRect();
    const controls = document.querySelector('.controls').getBoundingClientRect();
    const bad = [];
    if (plot.bottom > caption.top + 0.5) bad.push(`plot ${plot.bottom} over caption ${caption.top}`);
    if (controls.height > 0 && caption.bottom > controls.top + 0.5) bad.push(`caption ${caption.bottom} over controls ${controls.top}`);
    return bad;
  });
}

for (const [controls, selectors] of Object.entries(SHOWN)) {
  test(`embed=1${controls ? `&controls=${controls}` : ''}: plot and controls inside every frame`, { timeout: 120_000 }, async () => {
    for (const [width, height] of SIZES) {
      if (controls === '' && width < 640) continue; // the embed default is checked from 640 × 520 up
      const query = `?fn=leaky_relu&alpha=0.1&fn2=relu&embed=1${controls ? `&controls=${controls}` : ''}`;
      const { page, problems, close } = await openPage(session, query, { viewport: { width, height } });
      await page.waitForFunction(() => {
        const plot = document.getElementById('plot');
        const svg = plot.querySelector('.main-svg');
        return svg && Math.abs(svg.getBoundingClientRect().height - plot.getBoundingClientRect().height) < 1;
      });
      const name = `embed-fit-${controls.replace(',', '-') || 'default'}-${width}x${height}.png`;
      console.log(`screenshot: ${await screenshot(page, name)}`);
      assert.deepEqual(await outside(page, selectors), [], `${width}×${height}`);
      assert.deepEqual(await overlaps(page), [], `${width}×${height}`);
      const plotHeight = await page.evaluate(() => document.getElementById('plot').getBoundingClientRect().height);
      assert.ok(plotHeight >= 170, `${width}×${height}: the plot keeps ${plotHeight} px`);
      assert.deepEqual(problems, []);
      await close();
    }
  });
}

test('the plot takes the height the controls leave, and follows the frame when it is resized', PER_TEST, async () => {
  const { page, close } = await openPage(session, '?embed=1&controls=alpha', { viewport: { width: 700, height: 520 } });
  const heights = async () => page.evaluate(() => [document.getElementById('plot').getBoundingClientRect().height, document.querySelector('.controls').getBoundingClientRect().height]);
  const [plotBefore, controlsBefore] = await heights();
  await afterPlot(page, () => page.setViewportSize({ width: 700, height: 720 }));
  const [plotAfter, controlsAfter] = await heights();
  assert.equal(controlsAfter, controlsBefore, 'the controls keep their size');
  assert.equal(plotAfter - plotBefore, 200, 'the plot takes all the new height');
  // The first plotly_afterplot after the resize may be a redraw queued before it (the tick
  // labels and the mode-bar rule redraw on a change of size too): wait for the one at the new size.
  const redrawn = await page.waitForFunction((height) => Math.abs(document.querySelector('#plot .main-svg').getBoundingClientRect().height - height) < 1,
    plotAfter, { timeout: 5_000 }).then(() => true, () => false);
  assert.ok(redrawn, 'Plotly redrew at the new size');
  assert.deepEqual(await outside(page, SHOWN.alpha), []);
  await close();
});

test('the copied embed code proposes a height at which everything it embeds fits', PER_TEST, async () => {
  for (const fn of ['leaky_relu', 'softplus', 'relu']) {
    const { page, close } = await openPage(session, `?fn=${fn}`);
    await page.click('#copy-embed');
    const snippet = await page.inputValue('#embed-code');
    const height = Number(/height="(\d+)"/.exec(snippet)[1]);
    const src = /src="([^"]+)"/.exec(snippet)[1].replaceAll('&amp;', '&');
    const framed = await openPage(session, new URL(src).search, { viewport: { width: 700, height } });
    const ids = await framed.page.evaluate(() => [...document.querySelectorAll('.controls .parameter-slider')].map((s) => `#${s.id}`));
    assert.equal(ids.length, { leaky_relu: 1, softplus: 2, relu: 0 }[fn], `${fn}: a slider per parameter`);
    assert.deepEqual(await outside(framed.page, ids), [], `${fn} at 700 × ${height}`);
    const plotHeight = await framed.page.evaluate(() => document.getElementById('plot').getBoundingClientRect().height);
    assert.ok(plotHeight >= 330, `${fn}: the plot gets ${plotHeight} px of ${height}`);
    await framed.close();
    await close();
  }
});

test('<activation-plot> given a height by its page fits the plot and its controls inside it', PER_TEST, async () => {
  const html = `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="activation-plot.js"></script></head>
<body style="margin:0"><activation-plot id="tall" style="height:420px" controls="alpha,convention"></activation-plot>
<activation-plot id="free" controls="alpha"></activation-plot></body></html>`;
  const { page, problems, close } = await openUrl(session, new URL('fit.html', session.url).href, { routes: { '**/fit.html': html }, viewport: { width: 480, height: 900 } });
  for (const id of ['tall', 'free']) await page.waitForSelector(`#${id} .ae-plot[data-state="ready"]`);
  const boxes = await page.evaluate(() => Object.fromEntries(['tall', 'free'].map((id) => {
    const el = document.getElementById(id);
    const box = (node) => node.getBoundingClientRect();
    return [id, { host: box(el), plot: box(el.querySelector('.ae-plot')), convention: el.querySelector('.convention') ? box(el.querySelector('.convention')) : null }];
  })));
  const { tall, free } = boxes;
  assert.equal(tall.host.height, 420);
  assert.ok(tall.plot.top >= tall.host.top && tall.convention.bottom <= tall.host.bottom + 0.5, 'everything inside the element');
  assert.ok(tall.plot.height >= 170 && tall.plot.height < 300, `the plot takes what is left: ${tall.plot.height}`);
  assert.equal(free.plot.height, 380, 'with no height given, the plot has its usual 380 px');
  console.log(`screenshot: ${await screenshot(page, 'component-fit.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('the α slider sits right under the plot, full width, and moves the plot', PER_TEST, async () => {
  const { page, close } = await openPage(session, '?embed=1&controls=alpha', { viewport: { width: 700, height: 520 } });
  const [plot, slider] = await Promise.all(['#plot', '#s0-alpha-slider'].map((s) => page.locator(s).boundingBox()));
  assert.ok(slider.y - (plot.y + plot.height) < 60, `${slider.y - (plot.y + plot.height)} px between them`);
  assert.ok(slider.width >= plot.width - 40, `slider ${slider.width} of ${plot.width}`);
  await afterPlot(page, () => page.mouse.click(slider.x + slider.width * 0.5, slider.y + slider.height / 2));
  const alpha = Number(await page.inputValue('#s0-alpha'));
  assert.ok(Math.abs(alpha - 0.5) < 0.02, `a click half-way sets α to ${alpha}`);
  assert.equal(trace(await plotData(page), 'leaky_relu', 'value').y[0], -10 * alpha);
  await close();
});

// What a reader sees of the explorer embed at 320 × 400 (issue 20): the label beside the
// field, a caption that is whole, tick labels that do not touch, and no mode bar over the legend.
async function smallEmbedLook(page) {
  return page.evaluate(() => {
    const box = (el) => el.getBoundingClientRect();
    const inside = (r) => r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth + 0.5 && r.top >= 0 && r.bottom <= innerHeight + 0.5;
    const label = document.querySelector('.parameter > .field label');
    const notes = document.querySelector('figcaption .notes');
    const ticks = [...document.querySelectorAll('.tick-label')].filter((t) => !t.hidden).map((t) => ({ text: t.textContent, r: box(t) }));
    const touching = ticks.flatMap((a, i) => ticks.slice(i + 1).filter((b) => a.r.right > b.r.left && b.r.right > a.r.left).map((b) => `${a.text}/${b.text}`));
    const modeBar = document.querySelector('#plot .modebar');
    return {
      label: label.textContent,
      labelShown: inside(box(label)) && getComputedStyle(label).clip === 'auto',
      note: document.querySelector('.kink-short').textContent,
      noteWhole: notes.scrollHeight <= notes.clientHeight + 1 && inside(box(notes)),
      ticks: ticks.map((t) => t.text),
      ticksInside: ticks.every((t) => inside(t.r)),
      touching,
      modeBar: Boolean(modeBar && modeBar.getClientRects().length > 0),
    };
  });
}

for (const touch of [false, true]) {
  test(`at 320 × 400${touch ? ' on a touch screen' : ''} the embed shows "α =", the whole caption, labelled ticks and no mode bar`, PER_TEST, async () => {
    const context = await session.browser.newContext({ viewport: { width: 320, height: 400 }, hasTouch: touch, isMobile: touch });
    const page = await context.newPage();
    await page.goto(new URL('?embed=1&controls=alpha', session.url).href);
    await page.waitForSelector('#plot[data-state="ready"]');
    await page.waitForFunction(() => document.getElementById('plot').dataset.settled === document.getElementById('plot').dataset.revision);
    const look = await smallEmbedLook(page);
    assert.equal(look.label, 'α =');
    assert.ok(look.labelShown, 'the label "α =" is on screen beside its field');
    assert.match(look.note, /^Leaky ReLU′ jumps 0\.01 → 1 at x = 0\. ReLU′ jumps 0 → 1 at x = 0\.$/);
    assert.ok(look.noteWhole, 'the caption is not cut short');
    assert.ok(look.ticks.length >= 3 && look.ticks.includes('0'), `tick labels: ${look.ticks}`);
    assert.ok(look.ticksInside);
    assert.deepEqual(look.touching, []);
    assert.equal(look.modeBar, false, 'no mode bar over the legend');
    assert.deepEqual(await outside(page, SHOWN.alpha), []);
    console.log(`screenshot: ${await screenshot(page, `embed-320x400${touch ? '-touch' : ''}.png`)}`);
    await closeContext(context);
  });
}

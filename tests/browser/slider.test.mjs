// The α slider is the page's main control: wide, a 24 px target, the value beside its thumb,
// ticks at the presets, arrows 0.01 and Page Up/Down 0.1; on a phone it is on screen with the plot.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { afterPlot, openPage, openPhone, PER_TEST, plotData, screenshot, startSession, touchDrag, trace } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const alphaOnPlot = async (page) => -trace(await plotData(page), 'leaky_relu', 'value').y[0] / 10;

test('at 1366 × 900 the slider is as wide as its column and meets the 24 px target size', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '', { viewport: { width: 1366, height: 900 } });
  const slider = await page.locator('#s0-alpha-slider').boundingBox();
  const column = await page.locator('fieldset.series[data-key="s0"] .parameter').boundingBox();
  assert.ok(slider.width >= 280, `slider ${slider.width} px wide`);
  assert.ok(slider.width >= column.width - 30, `slider ${slider.width} of its column's ${column.width}`);
  assert.ok(slider.height >= 24, `slider ${slider.height} px high`);
  const thumb = await page.evaluate(() => {
    const style = getComputedStyle(document.getElementById('s0-alpha-slider'), '::-webkit-slider-thumb');
    return [parseFloat(style.width), parseFloat(style.height)];
  });
  assert.ok(thumb[0] >= 24 && thumb[1] >= 24, `thumb ${thumb}`);
  assert.equal(await page.locator('fieldset.series[data-key="s0"] .slider-ticks .tick').count(), 6, 'a tick per preset');
  assert.equal(await page.locator('fieldset.series[data-key="s0"] .presets button').count(), 6, 'the presets stay as buttons');
  assert.equal(await page.textContent('fieldset.series[data-key="s0"] .slider-value'), '0.01');
  console.log(`screenshot: ${await screenshot(page, 'slider-1366.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('dragging the thumb with the mouse moves α and the plot, and the value follows the thumb', PER_TEST, async () => {
  const { page, close } = await openPage(session, '', { viewport: { width: 1366, height: 900 } });
  const box = await page.locator('#s0-alpha-slider').boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 12, y);
  await page.mouse.down();
  await afterPlot(page, async () => {
    for (let x = box.x + 12; x <= box.x + box.width * 0.3; x += 8) await page.mouse.move(x, y);
    await page.mouse.up();
  });
  await page.waitForTimeout(100);
  const alpha = Number(await page.inputValue('#s0-alpha'));
  assert.ok(alpha > 0.2 && alpha < 0.35, `dragged to α = ${alpha}`);
  assert.ok(Math.abs(await alphaOnPlot(page) - alpha) < 1e-12, 'the plot shows the dragged α');
  const [bubble, thumbX] = await page.evaluate(() => {
    const b = document.querySelector('fieldset.series[data-key="s0"] .slider-value').getBoundingClientRect();
    const s = document.getElementById('s0-alpha-slider');
    const r = s.getBoundingClientRect();
    return [b.left + b.width / 2, r.left + 12 + (r.width - 24) * Number(s.value)];
  });
  assert.ok(Math.abs(bubble - thumbX) < 2, `value at ${bubble}, thumb at ${thumbX}`);
  await close();
});

test('arrow keys step α by 0.01, Page Up and Down by 0.1, Home and End to the ends', PER_TEST, async () => {
  const { page, close } = await openPage(session, '?fn=leaky_relu&alpha=0.3');
  await page.focus('#s0-alpha-slider');
  const steps = [['ArrowRight', 0.31], ['ArrowUp', 0.32], ['ArrowLeft', 0.31], ['ArrowDown', 0.3], ['PageUp', 0.4], ['PageDown', 0.3], ['End', 1], ['ArrowRight', 1], ['Home', 0], ['ArrowLeft', 0]];
  for (const [key, expected] of steps) {
    await page.keyboard.press(key);
    await page.waitForFunction((v) => Number(document.getElementById('s0-alpha').value) === v, expected);
    await page.waitForFunction((v) => {
      const t = document.getElementById('plot').data.find((d) => d.meta.kind === 'value' && d.meta.series === 's0');
      return Math.abs(-t.y[0] / 10 - v) < 1e-12;
    }, expected);
    assert.equal(await page.getAttribute('#s0-alpha-slider', 'aria-valuetext'), `α = ${expected}`, key);
  }
  await close();
});

test('on a phone (390 × 844) the slider and the whole plot are on screen together while dragging', PER_TEST, async () => {
  const { context, page } = await openPhone(session, { width: 390, height: 844 });
  const [plot, slider] = await Promise.all(['#plot', '#s0-alpha-slider'].map((s) => page.locator(s).boundingBox()));
  assert.ok(plot.y >= 0 && slider.y + slider.height <= 844, `plot from ${plot.y}, slider to ${slider.y + slider.height}`);
  assert.ok(slider.width >= 300 && slider.height >= 24, `slider ${slider.width} × ${slider.height}`);
  console.log(`screenshot: ${await screenshot(page, 'slider-phone-390.png')}`);
  await touchDrag(context, page, slider, 0.6);
  await page.waitForFunction(() => Number(document.getElementById('s0-alpha').value) > 0.4);
  const after = await page.locator('#plot').boundingBox();
  assert.equal(after.y, plot.y, 'the page did not scroll while dragging');
  await context.close();
});

test('the preset ticks carry their values, legibly and without touching, at 1366 and on a phone', PER_TEST, async () => {
  for (const viewport of [{ width: 1366, height: 900 }, { width: 390, height: 844 }]) {
    const { page, problems, close } = await openPage(session, '', { viewport });
    const labels = await page.locator('fieldset.series[data-key="s0"] .tick-label:not([hidden])').evaluateAll((els) => els.map((el) => {
      const r = el.getBoundingClientRect();
      return { text: el.textContent, left: r.left, right: r.right, size: parseFloat(getComputedStyle(el).fontSize) };
    }));
    const presets = await page.locator('fieldset.series[data-key="s0"] .presets button').evaluateAll((els) => els.map((b) => b.firstChild.textContent));
    assert.ok(labels.length >= 4, `${labels.map((l) => l.text)} at ${viewport.width}`);
    for (const l of labels) {
      assert.ok(presets.includes(l.text), `${l.text} is a preset`);
      assert.ok(l.size >= 11, `${l.text} at ${l.size} px`);
    }
    for (let i = 1; i < labels.length; i += 1) {
      const [a, b] = [labels[i - 1], labels[i]].sort((p, q) => p.left - q.left);
      assert.ok(a.right <= b.left, `${a.text} and ${b.text} touch`);
    }
    assert.deepEqual(problems, []);
    await close();
  }
});

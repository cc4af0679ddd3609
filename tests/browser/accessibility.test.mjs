// Everyone can use it: an axe-core audit (light, dark, embed, data table open, the lab full and
// embedded) with no serious
// or critical violation; every control reachable by Tab; phones at 360 px: nothing wider than
// the screen, the slider drags by touch, and a swipe over the plot scrolls the page.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';

import { afterPlot, openPage, openPhone, PER_TEST, screenshot, startSession, touchDrag } from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

// axe is injected as a script, which the page's own CSP would rightly refuse: the audit's
// context bypasses CSP (the CSP itself is tested elsewhere).
async function audit(path, { prepare = async () => {}, colorScheme = 'light', ready = '#plot[data-state="ready"]' } = {}) {
  const context = await session.browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(new URL(path, session.url).href);
  await page.waitForSelector(ready, { timeout: 30_000 });
  await prepare(page);
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  await context.close();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const [name, path, options] of [
  ['the page, light', '', {}],
  ['the page, dark', '?fn=leaky_relu&fn2=gelu&fn3=sigmoid', { colorScheme: 'dark' }],
  ['the page with the data table open and an error shown', '', { prepare: async (page) => { await page.click('#table-toggle'); await page.fill('#x-from', 'abc'); } }],
  ['an embed', '?fn=leaky_relu&embed=1&controls=alpha,range', {}],
  // The lab once its charts are drawn (at step 0, before Play).
  ['the lab', '?view=lab', { ready: '#lab-dead .main-svg' }],
  ['the lab embedded, dark, its settings unfolded', '?view=lab&embed=1&theme=dark',
    { ready: '#lab-dead .main-svg', colorScheme: 'dark', prepare: (page) => page.click('.lab-settings > summary') }],
]) {
  test(`axe-core finds no serious or critical violation: ${name}`, PER_TEST, async () => {
    assert.deepEqual(await audit(path, options), []);
  });
}

test('Tab reaches every control, each with a visible focus ring', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  // Every visible, enabled control of the explorer gets a number to recognise it by.
  const controls = await page.evaluate(() => [...document.querySelectorAll('.ae-explorer input, .ae-explorer select, .ae-explorer button, .ae-explorer textarea')]
    .filter((e) => !e.closest('[hidden]') && e.getClientRects().length > 0 && !e.disabled)
    .map((e, i) => { e.dataset.tabTest = String(i); return e.type === 'radio' && !e.checked ? null : String(i); })
    .filter((key) => key !== null));
  const reached = new Set();
  for (let i = 0; i < 120; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const e = document.activeElement;
      if (e === document.body) return { key: '', ring: true }; // past the last control
      const style = getComputedStyle(e);
      return { key: e.dataset.tabTest ?? '', name: e.id || e.textContent.trim() || `${e.tagName}.${e.className} ${style.outlineStyle} ${style.outlineWidth}`, ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
    });
    if (focused.key) {
      reached.add(focused.key);
      assert.ok(focused.ring, `focus on ${focused.name} is visible`);
    }
  }
  // Radio groups take one Tab stop: the checked one stands for the group.
  assert.deepEqual(controls.filter((c) => !reached.has(c)), []);
  await close();
});

test('sliders move by arrows, Page Up/Down and Home/End, and say their value', PER_TEST, async () => {
  const { page, close } = await openPage(session);
  await page.focus('#s0-alpha-slider');
  const value = () => page.inputValue('#s0-alpha');
  await afterPlot(page, () => page.keyboard.press('End'));
  assert.equal(await value(), '1');
  assert.equal(await page.getAttribute('#s0-alpha-slider', 'aria-valuetext'), 'α = 1');
  await afterPlot(page, () => page.keyboard.press('PageDown'));
  assert.ok(Number(await value()) < 1);
  await afterPlot(page, () => page.keyboard.press('Home'));
  assert.equal(await value(), '0');
  await afterPlot(page, () => page.keyboard.press('ArrowUp'));
  assert.equal(await value(), '0.01');
  await close();
});

test('at 360 px: nothing wider than the screen, the slider drags by touch, the plot lets the page scroll', PER_TEST, async () => {
  const { context, page } = await openPhone(session, { width: 360, height: 740 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling');
  console.log(`screenshot: ${await screenshot(page, 'phone-360.png')}`);
  // Drag the α thumb to the right by touch.
  await page.locator('#s0-alpha-slider').scrollIntoViewIfNeeded();
  const cdp = await touchDrag(context, page, await page.locator('#s0-alpha-slider').boundingBox(), 0.5);
  await page.waitForFunction(() => Number(document.getElementById('s0-alpha').value) > 0.2);
  // A vertical swipe that starts on the plot scrolls the page.
  await page.evaluate(() => scrollTo(0, 0));
  const plot = await page.locator('#plot').boundingBox();
  const before = await page.evaluate(() => scrollY);
  const swipeX = Math.round(plot.x + plot.width / 2);
  let swipeY = Math.round(plot.y + plot.height * 0.6);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: swipeX, y: swipeY }] });
  for (let i = 0; i < 15; i += 1) {
    swipeY -= 15;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: swipeX, y: swipeY }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForTimeout(400);
  assert.ok(await page.evaluate(() => scrollY) > before + 100, 'the page scrolled');
  await context.close();
});

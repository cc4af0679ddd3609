// The lab's pure parts: its URL keys both ways (bad values named, defaults kept), its defaults
// and presets from the engine's tables, and the chart builders (what each draws from the
// trainer's numbers).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { labWasmBytes, wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const { loadLabEngine } = await import(webModule('lab/lab-engine.js'));
const { defaultLabSettings, dyingReluPreset, presetOf, presetSettings, readLabState, writeLabState } = await import(webModule('lab/lab-url.js'));
const {
  activityCells, CLASS_COLORS, contrastRatio, deadFigure, gradientFigure, gradientScale, LOSS_SMOOTHING_BATCHES, lossFigure,
  REGION_TINT, regionCells, regionColor, smoothedLoss,
} = await import(webModule('lab/lab-figures.js'));
const { THEMES } = await import(webModule('plot-model.js'));

const engine = await loadEngine(wasmBytes());
const lab = await loadLabEngine(labWasmBytes());
const context = { tables: lab.tables, catalog: engine.catalog, checkParams: engine.parameterProblem };
const read = (search) => readLabState(search, context);

test('the lab reads the names actviz train uses, and writes them back', () => {
  const { settings, problems } = read('?view=lab&dataset=circles&hidden=32,32,32&fn=leaky_relu&alpha=0.1&versus=elu&alpha2=0.5&optimizer=adam&lr=0.01&batch=16&seed=3&init=negative_bias&steps=400&speed=8');
  assert.deepEqual(problems, []);
  assert.deepEqual(settings.hidden, [32, 32, 32]);
  assert.deepEqual(settings.sides, [{ functionId: 'leaky_relu', params: { alpha: 0.1 } }, { functionId: 'elu', params: { alpha: 0.5 } }]);
  assert.deepEqual([settings.dataset, settings.optimizer, settings.lr, settings.batch, settings.seed, settings.init, settings.steps, settings.speed],
    ['circles', 'adam', 0.01, 16, 3, 'negative_bias', 400, 8]);
  assert.deepEqual(read(`?${writeLabState(settings)}`).settings, settings, 'written, then read back: the same settings');
  assert.deepEqual(read('').settings, defaultLabSettings(lab.tables));
});

test('bad lab settings are named and their defaults kept', () => {
  const { settings, problems } = read('?view=lab&dataset=moons&hidden=16,100&lr=0&alpha=2&fn=nope&optimizer=rmsprop&bogus=1');
  assert.deepEqual(problems, [
    'dataset: "moons" should be one of spiral, circles, xor, blobs, sine.',
    'optimizer: "rmsprop" should be one of sgd, adam.',
    'lr: a number above 0 and at most 10, got 0.',
    'hidden: "16,100" should be 1 to 8 widths from 2 to 64, separated by commas (such as 16,16).',
    'fn: "nope" is not a function here.',
    'alpha: α must be between 0 and 1, got 2.',
    '"bogus" is not a setting of the lab and is ignored.',
  ]);
  assert.deepEqual(settings, defaultLabSettings(lab.tables));
});

test('the defaults and presets come from the engine\'s tables, and preset= takes any of them', () => {
  const defaults = defaultLabSettings(lab.tables);
  assert.deepEqual([defaults.dataset, defaults.hidden, defaults.lr, defaults.seed, defaults.steps], ['spiral', [16, 16], 0.1, 7, 2000], 'cpp/lab/presets.cpp');
  assert.deepEqual(defaults.sides, [{ functionId: 'leaky_relu', params: { alpha: 0.01 } }, { functionId: 'relu', params: {} }]);
  assert.deepEqual(lab.tables.presets.map((p) => p.id), ['dying_relu', 'born_dead']);
  for (const preset of lab.tables.presets) {
    const { settings, problems } = read(`?view=lab&preset=${preset.id}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, presetSettings(lab.tables, preset.id));
    assert.deepEqual({ ...settings, speed: undefined, play: undefined, theme: undefined }, { ...preset.settings, speed: undefined, play: undefined, theme: undefined });
    assert.ok(preset.label && preset.description, `${preset.id} says what it shows`);
  }
  assert.equal(read('?view=lab&preset=born_dead').settings.init, 'negative_bias', 'born dead: the negative biases');
  // The explorer's link: preset=dying_relu with its α.
  const linked = read('?view=lab&preset=dying_relu&alpha=0.3&play=1').settings;
  assert.equal(linked.sides[0].params.alpha, 0.3);
  assert.equal(linked.play, true);
  assert.equal(dyingReluPreset(lab.tables, 0.2).sides[0].params.alpha, 0.2);
  const wrong = read('?view=lab&preset=dying');
  assert.deepEqual(wrong.problems, ['preset: "dying" should be one of dying_relu, born_dead.']);
  assert.deepEqual(wrong.settings, defaults);
  // samples, noise and at_kink are written only when they are not the tables' defaults.
  assert.doesNotMatch(writeLabState(defaults, lab.tables), /samples|noise|at_kink/);
  assert.match(writeLabState({ ...defaults, samples: 500 }, lab.tables), /samples=500/);
});

test('the charts draw what the trainer reports', () => {
  const look = { names: ['Leaky ReLU', 'ReLU'], colors: THEMES.light.palette, theme: THEMES.light };
  const dead = deadFigure({ dead: [[[0, 0, 1], [0, 0, 0]], [[1, 3, 5], [0, 2, 2]]] }, [8, 8], look);
  assert.equal(dead.data.length, 4, 'a line per side and layer');
  assert.deepEqual(dead.data[2].y, [1, 3, 5]);
  assert.equal(dead.data[2].line.dash, 'dash', 'the comparison side is dashed');
  // Compact, the one-line title names the comparison side, or says "the comparison" for a long name (a typed formula).
  const compactTitle = (names) => deadFigure({ dead: [[[0]], [[0]]] }, [8], { ...look, names, compact: true }).layout.title.text;
  assert.equal(compactTitle(['Leaky ReLU (α = 0.01)', 'ReLU']), 'Dead units per layer (ReLU dashed)');
  assert.equal(compactTitle(['relu(x)', 'x * sigmoid(b*x) (b = 1.702)']), 'Dead units per layer (the comparison dashed)');
  const cells = activityCells([[[1, 0.5], [1, 1]], [[0, 0.25], [0, 1]]]);
  assert.deepEqual(cells.filter((c) => c.dead).map((c) => [c.side, c.layer, c.unit]), [[1, 0, 0], [1, 1, 0]], 'a unit active for no input is dead');
  const regions = regionCells(Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.5, 0.5]), Float64Array.from([0, 0, 1, 1, 2, 2]), 2);
  assert.deepEqual(regions.map((r) => r.label), [0, 1, 0], 'each cell takes the likelier class');
  assert.deepEqual(regions.map((r) => Number(r.confidence.toFixed(6))), [0.8, 0.6, 0], 'sure at 0.9, unsure at a coin toss');
});

test('the loss line is an exponential moving average of the batch losses, corrected for its start', () => {
  assert.equal(LOSS_SMOOTHING_BATCHES, 50);
  assert.deepEqual(Array.from(smoothedLoss([2, 2, 2, 2])), [2, 2, 2, 2], 'a constant loss stays itself from the first step');
  const alpha = 2 / 51;
  const [a, b] = [1, 3];
  assert.ok(Math.abs(smoothedLoss([a, b])[1] - ((1 - alpha) * alpha * a + alpha * b) / ((1 - alpha) * alpha + alpha)) < 1e-15);
  // Noise of a decade each way around 0.1 averages out; the trend stays.
  const noisy = Array.from({ length: 400 }, (_, i) => 0.1 * (i % 2 === 0 ? 10 : 0.1));
  const smooth = smoothedLoss(noisy);
  assert.ok(smooth.slice(100).every((v) => v > 0.45 && v < 0.56), 'alternating 1 and 0.01 settles near their mean, 0.505');
  assert.ok(Math.abs(smoothedLoss([1, 1, Number.NaN])[2] - 1) < 1e-15, 'a loss that is not finite is left out of the average');
});

test('the loss chart draws each side\'s batch loss faint behind its average, and says which is which', () => {
  const look = { names: ['Leaky ReLU', 'ReLU'], colors: THEMES.light.palette, theme: THEMES.light };
  const { data, layout } = lossFigure({ loss: [[1, 0.5, 2], [1, 1, 1]] }, look);
  assert.deepEqual(data.map((t) => t.name), ['Leaky ReLU, each batch', 'Leaky ReLU, average of ~50 batches', 'ReLU, each batch', 'ReLU, average of ~50 batches']);
  assert.deepEqual(data[0].y, [1, 0.5, 2], 'the raw batch loss');
  assert.deepEqual(data[1].y, Array.from(smoothedLoss([1, 0.5, 2])));
  assert.ok(data[0].opacity < 0.5 && data[0].line.width < data[1].line.width, 'the batches faint and thin behind the average');
  assert.equal(data[2].line.color, data[3].line.color);
  assert.match(data[3].hovertemplate, /^ReLU, step %\{x\}: average of ~50 batches/);
  assert.match(layout.title.text, /average of ~50 batches \(faint: each step's batch\)/);
  assert.equal(layout.yaxis.type, 'log');
  const long = lossFigure({ loss: [Array.from({ length: 10_000 }, (_, i) => 1 / (i + 1)), [1]] }, look);
  assert.ok(long.data[1].x.length <= 402 && long.data[1].x.at(-1) === 10_000, 'a long run\'s average drawn from a few hundred points, to its last step');
  const compact = lossFigure({ loss: [[1], [1]] }, { ...look, compact: true });
  assert.deepEqual(compact.data.filter((t) => t.showlegend !== false).map((t) => t.name), ['Leaky ReLU', 'ReLU'], 'an embed\'s legend inside the plot stays short');
  assert.match(compact.layout.title.text, /line: average of ~50 batches; faint: each/);
});

test('the gradient chart labels a layer no gradient reaches 0, at a floor below the other norms', () => {
  const scale = gradientScale([0.5, 0.02, 0, 3e-4]);
  assert.deepEqual(scale.ticktext, ['0', '0.0001', '0.001', '0.01', '0.1', '1']);
  assert.equal(scale.floor, 1e-5, 'a decade under the smallest norm');
  assert.ok(scale.range[0] < Math.log10(scale.floor) && scale.range[1] > 0, 'the floor and the largest norm inside the axis');
  assert.deepEqual(gradientScale([2, 0.3]).ticktext, ['0.1', '1', '10'], 'no 0 where every layer gets a gradient');
  assert.ok(gradientScale([1, 1e-12]).tickvals.length <= 5, 'wide ranges keep a few ticks');
  assert.deepEqual(gradientScale([0, 0]).ticktext, ['0'], 'no gradient anywhere');
  const look = { names: ['Leaky ReLU', 'ReLU'], colors: THEMES.light.palette, theme: THEMES.light };
  const { data, layout } = gradientFigure([[0.2, 0.1, 0.05, 0.3], [0, 0, 0.01, 0.2]], look);
  assert.deepEqual(data[1].y.slice(0, 2), [1e-3, 1e-3], 'drawn at the floor');
  assert.deepEqual(data[1].text.slice(0, 2), ['0 (no gradient reaches it)', '0 (no gradient reaches it)']);
  assert.equal(layout.yaxis.tickvals[0], 1e-3);
  assert.equal(layout.yaxis.ticktext[0], '0');
  assert.ok(!layout.yaxis.ticktext.some((t) => /n|µ/.test(t)), 'no SI prefixes such as 10n');
});

test('the classes\' colours are none of the sides\' line colours, and their points read on every region in both themes', () => {
  // CIE76 distance in Lab: about 20 tells two colours apart at a glance.
  const lab = (hex) => {
    const v = Number.parseInt(hex.slice(1), 16);
    const lin = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => { const x = c / 255; return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    const xyz = [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]].map((row) => row.reduce((sum, k, i) => sum + k * lin[i], 0));
    const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
    const [fx, fy, fz] = [xyz[0] / 0.9505, xyz[1], xyz[2] / 1.089].map(f);
    return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
  };
  const distance = (a, b) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));
  for (const theme of [THEMES.light, THEMES.dark]) {
    for (const [c, color] of CLASS_COLORS.entries()) {
      for (const side of theme.palette.slice(0, 2)) assert.ok(distance(color, side) > 20, `class ${c} (${color}) vs side colour ${side}: ${distance(color, side).toFixed(1)}`);
      for (const other of CLASS_COLORS.slice(c + 1)) assert.ok(distance(color, other) > 20, `class colours ${color} and ${other}`);
      // The points' outline (the text's colour) against the paper and the strongest region tint.
      for (const ground of [theme.paper, regionColor(color, theme.paper, 1)]) {
        assert.ok(contrastRatio(theme.text, ground) >= 3, `outline on ${ground}: ${contrastRatio(theme.text, ground).toFixed(2)}`);
      }
    }
  }
  assert.equal(regionColor('#000000', '#ffffff', 1), `#${Math.round(255 * (1 - REGION_TINT.most)).toString(16).repeat(3)}`);
  assert.equal(contrastRatio('#ffffff', '#000000'), 21);
});

test('presetOf names the preset a run is (α aside), so the page can say what it will show before Play', () => {
  for (const preset of lab.tables.presets) {
    assert.equal(presetOf(read(`?view=lab&preset=${preset.id}`).settings, lab.tables)?.id, preset.id);
    assert.equal(presetOf(read(`?view=lab&preset=${preset.id}&alpha=0.3`).settings, lab.tables)?.id, preset.id, 'α moved');
    assert.equal(presetOf(read(`?view=lab&preset=${preset.id}&seed=99`).settings, lab.tables), null, 'another seed is another run');
  }
  assert.equal(presetOf(defaultLabSettings(lab.tables), lab.tables), null);
});

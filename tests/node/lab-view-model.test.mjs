// The lab's pure parts: its URL keys both ways (bad values named, defaults kept), its defaults
// and presets from the engine's tables, and the chart builders (what each draws from the
// trainer's numbers).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { labWasmBytes, wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const { loadLabEngine } = await import(webModule('lab/lab-engine.js'));
const { defaultLabSettings, dyingReluPreset, presetSettings, readLabState, writeLabState } = await import(webModule('lab/lab-url.js'));
const { activityCells, deadFigure, regionCells } = await import(webModule('lab/lab-figures.js'));
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
  const cells = activityCells([[[1, 0.5], [1, 1]], [[0, 0.25], [0, 1]]]);
  assert.deepEqual(cells.filter((c) => c.dead).map((c) => [c.side, c.layer, c.unit]), [[1, 0, 0], [1, 1, 0]], 'a unit active for no input is dead');
  const regions = regionCells(Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.5, 0.5]), Float64Array.from([0, 0, 1, 1, 2, 2]), 2);
  assert.deepEqual(regions.map((r) => r.label), [0, 1, 0], 'each cell takes the likelier class');
  assert.deepEqual(regions.map((r) => Number(r.confidence.toFixed(6))), [0.8, 0.6, 0], 'sure at 0.9, unsure at a coin toss');
});

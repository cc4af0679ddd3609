// The lab's settings as pure state (web/lab/lab-state.js), checked against the engine's own
// tables: a control's draft becomes the new settings or the last good ones with a named
// problem, a preset press gives the preset's settings, and each change says what the run does.
// Also the other pure pieces the view wires: the run record, the status and summary words, the
// export's name.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { labWasmBytes, webModule } from '../support/paths.mjs';

const { loadLabEngine } = await import(webModule('lab/lab-engine.js'));
const { defaultLabSettings, presetSettings } = await import(webModule('lab/lab-url.js'));
const { applyDraft, functionChoices, labState, pressPreset, replaceSettings, widthsText } = await import(webModule('lab/lab-state.js'));
const { emptyRun, recordProgress, recordStarted, stoppedNote } = await import(webModule('lab/lab-link.js'));
const { summaryText } = await import(webModule('lab/lab-notes.js'));
const { exportFileName } = await import(webModule('lab/lab-export.js'));

const lab = await loadLabEngine(labWasmBytes());
const { tables, catalog } = lab;
const context = { tables, catalog };
const start = (changes = {}) => labState({ ...defaultLabSettings(tables), ...changes });
const draft = (state, d) => applyDraft(state, d, context);

test('a draft with a bad value keeps the last good settings and names the problem for its field', () => {
  const state = start();
  const { state: next, effect } = draft(state, { key: 'seed', value: '12x' });
  assert.equal(effect, null, 'nothing to do for the run');
  assert.deepEqual(next.settings, state.settings);
  assert.deepEqual(next.problems, { seed: `Seed: a whole number from 0 to ${tables.limits.maxSeed}.` });
  const layers = draft(state, { key: 'layers', value: String(tables.limits.maxLayers + 1) });
  assert.deepEqual(layers.state.problems, { layers: `Hidden layers: a whole number from 1 to ${tables.limits.maxLayers}.` });
  assert.deepEqual(layers.state.settings.hidden, state.settings.hidden);
  const lr = draft(state, { key: 'lr', value: tables.limits.maxLr * 2 });
  assert.match(lr.state.problems.lr, new RegExp(`^Learning rate: a number from ${tables.limits.minLr} to ${tables.limits.maxLr}\\.$`));
  assert.equal(lr.state.settings.lr, state.settings.lr);
  assert.deepEqual(draft(state, { key: 'steps', value: '' }).state.problems, { steps: `Stop after steps: a whole number from 1 to ${tables.limits.maxSteps}.` });
  assert.deepEqual(draft(state, { key: 'batch', value: String(state.settings.samples + 1) }).state.problems,
    { batch: `Batch size: a whole number from 1 to ${state.settings.samples}.` }, 'a batch is at most the samples');
});

test('a valid draft clears its own field\'s problem and leaves the others\' until their next draft', () => {
  let state = start();
  state = draft(state, { key: 'seed', value: '-1' }).state;
  state = draft(state, { key: 'steps', value: '0' }).state;
  assert.deepEqual(Object.keys(state.problems), ['seed', 'steps']);
  const { state: next, effect } = draft(state, { key: 'seed', value: ' 12 ' });
  assert.equal(effect, 'run');
  assert.equal(next.settings.seed, 12);
  assert.deepEqual(Object.keys(next.problems), ['steps']);
  assert.equal(state.settings.seed, defaultLabSettings(tables).seed, 'the state before is left as it was');
});

test('an id outside the tables is named with the ids they list', () => {
  const state = start();
  const dataset = draft(state, { key: 'dataset', value: 'moons' });
  assert.equal(dataset.state.problems.dataset, `Dataset: "moons" should be one of ${tables.datasets.map((d) => d.id).join(', ')}.`);
  assert.equal(dataset.state.settings.dataset, state.settings.dataset);
  assert.match(draft(state, { key: 'optimizer', value: 'rmsprop' }).state.problems.optimizer, new RegExp(`should be one of ${tables.optimizers.join(', ')}\\.$`));
  assert.match(draft(state, { key: 'atKink', value: 'numpy' }).state.problems.atKink, new RegExp(`should be one of ${catalog.conventions.map((c) => c.id).join(', ')}\\.$`));
  assert.equal(draft(state, { key: 'nope', value: 1 }).effect, null);
});

test('a new dataset trains with its own default loss', () => {
  const { state, effect } = draft(start({ loss: 'mse' }), { key: 'dataset', value: 'circles' });
  assert.equal(effect, 'run');
  assert.equal(state.settings.dataset, 'circles');
  assert.equal(state.settings.loss, null);
});

test('a new layer count keeps the widths it has and gives new layers the last one\'s width', () => {
  assert.deepEqual(draft(start({ hidden: [16, 64] }), { key: 'layers', value: '4' }).state.settings.hidden, [16, 64, 64, 64]);
  assert.deepEqual(draft(start({ hidden: [16, 64, 2] }), { key: 'layers', value: '2' }).state.settings.hidden, [16, 64]);
});

test('one width sets every layer, a list one per layer, and widths outside the tables\' limits are named', () => {
  const { minWidth, maxWidth, maxLayers } = tables.limits;
  const state = start({ hidden: [16, 16, 16] });
  assert.deepEqual(draft(state, { key: 'hidden', value: '8' }).state.settings.hidden, [8, 8, 8]);
  assert.deepEqual(draft(state, { key: 'hidden', value: '8, 4' }).state.settings.hidden, [8, 4]);
  for (const bad of [String(minWidth - 1), `8,${maxWidth + 1}`, Array(maxLayers + 1).fill(8).join(','), '8,,4', '1.5']) {
    const refused = draft(state, { key: 'hidden', value: bad });
    assert.equal(refused.effect, null, bad);
    assert.deepEqual(refused.state.settings.hidden, [16, 16, 16], bad);
    assert.match(refused.state.problems.hidden, new RegExp(`^Units per layer: whole numbers from ${minWidth} to ${maxWidth}, .*at most ${maxLayers}`), bad);
  }
  assert.equal(widthsText([16, 16, 16]), '16');
  assert.equal(widthsText([16, 64, 2]), '16,64,2');
});

test('another function starts from the catalog\'s defaults and clears the form\'s problems; a step is offered only while chosen', () => {
  const elu = catalog.functions.find((f) => f.id === 'elu');
  let state = draft(start(), { key: 'seed', value: 'x' }).state;
  const { state: next, effect } = draft(state, { key: 'function', side: 0, value: 'elu' });
  assert.equal(effect, 'run');
  assert.deepEqual(next.settings.sides[0], { functionId: 'elu', params: Object.fromEntries(elu.parameters.map((p) => [p.id, p.default])) });
  assert.deepEqual(next.settings.sides[1], state.settings.sides[1], 'the other side is left alone');
  assert.deepEqual(next.problems, {}, 'the form is drawn anew');
  const untrainable = catalog.functions.find((f) => !f.trainable);
  state = start();
  assert.equal(draft(state, { key: 'function', side: 1, value: untrainable.id }).effect, null, 'the core cannot train it');
  assert.ok(!functionChoices(catalog, state.settings.sides[1]).some((f) => f.id === untrainable.id));
  const chosen = { functionId: untrainable.id, params: {} };
  assert.ok(functionChoices(catalog, chosen).some((f) => f.id === untrainable.id), 'a link that chose it keeps it in the menu');
});

test('a parameter draft sets that side\'s parameter only', () => {
  const { state, effect } = draft(start(), { key: 'param', side: 0, param: 'alpha', value: 0.2 });
  assert.equal(effect, 'run');
  assert.equal(state.settings.sides[0].params.alpha, 0.2);
  assert.deepEqual(state.settings.sides[1], defaultLabSettings(tables).sides[1]);
  assert.equal(draft(start(), { key: 'param', side: 1, param: 'alpha', value: 0.2 }).effect, null, 'ReLU has no α');
  assert.equal(draft(start(), { key: 'param', side: 0, param: 'alpha', value: Number.NaN }).effect, null);
});

test('speed plays on, steps only move the stop, every other setting starts the run again', () => {
  const state = start();
  assert.equal(draft(state, { key: 'speed', value: '16' }).effect, 'speed');
  assert.equal(draft(state, { key: 'speed', value: '16' }).state.settings.speed, 16);
  assert.equal(draft(state, { key: 'steps', value: '500' }).effect, 'record');
  for (const [key, value] of [['init', 'glorot'], ['optimizer', 'adam'], ['lr', 0.05], ['batch', '8'], ['atKink', 'jax'], ['seed', '3']]) {
    assert.equal(draft(state, { key, value }).effect, 'run', key);
  }
});

test('a preset press gives the preset\'s settings from the tables and keeps the theme and speed', () => {
  for (const preset of tables.presets) {
    const before = draft(start({ theme: 'dark', speed: 8, seed: 99 }), { key: 'seed', value: 'x' }).state;
    const { state, effect } = pressPreset(before, tables, preset.id);
    assert.equal(effect, 'run');
    for (const [key, value] of Object.entries(preset.settings)) assert.deepEqual(state.settings[key], value, `${preset.id}: ${key}`);
    assert.deepEqual([state.settings.theme, state.settings.speed], ['dark', 8]);
    assert.deepEqual(state.problems, {});
  }
  const button = pressPreset(start(), tables).state.settings;
  assert.deepEqual(button, { ...presetSettings(tables, 'dying_relu'), theme: 'auto', speed: defaultLabSettings(tables).speed }, 'the button\'s preset: dying_relu');
  const unknown = pressPreset(start(), tables, 'dying');
  assert.equal(unknown.effect, null);
  assert.match(unknown.state.problems.preset, /should be one of dying_relu, born_dead/);
});

test('settings from elsewhere replace the current ones and leave no problem', () => {
  const state = draft(start(), { key: 'seed', value: 'x' }).state;
  const next = replaceSettings(state, { seed: 5, hidden: [8] });
  assert.equal(next.settings.seed, 5);
  assert.deepEqual(next.settings.hidden, [8]);
  assert.equal(next.settings.dataset, state.settings.dataset);
  assert.deepEqual(next.problems, {});
});

test('the run record appends each report and keeps the last regions when a report has none', () => {
  const run = emptyRun();
  recordStarted(run, { info: { inputs: 2 }, data: { x: [], y: [] }, grid: [] });
  const side = (loss, activity) => ({ loss: [loss], dead: [[1], [2]], nearlyDead: [[3], [4]], ...(activity ? { activity, predictions: activity } : {}) });
  recordProgress(run, { steps: 1, sides: [side(0.5, ['a']), side(0.6, ['b'])], summary: 'one' });
  recordProgress(run, { steps: 2, sides: [side(0.4), side(0.3)], summary: 'two' });
  assert.deepEqual(run.history.loss, [[0.5, 0.4], [0.6, 0.3]]);
  assert.deepEqual(run.history.dead[1], [[1, 1], [2, 2]]);
  assert.equal(run.steps, 2);
  assert.equal(run.latest.summary, 'two');
  assert.deepEqual(run.latest.sides.map((s) => s.activity), [['a'], ['b']], 'the regions and units of the last detailed report');
});

test('the words: why a run stopped, the preset\'s sentence before the first step, the export\'s name', () => {
  assert.deepEqual(stoppedNote({ reason: 'done' }, 2000), { text: 'Stopped after 2,000 steps (the limit set under Training).', kind: 'info' });
  assert.deepEqual(stoppedNote({ reason: 'diverged', message: 'diverged at step 3' }, 3), { text: 'Training diverged at step 3.', kind: 'error' });
  assert.equal(stoppedNote({ reason: 'paused' }, 3), null);
  const preset = tables.presets[1];
  const settings = presetSettings(tables, preset.id);
  assert.equal(summaryText(settings, tables, { steps: 0, latest: { summary: 'core' } }), `${preset.description} Press Play to watch.`);
  assert.equal(summaryText(settings, tables, { steps: 1, latest: { summary: 'core' } }), 'core');
  assert.equal(summaryText(defaultLabSettings(tables), tables, { steps: 0, latest: { summary: 'core' } }), 'core', 'not a preset: the core\'s sentence');
  assert.equal(exportFileName({ dataset: 'circles', seed: 3 }), 'activation-lab-circles-seed3.json');
});

// Formula sides (issue 19), read by the lab's own module through a formula book.
const { formulaBook, FORMULA_IDS } = await import(webModule('lab/lab-formulas.js'));
const formulas = formulaBook(lab);
const withFormulas = { tables, catalog, formulas };

test('"Your own formula…" makes a side the function it was, written as a formula that calls it, and its runs start', () => {
  const state = start();
  const { state: next, effect } = applyDraft(state, { key: 'function', side: 0, value: FORMULA_IDS[0] }, withFormulas);
  assert.equal(effect, 'run');
  const side = next.settings.sides[0];
  assert.deepEqual(side, { functionId: 'expr', expr: `leaky_relu(x, ${state.settings.sides[0].params.alpha})`, params: {} });
  assert.equal(lab.start(next.settings).ok, true);
  // The comparison side's formula is expr2.
  const versus = applyDraft(next, { key: 'function', side: 1, value: FORMULA_IDS[1] }, withFormulas).state.settings.sides[1];
  assert.deepEqual(versus, { functionId: 'expr2', expr: 'relu(x)', params: {} });
});

test('a typed formula becomes the side with its parameters; a bad one is named with its column and the run goes on', () => {
  const state = applyDraft(start(), { key: FORMULA_IDS[1], value: 'x * sigmoid(b*x)' }, withFormulas).state;
  assert.deepEqual(state.settings.sides[1], { functionId: 'expr2', expr: 'x * sigmoid(b*x)', params: { b: 1 } });
  const moved = applyDraft(state, { key: 'param', side: 1, param: 'b', value: 1.702 }, withFormulas);
  assert.equal(moved.effect, 'run');
  assert.equal(moved.state.settings.sides[1].params.b, 1.702);
  // Another formula with the same parameter keeps its value.
  const kept = applyDraft(moved.state, { key: FORMULA_IDS[1], value: 'b * x * sigmoid(x)' }, withFormulas).state;
  assert.equal(kept.settings.sides[1].params.b, 1.702);

  const bad = applyDraft(kept, { key: FORMULA_IDS[1], value: 'x * sigmod(x)' }, withFormulas);
  assert.equal(bad.effect, null);
  assert.deepEqual(bad.state.settings, kept.settings, 'the last good settings stay');
  assert.equal(bad.state.problems.expr2, 'Formula: column 5: "sigmod" is not a function; did you mean sigmoid?');
  assert.match(applyDraft(kept, { key: FORMULA_IDS[0], value: '  ' }, withFormulas).state.problems.expr, /^Formula: type a formula/);
});

test('a formula parameter the module refuses (a catalog call out of its range) and a parameter named as a URL key are refused', () => {
  const state = applyDraft(start(), { key: FORMULA_IDS[0], value: 'leaky_relu(x, a)' }, withFormulas).state;
  assert.equal(state.settings.sides[0].expr, 'leaky_relu(x, a)');
  const refused = applyDraft(state, { key: 'param', side: 0, param: 'a', value: 2 }, withFormulas);
  assert.equal(refused.effect, null);
  assert.equal(refused.state.problems.param, 'a: column 15: leaky_relu\'s parameter alpha: α must be between 0 and 1, got 2.');
  assert.deepEqual(refused.state.settings, state.settings);
  const clash = applyDraft(start(), { key: FORMULA_IDS[0], value: 'x * sigmoid(seed*x)' }, withFormulas);
  assert.equal(clash.state.problems.expr, 'Formula: column 13: the parameter "seed" would be the URL key "seed", which the lab already uses; give it another name.');
});

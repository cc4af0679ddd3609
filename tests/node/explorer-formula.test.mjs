// The reader's formula in the explorer's pure pieces, without a browser (issue 19): the URL keys
// (expr, fn=expr, each parameter by its name) read and written through the explorer's view as
// the hosts read them, names that would collide with a URL key refused at their column, what a
// tab switch carries, the slot that keeps the last good formula registered, the parameters
// kept across a new text and the marker under an error's column. The engine is the real one.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const { explorerViewFor } = await import(webModule('explorer/explorer-view.js'));
const { formulaNameClash, GLOBAL_KEYS, parameterKeyClash } = await import(webModule('explorer/explorer-url.js'));
const { columnOfName, formulaSlot } = await import(webModule('explorer/formula-slot.js'));
const { columnMarker } = await import(webModule('explorer/formula-field.js'));
const { formulaParams } = await import(webModule('explorer/state.js'));
const { readViewQuery, viewQuery } = await import(webModule('views/url-layer.js'));
const { views } = await import(webModule('views/registry.js'));

const engine = await loadEngine(wasmBytes());
const SHOWN = { f: true, df: true, d2f: false };

// The explorer as the page's router reads it (idPrefix '' gives the engine id "expr").
function pageView(idPrefix = '') {
  const view = explorerViewFor({ engine, idPrefix });
  return { view, read: (search) => readViewQuery(search, view, views()) };
}

test('fn=expr with expr and a parameter by its name reads as the formula series, and writes back the same link', () => {
  const { view, read } = pageView();
  const { state, problems } = read('?fn=expr&expr=x+*+sigmoid(b*x)&b=1.702&fn2=relu');
  assert.deepEqual(problems, []);
  assert.deepEqual(state.formula, { id: 'expr', text: 'x * sigmoid(b*x)' });
  assert.deepEqual(state.series, [
    { functionId: 'expr', params: { b: 1.702 }, show: SHOWN },
    { functionId: 'relu', params: {}, show: SHOWN },
  ]);
  assert.equal(viewQuery('explorer', view, state, { embed: false, controls: [] }, views()),
    'fn=expr&expr=x+*+sigmoid%28b*x%29&b=1.702&fn2=relu&from=-10&to=10&n=201&at_kink=pytorch');
  const sample = engine.sample({ functionId: 'expr', params: { b: 1.702 }, from: 1, to: 2, n: 2 });
  assert.equal(sample.f[0], 1 / (1 + Math.exp(-1.702)), 'the registered formula is the link\'s');
});

test('a formula parameter takes a value past its slider\'s -10...10 (issue 19: "widened by the number field"); past the accepted range is named', () => {
  const { read } = pageView();
  const wide = read('?fn=expr&expr=x*sigmoid(b*x)&b=50');
  assert.deepEqual(wide.problems, []);
  assert.deepEqual(wide.state.series[0].params, { b: 50 });
  const parameter = engine.catalog.functions.find((f) => f.id === 'expr').parameters[0];
  const tooFar = read(`?fn=expr&expr=x*sigmoid(b*x)&b=${parameter.max * 2}`);
  assert.equal(tooFar.problems.length, 1);
  assert.match(tooFar.problems[0], /b must be between/);
  assert.deepEqual(tooFar.state.series[0].params, { b: 1 });
});

test('expr alone shows the formula alone; a formula in a later series is fn2=expr with its parameters suffixed', () => {
  const { read } = pageView();
  const alone = read('?expr=relu(x)^2');
  assert.deepEqual(alone.problems, []);
  assert.deepEqual(alone.state.series, [{ functionId: 'expr', params: {}, show: SHOWN }]);
  const second = read('?fn=elu&fn2=expr&expr=x%2Bsin(a*x)^2/a&a2=0.5&show2=f,d2f');
  assert.deepEqual(second.problems, []);
  assert.deepEqual(second.state.series[1], { functionId: 'expr', params: { a: 0.5 }, show: { f: true, df: false, d2f: true } });
});

test('a bad expr is named with its column and the page falls back as for an unknown fn; fn=expr without expr is named', () => {
  const { read } = pageView();
  const bad = read('?fn=expr&expr=x*sigmod(x)&fn2=relu');
  assert.deepEqual(bad.problems, ['expr: "x*sigmod(x)" cannot be used: column 3: "sigmod" is not a function; did you mean sigmoid?']);
  assert.deepEqual(bad.state.series.map((s) => s.functionId), ['leaky_relu', 'relu']);
  assert.equal(bad.state.formula, null);
  const missing = read('?fn=expr');
  assert.deepEqual(missing.problems, ['fn: "expr" shows the formula given in expr=, which the link leaves out.']);
  // Past the slider's -10...10 is taken (the number field widens it); past the accepted range is not.
  const outOfRange = read('?fn=expr&expr=x*b&b=2000000');
  assert.deepEqual(outOfRange.problems, ['b: b must be between -1000000 and 1000000, got 2000000.']);
  assert.deepEqual(outOfRange.state.series[0].params, { b: 1 });
  // Inside the slider's range, outside the callee's: the core names the call and its column.
  const callee = read('?expr=leaky_relu(x, a)&a=2');
  assert.deepEqual(callee.problems, ['a: column 15: leaky_relu\'s parameter alpha: α must be between 0 and 1, got 2.']);
  assert.deepEqual(callee.state.series[0].params, { a: 1 });
});

test('a parameter may not be named like a key the link uses: refused with the column where it is written', () => {
  for (const key of [...GLOBAL_KEYS, 'fn', 'show', 'fn2', 'show6', 'params', 'range']) assert.notEqual(formulaNameClash(key), null, key);
  for (const name of ['a', 'b', 'alpha', 'a2', 'fn_1', 'beta2', 'shows']) assert.equal(formulaNameClash(name), null, name);
  const { read } = pageView();
  const { problems } = read('?expr=x*sigmoid(n*x)');
  assert.deepEqual(problems, ['expr: "x*sigmoid(n*x)" cannot be used: column 11: "n" cannot name a parameter here: the page\'s link uses n= for something else; call it n_1, for instance.']);
  assert.equal(columnOfName('1e5*x + e*ex + e5', 'e5'), 16, 'the exponent of 1e5 is not the name e5');
});

test('a formula in two series whose names would share a key (a2 of the first, a of the second) is named, and the later one left out', () => {
  const { read } = pageView();
  const { state, problems } = read('?fn=expr&expr=a*x%2Ba2&fn2=expr&a2=0.5');
  assert.deepEqual(problems, ['a2= would set both a2 of function 1 and a of function 2 in the link; rename a parameter of the formula. Function 2 is left out.']);
  assert.deepEqual(state.series, [{ functionId: 'expr', params: { a: 1, a2: 0.5 }, show: SHOWN }]);
  assert.equal(parameterKeyClash(state), null);
  const twice = read('?fn=expr&expr=a*x&a=2&fn2=expr&a2=0.5');
  assert.deepEqual(twice.problems, [], 'the same formula twice, each with its own a');
  assert.deepEqual(twice.state.series.map((s) => s.params), [{ a: 2 }, { a: 0.5 }]);
});

test('controls= may name a formula parameter\'s slider; another name is still refused', () => {
  const { read } = pageView();
  const good = read('?expr=x*sigmoid(b*x)&embed=1&controls=b');
  assert.deepEqual(good.problems, []);
  assert.deepEqual(good.page.controls, ['b']);
  const bad = read('?expr=x*sigmoid(b*x)&embed=1&controls=c');
  assert.match(bad.problems[0], /^controls: "c" is not a control here/);
});

test('a tab switch carries the formula as {functionId: "expr", params, expr}, and the explorer takes it back', () => {
  const { view, read } = pageView();
  const { state } = read('?fn=expr&expr=x%2Bsin(a*x)^2/a&a=0.2&fn2=relu');
  const shared = view.shared(state);
  assert.deepEqual(shared.functions, [{ functionId: 'expr', params: { a: 0.2 }, expr: 'x+sin(a*x)^2/a' }, { functionId: 'relu', params: {} }]);
  const next = pageView();
  const back = next.view.fromShared(structuredClone(shared));
  assert.deepEqual(back.series, state.series);
  assert.deepEqual(back.formula, state.formula);
  assert.deepEqual(next.view.detail(back).expr, 'x+sin(a*x)^2/a');
});

test('an element\'s formula has its own engine id; another element\'s is not a function of a link', () => {
  const { read } = pageView('ap9-');
  const { state } = read('?expr=x*sigmoid(b*x)');
  assert.equal(state.series[0].functionId, 'ap9-expr');
  assert.ok(engine.functionSpec('ap9-expr').expression);
  const other = pageView('ap10-').read('?fn=ap9-expr');
  const builtins = engine.catalog.functions.filter((f) => f.expression === undefined).length;
  assert.equal(other.problems[0], `fn: "ap9-expr" is not a function here; see the menu for the ${builtins} there are.`);
  assert.ok(builtins < engine.catalog.functions.length, 'the formulas registered are not counted');
});

test('a refused text leaves the last good formula registered; clear() takes it out', () => {
  const slot = formulaSlot(engine, { id: 'slot-test', refuseName: formulaNameClash, maxLength: engine.formulaGrammar().limits.length });
  assert.equal(slot.set('2*x').ok, true);
  const refused = slot.set('2*x +');
  assert.deepEqual([refused.ok, refused.column], [false, 6]);
  assert.equal(slot.text, '2*x');
  assert.equal(engine.sample({ functionId: 'slot-test', from: 1, to: 2, n: 2 }).f[0], 2);
  const pasted = slot.set(`${'x+'.repeat(50_000)}x`);
  assert.equal(pasted.message, `the formula is 100001 characters long; at most ${engine.formulaGrammar().limits.length} are allowed`);
  assert.equal(slot.text, '2*x');
  const clash = slot.set('x * to');
  assert.deepEqual([clash.ok, clash.column], [false, 5]);
  assert.equal(engine.functionSpec('slot-test').expression, '2*x');
  slot.clear();
  assert.equal(engine.functionSpec('slot-test'), undefined);
});

test('a new text keeps the values of the parameters that remain; new ones start at their defaults', () => {
  const spec = engine.registerFormula('a*x + c', { id: 'params-test' }).spec;
  assert.deepEqual(formulaParams(spec, { a: 0.3, b: 2 }), { a: 0.3, c: 1 });
  engine.unregisterFormula('params-test');
});

test('the marker sits under the column, as long as the name or number there; long texts are cut around it', () => {
  assert.deepEqual(columnMarker('x * sigmod(x)', 5), { line: 'x * sigmod(x)', marker: '    ^^^^^^' });
  assert.deepEqual(columnMarker('x * (1 + x', 11), { line: 'x * (1 + x', marker: '          ^' });
  const long = `${'x + '.repeat(20)}sigmod(x)`;
  const { line, marker } = columnMarker(long, 81);
  assert.ok(line.startsWith('…') && line.length < long.length);
  assert.equal(line.slice(marker.indexOf('^'), marker.length), 'sigmod');
});

test('abs(sin(x)) over -50…50: the kink note says the KINKS_SAID ties nearest 0 and lists the rest; the convention labels quote the tie nearest 0', async () => {
  const { KINKS_SAID, kinkNotes } = await import(webModule('explorer/notes.js'));
  const { formatNumber } = await import(webModule('plot-model.js'));
  const grid = { from: -50, to: 50, n: 1001 };
  engine.unregisterFormula('notes');
  assert.ok(engine.registerFormula('abs(sin(x))', { id: 'notes' }).ok);
  const { kinks } = engine.kinks({ functionId: 'notes', params: {}, ...grid });
  const { x } = engine.sample({ functionId: 'notes', params: {}, ...grid });
  const jumps = kinks.filter((k) => k.dfLeft !== k.dfRight);
  assert.ok(jumps.length > KINKS_SAID + 20, `${jumps.length} ties`);
  const { conventions } = engine.catalog;
  const notes = kinkNotes([{ name: 'f', kinks, x }], conventions);
  const sentences = notes.long.match(/f′ jumps at x = /g) ?? [];
  assert.equal(sentences.length, KINKS_SAID, notes.long);
  const nearest = [...jumps].sort((a, b) => Math.abs(a.x) - Math.abs(b.x));
  for (const k of nearest.slice(0, KINKS_SAID)) assert.ok(notes.long.includes(`jumps at x = ${formatNumber(k.x)} `), `the tie at ${k.x} is said`);
  assert.ok(notes.long.includes(`f′ also jumps at ${jumps.length - KINKS_SAID} more points: x = ${formatNumber(Math.min(...jumps.map((k) => k.x)))}, `), notes.long);
  assert.ok(notes.long.length < 1000, `${notes.long.length} characters`);
  assert.equal((notes.short.match(/jumps/g) ?? []).length, KINKS_SAID + 1, notes.short);
  const at0 = nearest[0];
  for (const c of conventions) assert.equal(notes.atKink[c.id], ` — f′(${formatNumber(at0.x)}) = ${formatNumber(at0.dfAt[c.id])}`);
  engine.unregisterFormula('notes');
});

test('an expr no function shows (fn=relu&expr=x^2) is named, not ignored silently; with fn=expr it is not', () => {
  const { read } = pageView();
  const { state, problems } = read('?fn=relu&expr=x%5E2');
  assert.deepEqual(state.series.map((s) => s.functionId), ['relu']);
  assert.deepEqual(problems, ['expr: "x^2" is ignored: a formula is drawn only as a function "expr" (fn=expr, fn2=expr, …), and no function is.']);
  assert.deepEqual(read('?fn=relu&fn2=expr&expr=x%5E2').problems, []);
});

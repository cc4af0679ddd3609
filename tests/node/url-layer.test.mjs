// The one URL layer every view reads through: typed keys, repeated and unknown keys, the cap,
// the router's keys and the view key, with a view made up here (no view of web/ involved).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { webModule } from '../support/paths.mjs';

const { queryReader, readViewQuery, viewChoice, viewQuery, writePageKeys } = await import(webModule('views/url-layer.js'));

const VIEWS = [{ name: 'first', label: 'First view' }, { name: 'lab', label: 'Dead-neuron lab' }, { name: 'table', label: 'Samples table' }];

// A view with two keys: count (2 to 50) and shape (round or square); it offers two controls.
const madeUp = {
  controls: { names: ['count', 'shape'], hint: 'count or shape' },
  read: (reader, page) => ({
    count: reader.number('count', { min: 2, max: 50, whole: true }) ?? 5,
    shape: reader.oneOf('shape', ['round', 'square']) ?? 'round',
    theme: page.theme,
  }),
  write: (state) => new URLSearchParams({ count: String(state.count), shape: state.shape }),
  shared: (state) => ({ functions: [], atKink: 'pytorch', theme: state.theme }),
};

test('a view\'s keys are read by type; a refused value is named with its bounds and the default kept', () => {
  const { state, page, problems } = readViewQuery('?view=table&count=80&shape=oval&theme=dark', madeUp, VIEWS);
  assert.deepEqual(state, { count: 5, shape: 'round', theme: 'dark' });
  assert.deepEqual(page, { theme: 'dark', embed: false, controls: [] });
  assert.deepEqual(problems, ['count: a whole number from 2 to 50, got 80.', 'shape: "oval" should be one of round, square.']);
});

test('a key nobody asked for is unknown, a repeated one named once, and the list capped at 12', () => {
  const { problems } = readViewQuery('?count=3&count=4&count=5&colour=red', madeUp, VIEWS);
  assert.deepEqual(problems, ['"count" is given more than once; the first value is used.', '"colour" is not a setting here and is ignored.']);
  const many = readViewQuery(`?${Array.from({ length: 40 }, (_, i) => `k${i}=1`).join('&')}`, madeUp, VIEWS).problems;
  assert.equal(many.length, 12);
  assert.equal(many.at(-1), '…and 29 more problems; their settings are ignored.');
  // A view may word its unknown keys itself.
  const worded = readViewQuery('?colour=red', { ...madeUp, unknownKey: (key) => `${key}: not here` }, VIEWS).problems;
  assert.deepEqual(worded, ['colour: not here']);
});

test('the router\'s keys: the view named among the registered ones, embed, and controls checked against the view\'s names', () => {
  assert.deepEqual(viewChoice(null, VIEWS), { name: 'first', problem: null });
  assert.deepEqual(viewChoice('table', VIEWS), { name: 'table', problem: null });
  assert.deepEqual(viewChoice(' TABLE', VIEWS), { name: 'table', problem: 'view: " TABLE" is read as table.' });
  assert.deepEqual(viewChoice('graph', VIEWS), { name: 'first', problem: 'view: "graph" is not a view here: lab (the dead-neuron lab), table (the samples table), or none for the first, which is shown.' });
  const { page, problems } = readViewQuery('?embed=1&controls=count,wheel', madeUp, VIEWS);
  assert.deepEqual(page, { theme: 'auto', embed: true, controls: ['count'] });
  assert.deepEqual(problems, ['controls: "wheel" is not a control here; use count or shape.']);
  assert.deepEqual(readViewQuery('?embed=yes', madeUp, VIEWS).problems, ['embed: "yes" should be 1 (plot and chosen controls only) or 0.']);
});

test('a written query puts the view first and the router\'s keys after the view\'s, leaving out defaults', () => {
  const state = { count: 7, shape: 'square', theme: 'dark' };
  assert.equal(viewQuery('table', madeUp, state, { embed: true, controls: ['count'] }, VIEWS), 'view=table&count=7&shape=square&theme=dark&embed=1&controls=count');
  assert.equal(viewQuery('first', madeUp, { ...state, theme: 'auto' }, { embed: false, controls: ['count'] }, VIEWS), 'count=7&shape=square');
  assert.equal(writePageKeys(new URLSearchParams('a=1'), {}).toString(), 'a=1');
});

test('a reader claims what it is asked for, so a parameter of a misnamed function is not unknown', () => {
  const reader = queryReader('?fn=nope&alpha=0.2&beta=1');
  reader.get('fn');
  reader.claim('alpha');
  assert.deepEqual(reader.finish((key) => `${key}?`), ['beta?']);
});

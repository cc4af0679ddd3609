// The iframe snippet: escaped, titled, and as tall as what it embeds (the browser suite frames it).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { wasmBytes, webModule } from '../support/paths.mjs';

const { embedHeight, embedSnippet } = await import(webModule('embed-code.js'));
const { loadEngine } = await import(webModule('activation-engine.js'));
const { catalog } = await loadEngine(wasmBytes());
const parametersOf = (id) => catalog.functions.find((f) => f.id === id).parameters;

test('the snippet escapes its address and title', () => {
  assert.equal(embedSnippet({ src: 'https://a.example/?fn=elu&alpha="1"', title: 'ELU <b>', height: 520 }),
    '<iframe src="https://a.example/?fn=elu&amp;alpha=&quot;1&quot;" title="ELU &lt;b>" width="100%" height="520" loading="lazy" style="border:0"></iframe>');
});

test('the height grows with each slider it embeds', () => {
  const none = embedHeight(parametersOf('relu'));
  const one = embedHeight(parametersOf('leaky_relu'));
  const two = embedHeight(parametersOf('softplus'));
  assert.equal(one, 520, 'Leaky ReLU with its α slider: the height the README proposes');
  assert.ok(none < one && one < two, `${none} < ${one} < ${two}`);
  for (const h of [none, one, two]) assert.equal(h % 10, 0);
});

// Links to the page itself stay on its origin whatever its path holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { webModule } from '../support/paths.mjs';

const { fullPageLink, withQuery } = await import(webModule('page-links.js'));

test('the embed\'s "open" link drops the embed settings and keeps the rest of the view', () => {
  assert.equal(fullPageLink('https://site.example/tools/ae/?fn=elu&alpha=0.5&embed=1&controls=alpha#top'),
    'https://site.example/tools/ae/?fn=elu&alpha=0.5');
});

test('a path that starts with two slashes stays a path on the same host', () => {
  for (const page of ['http://127.0.0.1:8000//evil.example/?fn=relu&embed=1', 'http://127.0.0.1:8000//evil.example', 'http://127.0.0.1:8000/\\evil.example/?embed=1']) {
    const link = new URL(fullPageLink(page));
    assert.equal(link.origin, 'http://127.0.0.1:8000', `${page} → ${link.href}`);
    assert.equal(new URL(withQuery(page, 'fn=relu')).origin, 'http://127.0.0.1:8000');
  }
});

test('withQuery replaces the query and drops the fragment', () => {
  assert.equal(withQuery('file:///home/me/dist/index.html?fn=relu#x', 'fn=elu'), 'file:///home/me/dist/index.html?fn=elu');
});

// What a person types into a number field, and what they are told when it is not a number.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { webModule } from '../support/paths.mjs';

const { parseNumberText } = await import(webModule('number-text.js'));

test('plain, signed, decimal and exponent forms are numbers', () => {
  for (const [text, value] of [['0.25', 0.25], [' -3 ', -3], ['+.5', 0.5], ['1e-3', 0.001], ['2E2', 200], ['7.', 7], ['0', 0], ['0e5', 0]]) {
    assert.deepEqual(parseNumberText(text, 'α'), { ok: true, value }, text);
  }
});

test('everything else gets a message naming the field and the problem', () => {
  const cases = [
    ['', 'α is empty: type a number.'],
    ['   ', 'α is empty: type a number.'],
    ['0,5', 'α: "0,5" uses a decimal comma; write 0.5.'],
    ['abc', 'α: "abc" is not a number.'],
    ['NaN', 'α: "NaN" is not a number.'],
    ['Infinity', 'α: "Infinity" is not a number.'],
    ['0x10', 'α: "0x10" is not a number.'],
    ['1 2', 'α: "1 2" is not a number.'],
    ['1e400', 'α: 1e400 is too large to represent.'],
    ['1e-400', 'α: 1e-400 is too small to represent (it rounds to 0).'],
    ['<img src=x onerror=alert(1)>', 'α: "<img src=x onerror=alert(1)>" is not a number.'],
  ];
  for (const [text, message] of cases) assert.deepEqual(parseNumberText(text, 'α'), { ok: false, message }, text);
});

test('a quoted value with right-to-left text or bidi controls is isolated, so the rest of the message keeps its order', async () => {
  const { shownText } = await import(webModule('number-text.js'));
  const FSI = '\u2068';
  const PDI = '\u2069';
  assert.equal(shownText('moons'), 'moons', 'plain text is quoted as it is');
  assert.equal(shownText('ab\u202Ecd'), `${FSI}ab\u202Ecd${PDI}`, 'a right-to-left override stays inside its isolate');
  assert.equal(shownText('שלום'), `${FSI}שלום${PDI}`);
  assert.equal(shownText('\u2069\u202Ex'), `${FSI}\u202Ex${PDI}`, 'a stray PDI cannot end the isolate early');
  assert.equal(shownText('\u2067abc'), `${FSI}\u2067abc${PDI}${PDI}`, 'an unclosed isolate is closed before ours');
  assert.equal(parseNumberText('1\u202E2', 'α').message, `α: "${FSI}1\u202E2${PDI}" is not a number.`);
});

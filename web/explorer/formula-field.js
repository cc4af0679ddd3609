// The "Formula" field of the reader's own function: a labelled text input, the parser's message
// with a marker under the column it names, and, one click away, the examples and the grammar.
// Everything listed comes from the C++ core's grammar JSON (engine.formulaGrammar()) and the
// catalog; the text typed is set as a value or text content, never parsed as HTML.

import { element } from '../controls.js';
import { formatNumber } from '../plot-model.js';

// Characters of the formula shown either side of the column an error points at.
const EXCERPT_REACH = 24;
const ARGUMENT_NAMES = ['v', 'a, b', 'a, b, c'];

/**
 * The excerpt of `text` around 1-based `column` and the marker line under it, for a monospace
 * block: "x * sigmod(x)" and "    ^^^^^^" for column 5. The marker spans the name or number that
 * starts there (one character otherwise, or the end of the text).
 * @returns {{line: string, marker: string}}
 */
export function columnMarker(text, column) {
  const at = Math.min(Math.max(column - 1, 0), text.length);
  const token = /^(?:[A-Za-z][A-Za-z0-9_]*|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|\*\*|[<>=!]=)/.exec(text.slice(at));
  const width = token ? token[0].length : 1;
  const start = Math.max(0, at - EXCERPT_REACH);
  const end = Math.min(text.length, at + width + EXCERPT_REACH);
  const lead = start > 0 ? '…' : '';
  const line = `${lead}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  return { line, marker: `${' '.repeat(lead.length + at - start)}${'^'.repeat(width)}` };
}

/**
 * @param {{idPrefix: string, grammar: object, builtins: object[], text: string, onText: (text: string) => void}} options
 *   grammar: engine.formulaGrammar(); builtins: the catalog's functions, callable by their ids
 * @returns {{element: HTMLElement, input: HTMLInputElement, setText(text: string): void,
 *   showError(error: {message: string, column: number} | null, keptText?: string | null): void}}
 *   keptText: the formula still drawn while the field's text is refused
 */
export function formulaField({ idPrefix, grammar, builtins, text, onText }) {
  const id = `${idPrefix}formula`;
  const input = element('input', {
    id, type: 'text', className: 'formula-input', value: text, spellcheck: false, autocomplete: 'off',
    autocapitalize: 'off', ariaDescribedby: `${id}-message`, ariaInvalid: 'false',
  });
  input.addEventListener('input', () => onText(input.value));
  const pointer = element('pre', { className: 'formula-pointer', ariaHidden: 'true' });
  const words = element('span', { className: 'formula-error' });
  // What stays drawn meanwhile, so the sliders below are not read as the typed text's.
  const kept = element('span', { className: 'formula-kept' });
  const message = element('div', { id: `${id}-message`, className: 'formula-message', hidden: true }, [pointer, words, kept]);
  const load = (example) => {
    input.value = example;
    onText(example);
  };
  const help = element('div', { className: 'formula-help' }, [
    disclosure(`Examples (${grammar.examples.length})`, () => examplesList(grammar.examples, load)),
    disclosure('Grammar', () => grammarList(grammar, builtins)),
  ]);
  return {
    element: element('div', { className: 'formula-editor field' }, [
      element('label', { htmlFor: id, textContent: 'Formula' }), input, message, help,
    ]),
    input,
    setText(next) { input.value = next; },
    showError(error, keptText = null) {
      input.setAttribute('aria-invalid', String(error !== null));
      message.hidden = error === null;
      words.textContent = error?.message ?? '';
      kept.textContent = error && keptText !== null ? ` The plot and the sliders still show ${keptText}.` : '';
      if (error === null || !error.column) {
        pointer.textContent = '';
        pointer.hidden = true;
        return;
      }
      const { line, marker } = columnMarker(input.value, error.column);
      pointer.textContent = `${line}\n${marker}`;
      pointer.hidden = false;
    },
  };
}

// A <details> whose contents are built the first time it opens.
function disclosure(title, build) {
  const details = element('details', {}, [element('summary', { textContent: title })]);
  details.addEventListener('toggle', () => { if (details.open && details.childElementCount === 1) details.append(build()); });
  return details;
}

function examplesList(examples, load) {
  return element('ul', { className: 'formula-examples' }, examples.map((example) => {
    const button = element('button', { type: 'button', title: `Load ${example.text}` }, [
      element('code', { textContent: example.text }), element('span', { className: 'example-name', textContent: ` ${example.name}` }),
    ]);
    button.addEventListener('click', () => load(example.text));
    return element('li', {}, [button, element('p', { textContent: example.teaches })]);
  }));
}

function grammarList(grammar, builtins) {
  const { limits, parameter } = grammar;
  const row = (term, meaning) => [element('dt', {}, [element('code', { textContent: term })]), element('dd', { textContent: meaning })];
  const catalogCalls = builtins.map((f) => `${f.id}(v${f.parameters.map((p) => `, ${p.id}`).join('')})`).join('  ');
  // Scrolls inside its box (a long list in a narrow column); focusable, so the keyboard scrolls it too.
  return element('div', { className: 'formula-grammar', tabIndex: 0, role: 'region', ariaLabel: 'The formula grammar' }, [
    element('p', { textContent: `A formula in x. Any other name (a letter, then letters, digits or _) is a parameter with a slider: ${formatNumber(parameter.default)} unless set, from ${formatNumber(parameter.sliderMin)} to ${formatNumber(parameter.sliderMax)}; its number field takes any value from ${formatNumber(parameter.min)} to ${formatNumber(parameter.max)} and widens the slider.` }),
    element('dl', {}, [
      ...grammar.operators.flatMap((o) => row(o.symbols, o.meaning)),
      ...grammar.constants.flatMap((c) => row(c.name, formatNumber(c.value))),
      ...grammar.functions.flatMap((f) => row(`${f.name}(${ARGUMENT_NAMES[f.arity - 1] ?? '…'})`, f.summary)),
    ]),
    element('p', { textContent: 'Every function of the menu by its id, its parameters after x in this order, with its own kernel and kink rule:' }),
    element('p', {}, [element('code', { className: 'formula-catalog', textContent: catalogCalls })]),
    element('p', { textContent: `At most ${limits.length} characters, nesting ${limits.depth} deep, ${limits.operations} operations and ${limits.parameters} parameters (names of ${limits.parameterName} characters at most).` }),
  ]);
}

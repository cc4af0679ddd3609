// Reads a number typed by a person, with a message that says what is wrong when it is not one.
// Text fields (not <input type=number>) so that "0,5" or "1e400" get an answer, not a silent "".

// Unambiguous, so a failed match backtracks in linear time: `\d+\.?\d*` let a million digits
// followed by a letter be split a million ways (seconds of a blocked page per crafted value).
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const MAX_SHOWN = 40;

// Characters that can reorder the text around them in a left-to-right line: right-to-left
// letters and digits (Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms) and
// the bidirectional controls (marks, embeddings, overrides such as U+202E, isolates).
const BIDI = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * Text quoted in a message, cut to a readable length (a hostile link may carry megabytes) and,
 * when it holds right-to-left letters or bidirectional controls, isolated (FSI … PDI) so that
 * it cannot reorder the rest of the message (a U+202E in a link reversed the whole line).
 */
export function shownText(text) {
  const cut = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length.toLocaleString('en')} characters)` : text;
  return BIDI.test(cut) ? isolated(cut) : cut;
}

// FSI text PDI, with the text's own isolates balanced: a stray PDI would end the isolation
// early, an unclosed isolate would take the closing PDI for itself.
function isolated(text) {
  let open = 0;
  let balanced = '';
  for (const c of text) {
    if (c === '\u2066' || c === '\u2067' || c === FSI) open += 1;
    else if (c === PDI) { if (open === 0) continue; open -= 1; }
    balanced += c;
  }
  return `${FSI}${balanced}${PDI.repeat(open)}${PDI}`;
}

/**
 * @param {string} text what the person typed
 * @param {string} label how the message names the field, e.g. "α"
 * @returns {{ok: true, value: number} | {ok: false, message: string}}
 * @example parseNumberText(' 0.25 ', 'α') // { ok: true, value: 0.25 }
 */
export function parseNumberText(text, label) {
  const trimmed = String(text).trim();
  if (trimmed === '') return { ok: false, message: `${label} is empty: type a number.` };
  if (/^[+-]?\d+,\d+$/.test(trimmed)) {
    return { ok: false, message: `${label}: "${shownText(trimmed)}" uses a decimal comma; write ${shownText(trimmed.replace(',', '.'))}.` };
  }
  if (!DECIMAL.test(trimmed)) return { ok: false, message: `${label}: "${shownText(trimmed)}" is not a number.` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, message: `${label}: ${shownText(trimmed)} is too large to represent.` };
  if (value === 0 && /[1-9]/.test(trimmed.split(/e/i)[0])) {
    return { ok: false, message: `${label}: ${shownText(trimmed)} is too small to represent (it rounds to 0).` };
  }
  return { ok: true, value };
}

// Reads a number typed by a person, with a message that says what is wrong when it is not one.
// Text fields (not <input type=number>) so that "0,5" or "1e400" get an answer, not a silent "".

// Unambiguous, so a failed match backtracks in linear time: `\d+\.?\d*` let a million digits
// followed by a letter be split a million ways (seconds of a blocked page per crafted value).
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const MAX_SHOWN = 40;

/** Text quoted in a message, cut to a readable length (a hostile link may carry megabytes). */
export function shownText(text) {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length.toLocaleString('en')} characters)` : text;
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

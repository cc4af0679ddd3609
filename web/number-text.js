// Reads a number typed by a person, with a message that says what is wrong when it is not one.
// Text fields (not <input type=number>) so that "0,5" or "1e400" get an answer, not a silent "".

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

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
    return { ok: false, message: `${label}: "${trimmed}" uses a decimal comma; write ${trimmed.replace(',', '.')}.` };
  }
  if (!DECIMAL.test(trimmed)) return { ok: false, message: `${label}: "${trimmed}" is not a number.` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, message: `${label}: ${trimmed} is too large to represent.` };
  if (value === 0 && /[1-9]/.test(trimmed.split(/e/i)[0])) {
    return { ok: false, message: `${label}: ${trimmed} is too small to represent (it rounds to 0).` };
  }
  return { ok: true, value };
}

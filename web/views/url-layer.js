// One URL layer for every view and both hosts (the page's router and <activation-plot>, whose
// attributes are read as a query): repeated keys, unknown keys, the cap on problems, typed
// values (numbers with bounds, choices, 1/0 flags, parameters suffixed per function) and the
// router's own keys (view, theme, embed, controls). A view reads its keys by asking a reader
// for them, one typed call each; every key it never asks for is named as unknown. Reading
// never throws: a value that cannot be used is named with what is used instead. Nothing read
// is ever treated as HTML.

import { parseNumberText, shownText } from '../number-text.js';

export const THEME_NAMES = ['auto', 'light', 'dark'];
/** The keys the router owns; every view's query may carry them. */
export const ROUTER_KEYS = ['view', 'theme', 'embed', 'controls'];
// A notice lists this many problems at most; a crafted link may carry thousands.
const MAX_PROBLEMS = 12;

/**
 * Names, in `problems`, each key the query gives more than once (the first value is the one
 * read, as URLSearchParams.get reads it).
 * @returns {Set<string>} the query's keys, in order
 */
export function namedRepeats(query, problems) {
  const seen = new Set();
  const named = new Set();
  for (const key of query.keys()) {
    if (seen.has(key) && !named.has(key)) {
      named.add(key);
      problems.push(`"${shownText(key)}" is given more than once; the first value is used.`);
    }
    seen.add(key);
  }
  return seen;
}

/**
 * Reads a function's parameters from the query (`alpha`, or `alpha2` with suffix "2") into
 * `params`, each checked by the C++ core together with the others; a value that cannot be
 * used is named in `problems` and the one in `params` kept.
 */
export function readParameters(get, spec, suffix, params, checkParams, problems) {
  for (const p of spec.parameters) {
    const text = get(`${p.id}${suffix}`);
    if (text === null) continue;
    const parsed = parseNumberText(text, `${p.id}${suffix}`);
    if (!parsed.ok) { problems.push(parsed.message); continue; }
    const verdict = checkParams(spec.id, { ...params, [p.id]: parsed.value });
    if (verdict) problems.push(`${p.id}${suffix}: ${verdict}`); else params[p.id] = parsed.value;
  }
}

// "alpha12" → { name: "alpha", digits: "12" }. A scan from the end, linear in the key's length:
// a lazy regular expression here took time quadratic in it, and a crafted key blocked the page.
export function splitSeriesSuffix(key) {
  let end = key.length;
  while (end > 0 && key.charCodeAt(end - 1) >= 48 && key.charCodeAt(end - 1) <= 57) end -= 1;
  return { name: key.slice(0, end), digits: key.slice(end) };
}

function capped(problems) {
  if (problems.length > MAX_PROBLEMS) {
    const more = problems.length - (MAX_PROBLEMS - 1);
    problems.splice(MAX_PROBLEMS - 1, Infinity, `…and ${more.toLocaleString('en')} more problems; their settings are ignored.`);
  }
  return problems;
}

/**
 * A query being read. Each typed call claims its key and returns the value, or undefined when
 * the key is absent or its value is refused (then named in `problems`).
 * @param {string | URLSearchParams} search
 */
export function queryReader(search) {
  const query = new URLSearchParams(search);
  const problems = [];
  const keys = namedRepeats(query, problems);
  const asked = new Set();
  const get = (key) => { asked.add(key); return query.get(key); };
  return {
    problems,
    /** Every key of the query, in order. */
    keys,
    /** The raw text of a key (null when absent), claimed as read. */
    get,
    /** Claims a key without reading it (a parameter of a function the link misnamed). */
    claim: (key) => { asked.add(key); },
    problem: (text) => { problems.push(text); },
    /** A number within [min, max] (above min with exclusiveMin), whole if asked; `what` names it in the message. */
    number(key, { min = -Infinity, max = Infinity, whole = false, exclusiveMin = false, what = '' } = {}) {
      const text = get(key);
      if (text === null) return undefined;
      const parsed = parseNumberText(text, key);
      if (!parsed.ok) { problems.push(parsed.message); return undefined; }
      const v = parsed.value;
      if ((whole && !Number.isInteger(v)) || v > max || (exclusiveMin ? v <= min : v < min)) {
        problems.push(`${key}: ${what ? `${what} must be ` : ''}${whole ? 'a whole number' : 'a number'} ${exclusiveMin ? 'above' : 'from'} ${min} ${exclusiveMin ? 'and at most' : 'to'} ${max}, got ${shownText(text)}.`);
        return undefined;
      }
      return v;
    },
    /** One of `ids`. */
    oneOf(key, ids) {
      const text = get(key);
      if (text === null || ids.includes(text)) return text ?? undefined;
      problems.push(`${key}: "${shownText(text)}" should be one of ${ids.join(', ')}.`);
      return undefined;
    },
    /** 1 or 0; `meaning` says what 1 does. */
    flag(key, meaning) {
      const text = get(key);
      if (text === null) return undefined;
      if (text === '1' || text === '0') return text === '1';
      problems.push(`${key}: "${shownText(text)}" should be 1 (${meaning}) or 0.`);
      return undefined;
    },
    /** A function's parameters, suffixed (alpha2), checked by the core; see readParameters. */
    params(spec, suffix, params, checkParams) { readParameters(get, spec, suffix, params, checkParams, problems); },
    /** Names every key nobody asked for (`unknownKey` words it), then caps the list. */
    finish(unknownKey) {
      for (const key of keys) if (!asked.has(key)) problems.push(unknownKey(key));
      return capped(problems);
    },
  };
}

const lowerFirst = (text) => text[0].toLowerCase() + text.slice(1);

/**
 * The view a `view` value asks for among `views` (the registry's, the first shown when none is
 * named): a name in another case is read as that view, any other value named and the first shown.
 * @returns {{name: string, problem: string | null}}
 */
export function viewChoice(value, views) {
  const [first] = views;
  if (value === null) return { name: first.name, problem: null };
  if (views.some((v) => v.name === value)) return { name: value, problem: null };
  const folded = views.find((v) => v.name === value.trim().toLowerCase());
  if (folded) return { name: folded.name, problem: `view: "${shownText(value)}" is read as ${folded.name}.` };
  const others = views.slice(1).map((v) => `${v.name} (the ${lowerFirst(v.label)})`).join(', ');
  return { name: first.name, problem: `view: "${shownText(value)}" is not a view here: ${others}, or none for the ${first.name}, which is shown.` };
}

/**
 * The router's keys but `view`: the theme, embed mode and the controls an embed shows, checked
 * against the names the view offers (`controls`: {names, hint}; a view without them takes any).
 */
export function readPageKeys(reader, controls = null) {
  const page = {
    theme: reader.oneOf('theme', THEME_NAMES) ?? THEME_NAMES[0],
    embed: reader.flag('embed', 'plot and chosen controls only') ?? false,
    controls: [],
  };
  const text = reader.get('controls');
  if (text === null) return page;
  const names = text.split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = controls ? names.filter((c) => !controls.names.includes(c)) : [];
  if (unknown.length > 0) {
    reader.problem(`controls: ${unknown.slice(0, 5).map((c) => `"${shownText(c)}"`).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} is not a control here; use ${controls.hint}.`);
  }
  page.controls = names.filter((c) => !unknown.includes(c));
  return page;
}

/**
 * A view's own keys (URLSearchParams, in its order) with the router's around them: view first
 * (left out for the registry's first view), then theme (unless the default), embed and controls.
 */
export function writePageKeys(own, { view = null, theme = THEME_NAMES[0], embed = false, controls = [] }) {
  const query = new URLSearchParams(view ? { view } : {});
  for (const [key, value] of own) query.append(key, value);
  if (theme !== THEME_NAMES[0]) query.set('theme', theme);
  if (embed) {
    query.set('embed', '1');
    if (controls.length > 0) query.set('controls', controls.join(','));
  }
  return query;
}

/**
 * Reads a query for a loaded view (see web/views/registry.js): the view key against `views`,
 * the router's keys, then the view's own; problems in that order, unknown keys last, capped.
 * @returns {{state: object, page: {theme: string, embed: boolean, controls: string[]}, problems: string[]}}
 */
export function readViewQuery(search, loaded, views) {
  const reader = queryReader(search);
  const choice = viewChoice(reader.get('view'), views);
  if (choice.problem) reader.problem(choice.problem);
  // A view's controls may depend on the query (the explorer's formula names its own sliders).
  const page = readPageKeys(reader, typeof loaded.controls === 'function' ? loaded.controls(reader) : loaded.controls);
  const state = loaded.read(reader, page);
  const problems = reader.finish((key) => loaded.unknownKey?.(key, state) ?? `"${shownText(key)}" is not a setting here and is ignored.`);
  return { state, page, problems };
}

/** The query (without "?") that reproduces a loaded view's state, with the router's keys. */
export function viewQuery(name, loaded, state, page, views) {
  const { theme } = loaded.shared(state);
  return writePageKeys(loaded.write(state), { view: name === views[0].name ? null : name, theme, embed: page.embed, controls: page.controls }).toString();
}

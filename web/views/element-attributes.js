// <activation-plot>'s attributes as the URL query its view reads, so both check values the same
// way, and the problems worded with the attributes' names. No view is named here: a view's
// own attribute names come from its description (`attributes`, `elementQuery`).

import { shownText } from '../number-text.js';

// HTML's global attributes are the page's business, not the plot's: never read as settings nor
// named as unknown ones (`hidden` hides the element, as HTML says; the lab's widths are `layers`).
const GLOBAL_ATTRIBUTES = new Set(['accesskey', 'autocapitalize', 'autofocus', 'class', 'contenteditable', 'dir', 'draggable',
  'enterkeyhint', 'exportparts', 'hidden', 'id', 'inert', 'inputmode', 'is', 'itemid', 'itemprop', 'itemref', 'itemscope',
  'itemtype', 'lang', 'nonce', 'part', 'popover', 'role', 'slot', 'spellcheck', 'style', 'tabindex', 'title', 'translate',
  'writingsuggestions', 'xml:lang', 'xml:space', 'xmlns']);
export const isGlobalAttribute = (name) => GLOBAL_ATTRIBUTES.has(name) || /^(aria-|data-|on)/.test(name);

/**
 * The attributes as a query. Two attributes for one setting (at-kink and at_kink) are named:
 * the renamed one is used.
 * @param {{attributes?: object, elementQuery?: Function}} view the loaded view
 * @returns {{query: URLSearchParams, clashes: string[]}}
 */
export function attributesToQuery(el, view) {
  const attributeToQuery = view.attributes ?? {};
  const query = new URLSearchParams();
  const from = new Map();
  const clashes = [];
  // Own keys only: an attribute named "constructor" is not the object's.
  const renamed = (name) => Object.hasOwn(attributeToQuery, name);
  const names = [...el.attributes].map((a) => a.name).filter((name) => !isGlobalAttribute(name));
  for (const name of names.sort((a, b) => Number(!renamed(a)) - Number(!renamed(b)))) {
    const key = renamed(name) ? attributeToQuery[name] : name;
    if (from.has(key)) {
      clashes.push(`${name}="${shownText(el.getAttribute(name))}" and ${from.get(key)}="${shownText(el.getAttribute(from.get(key)))}" set the same thing; ${from.get(key)} is used.`);
      continue;
    }
    from.set(key, name);
    query.set(key, el.getAttribute(name));
  }
  view.elementQuery?.(query, el);
  return { query, clashes };
}

/** Problems as the URL reader words them ("fn: …"), with the attribute's name instead ("function: …"). */
export function inAttributeNames(problems, attributeToQuery = {}) {
  const attributeOf = Object.fromEntries(Object.entries(attributeToQuery).map(([a, q]) => [q, a]));
  if (Object.keys(attributeOf).length === 0) return problems;
  const leadingKey = new RegExp(`^"?(${Object.keys(attributeOf).join('|')})\\b`);
  return problems.map((p) => p.replace(leadingKey, (m, key) => m.replace(key, attributeOf[key])));
}

// The views the page and <activation-plot> offer, in tab order; the first is the one shown
// when no view is named. The hosts iterate this list and know no view by name.
//
// The contract: a view is a folder under web/ whose view.js exports one description,
//   { name, label, load(host) → Promise<view>, placeholder?(root, idPrefix) → { fail(message) } }
// name is the value of `view=` (and of the element's view attribute), label its tab's text.
// The description is small and in the hosts' bundles; load() brings the rest (the lab fetches
// its bundle, stylesheet and wasm then) and resolves to the view:
//   read(reader, page) → state        its URL keys, each asked of the reader (url-layer.js) with
//                                      its type and bounds; the view's defaults fill the rest;
//                                      page holds the router's keys (theme, embed, controls)
//   write(state) → URLSearchParams     its own keys, in order (the router adds view, theme, embed, controls)
//   unknownKey?(key, state) → string   how it names a key nobody asked for
//   controls?: {names, hint}           the names `controls=` may list, and how to say so (or a
//                                      function of the reader giving them, read before `read`)
//   shared(state) → {functions: [{functionId, params}], atKink, theme}
//   fromShared(shared) → state         what a tab switch carries from one view to the next
//   leftOut?(shared) → [string]        what of it fromShared could not keep, said in the notice
//   prepare?({query?, shared?}) → Promise or undefined   what the view fetches before it reads a query (URLSearchParams); undefined when nothing is to fetch, so the host reads the query in the same task
//                                      or a tab's shared state (the explorer: the formula module for a formula)
//   attributes?: {attribute: key}      the element's attribute names that differ from the URL's
//   elementQuery?(query, el)           the element's own conveniences (compare="relu, elu")
//   detail(state)                      the element's `view` and its `change` event's detail
//   embedCode(state) → {controls, title, height}   what "Copy embed code" frames
//   mount(root, state, host) → {notice, state, apply(state, {changed}), destroy()}: it fills root;
//                                      notice is where the host names the link's or attributes'
//                                      problems; destroy() removes all it added (workers, observers)
// host (the page's router or the element) gives load(): kind ('page' | 'element'), engine (the
// explorer's, with the catalog), asset(path) → URL beside the host's script, idPrefix; and
// mount() besides: embed (the page's embed=1), compact (an embed or an element: the controls
// `controls=` names), fullPage, onEdit() (the reader changed something), onState(state) (the
// view now shows state: the page writes its URL, the element fires `change` after an edit),
// openFullPage() → the embed's "Open" link or null, embedCodeTool() → "Copy embed code" or null.
// A view's state is its own; the hosts only pass it between read, mount, write and shared.

import { explorerView } from '../explorer/view.js';
import { labView } from '../lab/view.js';

const registered = [explorerView, labView];

/** The views, in tab order. */
export function views() {
  return registered;
}

/** The view named `name`, or undefined. */
export function viewNamed(name) {
  return registered.find((v) => v.name === name);
}

/**
 * Adds a view after the others (its tab last), before a host starts: a page's own module
 * (or a test) registers it, then imports app.js or activation-plot.js.
 */
export function registerView(description) {
  if (!/^[a-z][a-z0-9_-]*$/.test(description.name)) throw new Error(`A view's name is lower-case letters, digits, - and _: "${description.name}".`);
  if (viewNamed(description.name)) throw new Error(`A view named "${description.name}" is registered already.`);
  registered.push(description);
}

// What a host shows where a view will be until it is loaded, and then why it failed if it did:
// the view's own placeholder (the explorer's frame, the lab's "Loading the lab…"), else a line.

import { element } from '../controls.js';

/** @returns {{fail(message: string): void}} */
export function placeholderFor(description, root, idPrefix) {
  if (description.placeholder) return description.placeholder(root, idPrefix);
  const note = element('p', { className: 'notice', textContent: `Loading the ${description.label.toLowerCase()}…` });
  root.replaceChildren(element('div', { className: 'ae-explorer' }, [note]));
  return { fail: (message) => { Object.assign(note, { className: 'notice error', role: 'alert', textContent: message }); } };
}

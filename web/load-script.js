// Loads a classic script (one that sets a global, such as Plotly) and resolves once it ran.
// A script element, not fetch + eval: it works from file:// and under script-src 'self'.

import { element } from './controls.js';

/** Rejects with `failure` as the message when the script cannot be loaded. */
export function loadScript(url, failure) {
  return new Promise((resolve, reject) => {
    const script = element('script', { src: String(url) });
    script.addEventListener('load', resolve);
    script.addEventListener('error', () => reject(new Error(failure)));
    document.head.append(script);
  });
}

// What the page offers around a view: the URL that follows it, the embed's way out ("Open in
// Activation Explorer") and "Copy embed code". No view is named here.

import { element } from '../controls.js';
import { embedSnippet } from '../embed-code.js';
import { fullPageLink, withQuery } from '../page-links.js';

// A sandboxed frame (opaque origin) may not touch its history; the view still works there.
export function rememberInUrl(query) {
  try {
    history.replaceState(null, '', withQuery(location.href, query));
  } catch {
    // SecurityError in <iframe sandbox="allow-scripts">: nothing to remember into.
  }
}

export function pushUrl(query) {
  try {
    history.pushState(null, '', withQuery(location.href, query));
  } catch {
    // A sandboxed frame has no history to push to.
  }
}

// A link whose address is the view's as it is when the reader reaches for it (pointer, focus,
// click), not as it was when the link was made.
function hrefFromNow(link, hrefOf) {
  const update = () => { link.href = hrefOf(); };
  update();
  for (const event of ['pointerenter', 'focus', 'click']) link.addEventListener(event, update);
  return link;
}

/** The embed's way out: the same view as a full page, read from the address when followed (the address follows every change). */
export function openFullPageLink() {
  // A narrow embed shows "Open ↗" (explorer.css hides the middle); the name stays whole.
  const link = element('a', { className: 'open-full', target: '_blank', rel: 'noopener', title: 'Open in Activation Explorer', ariaLabel: 'Open in Activation Explorer' },
    ['Open', element('span', { className: 'open-full-more', textContent: ' in Activation Explorer' }), ' ↗']);
  return hrefFromNow(link, () => fullPageLink(location.href));
}

/**
 * "Copy embed code": an <iframe> of the running view in embed mode, ready to paste into a tutorial.
 * @param {() => {query: string, title: string, height: number}} frameOf the frame as the view is now
 */
export function embedCodeTool(frameOf) {
  const code = element('textarea', { id: 'embed-code', readOnly: true, rows: 3, ariaLabel: 'Embed code', hidden: true });
  const status = element('span', { className: 'embed-status', role: 'status' });
  const button = element('button', { type: 'button', id: 'copy-embed', textContent: 'Copy embed code' });
  button.addEventListener('click', async () => {
    const { query, title, height } = frameOf();
    code.value = embedSnippet({ src: new URL(`?${query}`, location.href).href, title, height });
    code.hidden = false;
    code.select();
    try {
      await navigator.clipboard.writeText(code.value);
      status.textContent = 'Copied.';
    } catch {
      status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });
  return element('div', { className: 'embed-tools' }, [button, status, code]);
}

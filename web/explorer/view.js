// The explorer's description for the registry (web/views/registry.js): small, in the hosts'
// bundles; load() brings the view (explorer-view.js: its URL keys, its mount).

import { createExplorerDom, showFatal } from '../explorer-dom.js';

export const explorerView = {
  name: 'explorer',
  label: 'Explorer',
  load: (host) => import('./explorer-view.js').then((module) => module.explorerViewFor(host)),
  /** Until it runs, its frame; a failure (no Plotly, no wasm) is shown where the plot would be. */
  placeholder(root, idPrefix) {
    const dom = createExplorerDom(idPrefix);
    root.replaceChildren(dom.root);
    return { fail: (message) => showFatal(dom, message) };
  },
};

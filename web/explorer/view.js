// The explorer's description for the registry (web/views/registry.js): small, in the hosts'
// bundles (its view, explorer-view.js, is too: the explorer is the page's first view).

import { createExplorerDom, showFatal } from '../explorer-dom.js';
import { explorerViewFor } from './explorer-view.js';

export const explorerView = {
  name: 'explorer',
  label: 'Explorer',
  load: async (host) => explorerViewFor(host),
  /** Until it runs, its frame; a failure (no Plotly, no wasm) is shown where the plot would be. */
  placeholder(root, idPrefix) {
    const dom = createExplorerDom(idPrefix);
    root.replaceChildren(dom.root);
    return { fail: (message) => showFatal(dom, message) };
  },
};

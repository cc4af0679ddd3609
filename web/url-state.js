// The URL layer's generic part (web/views/url-layer.js) and the explorer's keys
// (web/explorer/explorer-url.js), at the path pages and scripts have imported them from.
// The hosts read every view's keys through the registry (web/views/registry.js).

import {
  explorerControls, readExplorerKeys, unknownExplorerKey,
} from './explorer/explorer-url.js';
import { views } from './views/registry.js';
import { queryReader, readPageKeys, viewChoice } from './views/url-layer.js';

export { namedRepeats, readParameters, ROUTER_KEYS, splitSeriesSuffix, THEME_NAMES } from './views/url-layer.js';
export {
  CONTROL_GROUPS, defaultView, GLOBAL_KEYS, MAX_SERIES, seriesOf, writeUrlState,
} from './explorer/explorer-url.js';

/**
 * The explorer alone as a query reads it (for pages that import it; the hosts read through
 * the registry): a `view` naming another view is not the explorer's to name.
 * @returns {{view: object, problems: string[]}}
 */
export function readUrlState(search, catalog, checkParams) {
  const reader = queryReader(search);
  const choice = viewChoice(reader.get('view'), views());
  if (choice.name === views()[0].name && choice.problem) reader.problem(choice.problem);
  const view = readExplorerKeys(reader, readPageKeys(reader, explorerControls(catalog)), { catalog, checkParams });
  return { view, problems: reader.finish((key) => unknownExplorerKey(key, view, catalog)) };
}


// The URL layer's generic part (web/views/url-layer.js) and the explorer's keys
// (web/explorer/explorer-url.js), at the path pages and scripts have imported them from.
// The hosts read every view's keys through the registry (web/views/registry.js).

export { namedRepeats, readParameters, ROUTER_KEYS, splitSeriesSuffix, THEME_NAMES } from './views/url-layer.js';
export {
  CONTROL_GROUPS, defaultView, GLOBAL_KEYS, MAX_SERIES, readUrlState, seriesOf, writeUrlState,
} from './explorer/explorer-url.js';

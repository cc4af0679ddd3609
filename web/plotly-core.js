// The Plotly the explorer ships: plotly.js's core, which holds the scatter trace, the only
// trace drawn here, without the layout components it never uses. Bundled at build time
// (scripts/lib/build-plotly.mjs) instead of the prebuilt basic bundle, whose bar, pie and
// calendar modules were never used. Sets window.Plotly as the prebuilt bundles do, unless
// the page has a Plotly already, which it then keeps.
import Plotly from 'plotly.js/lib/core';

globalThis.Plotly ??= Plotly;

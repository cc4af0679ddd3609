// The Plotly the explorer ships: plotly.js's core, which holds the scatter trace, the only
// trace drawn here. Bundled at build time (cmake/wasm.cmake) instead of the prebuilt basic
// bundle, whose bar, pie and calendar modules were never used. Sets window.Plotly, as the
// prebuilt bundles do, so a page that already has Plotly keeps its own.
import Plotly from 'plotly.js/lib/core';

globalThis.Plotly ??= Plotly;

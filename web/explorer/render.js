// Draws the sampled series with Plotly: reads the view and the samples, writes the plot and its
// data attributes (revision, wasm memory, state) and nothing else; never a control.

import { buildFigure, modeBarShown, SMALL_PLOT_HEIGHT } from '../plot-model.js';
import { plotSurface } from '../plot-surface.js';
import { zeroBands } from './precision.js';

const PLOTLY_CONFIG = {
  responsive: true,
  displaylogo: false,
  modeBarButtonsToRemove: ['select2d', 'lasso2d'],
  toImageButtonOptions: { format: 'png', filename: 'activation-explorer', scale: 2 },
};

/**
 * The plot of one explorer. It follows its container (an embedding page's column, a resized
 * iframe); its legend, margins and mode bar depend on its size, so a change of size that
 * changes them calls `onResize` for a redraw.
 * @returns {{draw(series: object[], view: object, look: {theme: object, themeName: string, depthLayers: number}): {revision: number, figureDrawn: object[]}, destroy(): void}}
 */
export function plotRenderer({ engine, root, plot, onResize }) {
  const coarsePointer = globalThis.matchMedia?.('(pointer: coarse)');
  let revision = 0;
  let drawnSmall = null;
  let drawnModeBar = null;
  const modeBar = () => modeBarShown({ width: surface.width || Infinity, coarsePointer: Boolean(coarsePointer?.matches) });
  const surface = plotSurface(plot, PLOTLY_CONFIG, () => {
    if ((surface.height < SMALL_PLOT_HEIGHT) !== drawnSmall || modeBar() !== drawnModeBar) onResize();
  });

  function draw(series, view, { theme, themeName, depthLayers }) {
    revision += 1;
    root.dataset.theme = themeName;
    const plotHeight = surface.height || Infinity;
    drawnSmall = plotHeight < SMALL_PLOT_HEIGHT;
    const figure = buildFigure(series, { from: view.from, to: view.to, revision, theme, depthLayers, plotHeight, zeroBands: zeroBands(series) });
    // On touch screens a drag over the plot must scroll the page, not zoom it.
    if (coarsePointer?.matches) figure.layout.dragmode = false;
    drawnModeBar = modeBar();
    surface.react({ ...figure, config: { displayModeBar: drawnModeBar } });
    plot.dataset.revision = String(revision);
    plot.dataset.wasmMemory = String(engine.memoryBytes);
    if (plot.dataset.state !== 'ready') performance.mark('activation-explorer:first-plot');
    plot.dataset.state = 'ready';
    return { revision, figureDrawn: figure.drawn };
  }

  return { draw, destroy: () => surface.destroy() };
}

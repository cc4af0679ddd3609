// A Plotly graph in an element that follows its container's size, and that can be taken down
// without leaving an observer or a graph behind. Shared by every view that draws.

/**
 * @param {HTMLElement} plot the element Plotly draws into (owned by the caller's DOM)
 * @param {object} config Plotly's config for every redraw
 * @param {() => void} [onResize] called after a real change of size, for figures that depend on it
 * @returns {{react(figure: {data, layout, config?}): void, height: number, width: number, destroy(): void}}
 */
export function plotSurface(plot, config, onResize = () => {}) {
  let destroyed = false;
  // Only a change from the size Plotly last drew at redraws (the observer also reports the
  // first size, which the plot may have been drawn at); not while hidden or leaving the page,
  // which Plotly rejects.
  let drawnSize = '';
  // The height the observer last reported, so a redraw that depends on it reads no layout.
  let height = plot.clientHeight;
  let width = plot.clientWidth;
  // The size the observer last reported: a redraw takes it as the size drawn at instead of
  // reading the element's size, which would force a layout right after Plotly's changes.
  let observedSize = '';
  const sizeOf = (w, h) => `${Math.round(w)}x${Math.round(h)}`;
  const observer = new ResizeObserver(([entry]) => {
    height = entry.contentRect.height;
    width = entry.contentRect.width;
    const size = sizeOf(entry.contentRect.width, entry.contentRect.height);
    observedSize = size;
    if (drawnSize === '' || size === drawnSize) return;
    drawnSize = size;
    if (plot.dataset.state !== 'ready' || !plot.isConnected || plot.getClientRects().length === 0) return;
    globalThis.Plotly.Plots.resize(plot).catch(() => {});
    onResize();
  });
  observer.observe(plot);
  return {
    /** CSS pixels, as last observed (0 while hidden). */
    get height() { return height; },
    /** CSS pixels, as last observed (0 while hidden). */
    get width() { return width; },
    /** Draws the figure; its `config`, if any, adds to the one given at the start for this drawing. */
    react({ data, layout, config: extra }) {
      if (destroyed) return;
      globalThis.Plotly.react(plot, data, layout, extra ? { ...config, ...extra } : config);
      drawnSize = observedSize || sizeOf(plot.clientWidth, plot.clientHeight);
    },
    /** Stops following the size and frees Plotly's graph (its listeners and caches). */
    destroy() {
      if (destroyed) return;
      destroyed = true;
      observer.disconnect();
      globalThis.Plotly?.purge(plot);
      plot.dataset.state = 'destroyed';
    },
  };
}

// A Plotly graph in an element that follows its container's size, and that can be taken down
// without leaving an observer or a graph behind. Shared by every view that draws.

/**
 * @param {HTMLElement} plot the element Plotly draws into (owned by the caller's DOM)
 * @param {object} config Plotly's config, the same for every redraw
 * @param {() => void} [onResize] called after a real change of size, for figures that depend on it
 * @returns {{react(figure: {data, layout}): void, destroy(): void}}
 */
export function plotSurface(plot, config, onResize = () => {}) {
  let destroyed = false;
  // Only a change from the size Plotly last drew at redraws (the observer also reports the
  // first size, which the plot may have been drawn at); not while hidden or leaving the page,
  // which Plotly rejects.
  let drawnSize = '';
  const sizeOf = (width, height) => `${Math.round(width)}x${Math.round(height)}`;
  const observer = new ResizeObserver(([entry]) => {
    const size = sizeOf(entry.contentRect.width, entry.contentRect.height);
    if (drawnSize === '' || size === drawnSize) return;
    drawnSize = size;
    if (plot.dataset.state !== 'ready' || !plot.isConnected || plot.getClientRects().length === 0) return;
    globalThis.Plotly.Plots.resize(plot).catch(() => {});
    onResize();
  });
  observer.observe(plot);
  return {
    react({ data, layout }) {
      if (destroyed) return;
      globalThis.Plotly.react(plot, data, layout, config);
      drawnSize = sizeOf(plot.clientWidth, plot.clientHeight);
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

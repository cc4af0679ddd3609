// Types for the element: `import 'activation-explorer/element'` registers <activation-plot>.

/** What the element's `view` holds and its `change` event carries. */
export interface ActivationPlotView {
  function: string;
  params: Record<string, number>;
  compare: Array<{ function: string; params: Record<string, number> }>;
  from: number;
  to: number;
  samples: number;
  atKink: string;
}

/**
 * <activation-plot function="leaky_relu" alpha="0.01" from="-5" to="5" controls="alpha">.
 * Attributes (live): function, compare (comma-separated ids), a parameter by its id (alpha,
 * beta, …), from, to, samples, at-kink (pytorch | jax | tensorflow | pytorch_2_6), show (f,df,d2f), depth (0–50),
 * theme (auto | light | dark), controls (parameter ids and groups: function, params, curves,
 * compare, convention, range, depth, theme, tools, properties).
 */
export interface ActivationPlotElement extends HTMLElement {
  /** The current view, or null before the first plot. */
  readonly view: ActivationPlotView | null;
  addEventListener(type: 'change', listener: (event: CustomEvent<ActivationPlotView>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'activation-plot': ActivationPlotElement;
  }
}

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

/** With view="lab": the dead-neuron lab's settings, and the URL query that reproduces them. */
export interface ActivationLabView {
  view: 'lab';
  /** e.g. "view=lab&dataset=circles&hidden=32,32,32&fn=leaky_relu&alpha=0.1&versus=relu&…" */
  query: string;
  dataset: string;
  samples: number;
  noise: number;
  hidden: number[];
  sides: Array<{ functionId: string; params: Record<string, number> }>;
  atKink: string;
  optimizer: string;
  lr: number;
  batch: number;
  seed: number;
  init: string;
  loss: string | null;
  steps: number;
  speed: number;
  theme: string;
}

/**
 * <activation-plot function="leaky_relu" alpha="0.01" from="-5" to="5" controls="alpha">.
 * Attributes (live): function, compare (comma-separated ids), a parameter by its id (alpha,
 * beta, …), from, to, samples, at-kink (pytorch | jax | tensorflow | pytorch_2_6), show (f,df,d2f), depth (0–50),
 * theme (auto | light | dark), controls (parameter ids and groups: function, params, curves,
 * compare, convention, range, depth, theme, tools, properties).
 *
 * <activation-plot view="lab" preset="dying_relu" alpha="0.1" play="1">: the dead-neuron lab,
 * two networks trained side by side. Attributes (live) as the lab's URL keys: dataset (spiral |
 * circles | xor | blobs | sine), samples, noise, layers (16,16: the URL's hidden; `hidden` is
 * HTML's global attribute and hides the element), function, versus, a parameter by
 * its id (alpha; the compared side's with a 2: alpha2), optimizer (sgd | adam), lr, batch, seed,
 * init (he | glorot | negative_bias), loss, steps, speed, play (1 | 0), preset (dying_relu),
 * at-kink, theme.
 */
export interface ActivationPlotElement extends HTMLElement {
  /** The current view, or null before the first plot. */
  readonly view: ActivationPlotView | ActivationLabView | null;
  addEventListener(type: 'change', listener: (event: CustomEvent<ActivationPlotView | ActivationLabView>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'activation-plot': ActivationPlotElement;
  }
}

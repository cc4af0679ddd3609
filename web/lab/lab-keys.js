// The keys the lab owns in a link, in a module of their own: the lab's URL reader (lab-url.js)
// and the rule for formula parameter names that every view follows (views/formula-names.js) read
// them, and the explorer's bundle takes this list without the lab's.

/** The keys the lab owns; the router reads the rest (ROUTER_KEYS: view, theme, embed, controls). */
export const LAB_KEYS = ['dataset', 'samples', 'noise', 'hidden', 'fn', 'versus', 'expr', 'expr2', 'at_kink', 'optimizer', 'lr', 'batch', 'seed', 'init',
  'loss', 'steps', 'speed', 'play', 'preset'];

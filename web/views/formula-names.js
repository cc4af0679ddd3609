// One rule for a typed formula's parameter names in every view, so a formula one view takes the
// other takes too when a tab carries it: no name that is a URL key of the explorer (its own
// rule: explorer-url.js formulaNameClash) or of the lab (lab/lab-keys.js), whichever view shows it.

import { formulaNameClash as explorerNameClash } from '../explorer/explorer-url.js';
import { LAB_KEYS } from '../lab/lab-keys.js';

/** Why no view may call a formula parameter `name`, or null. */
export function formulaNameClash(name) {
  if (LAB_KEYS.includes(name)) return `"${name}" cannot name a parameter: the lab's link uses ${name}= for something else; call it ${name}_1, for instance.`;
  return explorerNameClash(name);
}

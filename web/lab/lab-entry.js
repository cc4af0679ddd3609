// The lab's bundle (dist/lab/lab-view.js, loaded by web/lab/view.js through web/lab-loader.js):
// the view for the registry, and what the bundle has always offered.

export * from './lab-view.js';
export { labViewFor } from './lab-as-view.js';

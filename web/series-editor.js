// Moved to explorer/series-editor.js (issue 18); this path stays for pages and packages that import it.
export * from './explorer/series-editor.js';

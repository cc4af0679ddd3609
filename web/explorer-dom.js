// Moved to explorer/explorer-dom.js (issue 18); this path stays for pages and packages that import it.
export * from './explorer/explorer-dom.js';

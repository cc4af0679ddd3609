// Moved to explorer/precision.js (issue 18); this path stays for pages and packages that import it.
export * from './explorer/precision.js';

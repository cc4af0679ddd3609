// Moved to explorer/chart-tools.js (issue 18); this path stays for pages and packages that import it.
export * from './explorer/chart-tools.js';

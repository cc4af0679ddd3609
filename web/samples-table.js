// Moved to explorer/samples-table.js (issue 18); this path stays for pages and packages that import it.
export * from './explorer/samples-table.js';

// Writes the two files that let the explorer run without a web server:
//  - dist/standalone.html: one file with the page, its CSS, Plotly, the script and the wasm
//    (base64) inlined; its CSP allows exactly its own inline scripts by hash.
//  - dist/activation_explorer.wasm.js: the wasm as a script, which index.html loads when it
//    is opened from disk (browsers refuse to fetch file: URLs but do load file: scripts).
//   node scripts/lib/build-standalone.mjs DIST_DIR
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2];
if (!dist) throw new Error('usage: build-standalone.mjs DIST_DIR');
const read = (name) => readFileSync(join(dist, name), 'utf8');
const wasmBase64 = readFileSync(join(dist, 'activation_explorer.wasm')).toString('base64');

writeFileSync(join(dist, 'activation_explorer.wasm.js'),
  `// activation_explorer.wasm as base64, for index.html opened from disk.\nglobalThis.activationExplorerWasm = "${wasmBase64}";\n`);

// An inline script ends at the first "</script"; neither bundle may contain one.
function inlineScript(code) {
  if (/<\/script/i.test(code)) throw new Error('a script to inline contains "</script"');
  return { tag: `<script>${code}</script>`, hash: `'sha256-${createHash('sha256').update(code).digest('base64')}'` };
}
const plotly = inlineScript(read('vendor/plotly-core.min.js'));
const app = inlineScript(read('app.js'));
const csp = `default-src 'self'; script-src ${plotly.hash} ${app.hash} 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:`;

let html = read('index.html');
const replace = (pattern, replacement) => {
  if (!pattern.test(html)) throw new Error(`index.html has no ${pattern}`);
  html = html.replace(pattern, () => replacement);
};
replace(/<meta http-equiv="Content-Security-Policy"\s+content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
replace(/<!-- No inline scripts[\s\S]*?-->/, '<!-- One file: every script is inline and allowed by its hash; the wasm is base64 below. -->');
replace(/<link rel="icon"[^>]*>/, '');
replace(/<link rel="stylesheet" href="style.css">/, `<style>${read('style.css')}</style>`);
replace(/<script src="vendor\/plotly-core.min.js" defer><\/script>\n?/, '');
replace(/<script src="app.js" defer><\/script>\n?/, '');
// Scripts last, so the page they fill is there when they run (inline scripts cannot defer).
replace(/<\/body>/, `<script type="application/octet-stream" id="ae-wasm">${wasmBase64}</script>\n${plotly.tag}\n${app.tag}\n</body>`);
writeFileSync(join(dist, 'standalone.html'), html);
console.log(`standalone.html: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB`);

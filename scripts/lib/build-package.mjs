// Assembles the npm package from a built site and packs it:
//   node scripts/lib/build-package.mjs DIST_DIR OUT_DIR   → OUT_DIR/package/, OUT_DIR/activation-explorer-<version>.tgz
// The package holds the element (module and classic script; it starts with the lean wasm, without
// the formula parser), the engine with its own wasm, the
// wasm as a script for pages opened from disk, Plotly's core, the stylesheet, the lab (its view,
// its worker and their wasm, loaded only for <activation-plot view="lab">), types and a README.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dist, out] = process.argv.slice(2);
if (!dist || !out) throw new Error('usage: build-package.mjs DIST_DIR OUT_DIR');
const repo = new URL('../..', import.meta.url).pathname;
const version = readFileSync(join(repo, 'VERSION'), 'utf8').trim();

const FROM_DIST = [
  'activation-explorer.js', 'activation-engine.js', 'activation-plot.js', 'activation-plot.classic.js',
  'activation-plot.css', 'activation_explorer.wasm', 'activation_explorer_core.wasm', 'activation_explorer.wasm.js', 'vendor/plotly-core.min.js',
  'lab/lab-view.js', 'lab/lab-worker.js', 'lab/lab.css', 'activation_lab.wasm',
];
const FROM_PACKAGE_SOURCES = ['README.md', 'activation-explorer.d.ts', 'activation-plot.d.ts'];

const root = join(out, 'package');
rmSync(root, { recursive: true, force: true });
for (const dir of ['vendor', 'lab']) mkdirSync(join(root, dir), { recursive: true });
for (const file of FROM_DIST) cpSync(join(dist, file), join(root, file));
for (const file of FROM_PACKAGE_SOURCES) {
  writeFileSync(join(root, file), readFileSync(join(repo, 'packages/npm', file), 'utf8').replaceAll('@VERSION/', `@${version}/`));
}

const manifest = {
  name: 'activation-explorer',
  version,
  description: 'Activation functions and their derivatives as PyTorch, TensorFlow and JAX compute them: a web component and a WebAssembly engine.',
  license: 'MIT',
  type: 'module',
  keywords: ['activation-function', 'leaky-relu', 'neural-network', 'webassembly', 'web-component', 'plotly', 'visualization'],
  engines: { node: '>=18' },
  main: './activation-explorer.js',
  module: './activation-explorer.js',
  types: './activation-explorer.d.ts',
  // A CDN that serves the bare package name gives the element.
  browser: './activation-plot.js',
  exports: {
    '.': { types: './activation-explorer.d.ts', default: './activation-explorer.js' },
    './element': { types: './activation-plot.d.ts', default: './activation-plot.js' },
    './element.classic': './activation-plot.classic.js',
    './activation_explorer.wasm': './activation_explorer.wasm',
    './activation_explorer_core.wasm': './activation_explorer_core.wasm',
    './activation-plot.css': './activation-plot.css',
    './package.json': './package.json',
  },
  // Side effects: the element registers itself when imported.
  sideEffects: ['./activation-plot.js', './activation-plot.classic.js'],
  files: [...FROM_DIST, 'activation-explorer.d.ts', 'activation-plot.d.ts'],
};
writeFileSync(join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: root, encoding: 'utf8' }))[0];
console.log(`${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked`);

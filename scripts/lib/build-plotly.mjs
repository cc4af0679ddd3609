// Bundles the Plotly the page ships: plotly.js's core (which holds the scatter trace, the only
// one drawn) without the components the explorer never uses, as one minified classic script
// that sets window.Plotly.
//   node scripts/lib/build-plotly.mjs ENTRY OUTFILE
// Plotly's core registers every layout component; these never appear in an explorer figure
// (no menus, sliders, range sliders or selectors, images, 3-D annotations, error bars), and
// nothing else in the core requires them. Each is replaced by an empty component of the same
// name: Plotly then finds it registered, and every method asked of it is its no-op.
import { build } from 'esbuild';

const UNUSED_COMPONENTS = ['updatemenus', 'sliders', 'rangeslider', 'rangeselector', 'images', 'annotations3d', 'errorbars'];

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) throw new Error('usage: build-plotly.mjs ENTRY OUTFILE');

const emptyComponents = {
  name: 'empty-unused-plotly-components',
  setup(builder) {
    const pattern = new RegExp(`^\\./components/(${UNUSED_COMPONENTS.join('|')})$`);
    builder.onResolve({ filter: pattern }, (args) => (args.importer.endsWith('/plotly.js/src/core.js')
      ? { path: pattern.exec(args.path)[1], namespace: 'empty-component' }
      : undefined));
    builder.onLoad({ filter: /.*/, namespace: 'empty-component' }, (args) => ({
      contents: `module.exports = { moduleType: 'component', name: ${JSON.stringify(args.path)} };`,
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2022',
  logLevel: 'warning',
  // Some of its CommonJS dependencies read `global`, which browsers call globalThis; the one
  // stylesheet it requires is for map traces, which are not in the core.
  define: { global: 'globalThis' },
  loader: { '.css': 'empty' },
  plugins: [emptyComponents],
});

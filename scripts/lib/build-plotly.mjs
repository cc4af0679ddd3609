// Bundles the Plotly the page ships: plotly.js's core (which holds the scatter trace, the only
// one drawn) without the components the explorer never uses, as one minified classic script
// that sets window.Plotly.
//   node scripts/lib/build-plotly.mjs ENTRY OUTFILE
// Plotly's core registers every layout component; these never appear in an explorer or lab
// figure (no menus, sliders, range sliders or selectors, images, 3-D annotations, error bars,
// layout grids, colour bars), and nothing else in the core requires them (colorscale requires
// only colorbar's attributes and defaults, which stay). Each is replaced by an empty component
// of the same name: Plotly then finds it registered, and every method asked of it is its no-op.
// Its attribute descriptions (schema documentation) are left out as well: withoutDescriptions.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import { parse } from 'acorn';
import { build } from 'esbuild';

const UNUSED_COMPONENTS = ['updatemenus', 'sliders', 'rangeslider', 'rangeselector', 'images', 'annotations3d', 'errorbars',
  'grid', 'colorbar'];

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

// Dependencies Plotly requires whole where it uses a part, each replaced by that part.
// - culori: plotly.js requires the library with every colour space (its TODO says to use
//   culori/fn); the CSS bootstrap registers the spaces a CSS colour can be written in, so every
//   CSS colour still parses; only culori's extra spaces (okhsl, cubehelix, …, which it reads as
//   `color(--okhsl …)`) are left out.
// - gl-mat4: lib/dom.js and lib/matrix.js use multiply and invert of its 4×4 matrix functions.
// - native-promise-only: a Promise polyfill for browsers older than es2022 allows; it only
//   installs itself where Promise is missing.
const SLIMMER_DEPENDENCIES = {
  culori: `import 'culori/css';
    export { converter, formatHex, formatRgb, wcagContrast, wcagLuminance } from 'culori/fn';`,
  'gl-mat4': `module.exports = { multiply: require('gl-mat4/multiply'), invert: require('gl-mat4/invert') };`,
  'native-promise-only': '',
};

const slimmerDependencies = {
  name: 'slimmer-plotly-dependencies',
  setup(builder) {
    const pattern = new RegExp(`^(${Object.keys(SLIMMER_DEPENDENCIES).join('|')})$`);
    builder.onResolve({ filter: pattern }, (args) => (/[\\/]plotly\.js[\\/]src[\\/]/.test(args.importer)
      ? { path: args.path, namespace: 'slimmer-dependency', pluginData: { resolveDir: args.resolveDir } }
      : undefined));
    builder.onLoad({ filter: /.*/, namespace: 'slimmer-dependency' }, (args) => ({
      contents: SLIMMER_DEPENDENCIES[args.path],
      loader: 'js',
      resolveDir: args.pluginData.resolveDir,
    }));
  },
};

function* objectLiterals(node) {
  if (!node || typeof node.type !== 'string') return;
  if (node.type === 'ObjectExpression') yield node;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const child of value) yield* objectLiterals(child);
    else if (value && typeof value === 'object') yield* objectLiterals(value);
  }
}

const isDescription = (property) => property.type === 'Property' && !property.computed
  && (property.key.name ?? property.key.value) === 'description';

/**
 * The source without any `description: …` property of an object literal, with its comma.
 * Plotly's attribute tables carry an English description per attribute for its schema
 * documentation (121 KB of the bundle, 27 KB with Brotli); nothing reads them to draw, and
 * plotly.js's own minified dist bundles leave them out too.
 */
export function withoutDescriptions(source) {
  const cuts = [];
  for (const object of objectLiterals(parse(source, { ecmaVersion: 'latest', sourceType: 'script' }))) {
    const properties = object.properties;
    properties.forEach((property, i) => {
      if (!isDescription(property)) return;
      if (i + 1 < properties.length) cuts.push([property.start, properties[i + 1].start]);
      else cuts.push([i > 0 ? properties[i - 1].end : property.start, object.end - 1]);
    });
  }
  cuts.sort((a, b) => a[0] - b[0]);
  let text = '';
  let at = 0;
  for (const [start, end] of cuts) {
    if (start < at) continue; // inside a description already cut
    text += source.slice(at, start);
    at = end;
  }
  return text + source.slice(at);
}

const stripDescriptions = {
  name: 'strip-plotly-attribute-descriptions',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]plotly\.js[\\/]src[\\/].*\.js$/ }, (args) => ({
      contents: withoutDescriptions(readFileSync(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};

export async function buildPlotly(entry, outfile) {
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
    plugins: [emptyComponents, slimmerDependencies, stripDescriptions],
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [entry, outfile] = process.argv.slice(2);
  if (!entry || !outfile) throw new Error('usage: build-plotly.mjs ENTRY OUTFILE');
  await buildPlotly(entry, outfile);
}

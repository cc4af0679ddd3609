// Stages the Python package (packages/python plus the single-file build and the version) and
// builds its wheel with Debian's python3-build and python3-hatchling, offline:
//   node scripts/lib/build-python.mjs DIST_DIR OUT_DIR   → OUT_DIR/python/, OUT_DIR/activation_explorer-<version>-py3-none-any.whl
// The wheel carries standalone.html and catalog.json (the settings Python checks), both from DIST_DIR.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, out] = process.argv.slice(2);
if (!dist || !out) throw new Error('usage: build-python.mjs DIST_DIR OUT_DIR');
const repo = new URL('../..', import.meta.url).pathname;
const version = readFileSync(join(repo, 'VERSION'), 'utf8').trim();

const stage = join(out, 'python');
rmSync(stage, { recursive: true, force: true });
cpSync(join(repo, 'packages/python'), stage, { recursive: true, filter: (path) => !path.includes('__pycache__') });
cpSync(join(dist, 'standalone.html'), join(stage, 'activation_explorer/standalone.html'));
// The settings Python checks (functions, parameters and their ranges, conventions, dtypes, URL
// keys), read from the built WebAssembly module and the page's URL reader: stated nowhere else.
const { loadEngine } = await import(pathToFileURL(join(dist, 'activation-explorer.js')).href);
const urlState = await import(pathToFileURL(join(dist, 'url-state.js')).href);
const { catalog } = await loadEngine();
const tables = {
  catalog,
  url: { globalKeys: urlState.GLOBAL_KEYS, maxSeries: urlState.MAX_SERIES, themes: urlState.THEME_NAMES, controlGroups: urlState.CONTROL_GROUPS },
};
writeFileSync(join(stage, 'activation_explorer/catalog.json'), `${JSON.stringify(tables)}\n`);
writeFileSync(join(stage, 'activation_explorer/_version.py'), `# Written from VERSION by scripts/lib/build-python.mjs.\n__version__ = "${version}"\n`);
// Debian's Python, which has python3-build and python3-hatchling (another python3 may come
// first on PATH). --no-isolation builds with the installed hatchling instead of fetching one;
// the dependency check is skipped because it asks for `editables`, which only editable
// installs use.
execFileSync('/usr/bin/python3', ['-m', 'build', '--wheel', '--no-isolation', '--skip-dependency-check', '--outdir', out, stage],
  { stdio: ['ignore', 'ignore', 'inherit'] });
console.log(`activation_explorer-${version}-py3-none-any.whl`);

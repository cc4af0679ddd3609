// Lists every function in web/ longer than a limit (issue 18: no function in web/ over 120
// lines), from the parse tree, so a long arrow function inside an object counts as one.
// Usage: node scripts/lib/function-lengths.mjs [limit] [folder]; exit 1 when one is too long.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

function* javascriptFiles(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) yield* javascriptFiles(path);
    else if (name.endsWith('.js') || name.endsWith('.mjs')) yield path;
  }
}

function* functionsIn(node) {
  if (!node || typeof node.type !== 'string') return;
  if (FUNCTION_TYPES.has(node.type)) yield node;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const child of value) yield* functionsIn(child);
    else if (value && typeof value === 'object') yield* functionsIn(value);
  }
}

function nameOf(fn) {
  return fn.id?.name ?? '(anonymous)';
}

/** Functions longer than `limit` lines in the .js files under `folder`: [{file, line, lines, name}]. */
export function longFunctions(folder, limit) {
  const found = [];
  for (const file of javascriptFiles(folder)) {
    if (file.endsWith('plotly-core.js')) continue;  // a list of Plotly's modules, not our code
    const tree = parse(readFileSync(file, 'utf8'), { ecmaVersion: 'latest', sourceType: 'module', locations: true });
    for (const fn of functionsIn(tree)) {
      const lines = fn.loc.end.line - fn.loc.start.line + 1;
      if (lines > limit) found.push({ file: relative(process.cwd(), file), line: fn.loc.start.line, lines, name: nameOf(fn) });
    }
  }
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const limit = Number(process.argv[2] ?? 120);
  const folder = process.argv[3] ?? join(fileURLToPath(new URL('../..', import.meta.url)), 'web');
  const found = longFunctions(folder, limit);
  for (const f of found) console.log(`${f.file}:${f.line} ${f.name}: ${f.lines} lines`);
  process.exit(found.length ? 1 : 0);
}

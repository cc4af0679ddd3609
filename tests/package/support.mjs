// Builds the npm package and the wheel once per test file, into a temporary folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { distDir } from '../support/paths.mjs';

export const repoRoot = new URL('../..', import.meta.url).pathname;
export const version = readFileSync(join(repoRoot, 'VERSION'), 'utf8').trim();
export const bin = (name) => join(repoRoot, 'node_modules/.bin', name);

/** Runs a command, returning its stdout; its stderr is shown when it fails. */
export function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

/** `npm pack` of the package built from dist/: { dir, tarball, packageDir }. */
export function buildNpmPackage() {
  const dir = mkdtempSync(join(tmpdir(), 'ae-npm-'));
  run('node', [join(repoRoot, 'scripts/lib/build-package.mjs'), distDir, dir]);
  return { dir, tarball: join(dir, `activation-explorer-${version}.tgz`), packageDir: join(dir, 'package') };
}

/** A fresh project with the tarball installed from the file, with no network. */
export function projectWith(tarball) {
  const project = mkdtempSync(join(tmpdir(), 'ae-project-'));
  run('npm', ['init', '-y'], { cwd: project });
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project });
  return project;
}

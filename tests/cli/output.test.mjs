// actviz never loses output silently: an export path is checked before training, written to a
// temporary file and renamed into place (never a truncated file under its name); a failed write
// to a file or to standard output exits 1 naming it; 2 stays the usage code.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { actviz } from '../support/paths.mjs';

const run = (args, options = {}) => spawnSync(actviz, args, { encoding: 'utf8', timeout: 30_000, ...options });
// Hours of training at these settings: a check that waited for the end would time out.
const HEAVY = ['train', '--hidden', '64,64,64,64,64,64,64,64', '--samples', '5000', '--batch', '5000', '--steps', '100000'];
const SMALL = ['train', '--steps', '50'];

async function withFolder(body) {
  const dir = mkdtempSync(join(tmpdir(), 'actviz-output-'));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('--export to a folder, a missing folder or a device fails before training: exit 1, the path named, no CSV', () => {
  return withFolder((dir) => {
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'notes.txt'), '');
    const cases = [
      [join(dir, 'notes.txt', 'run.json'), /cannot write '.*': '.*notes\.txt' is not a folder/],
      [join(dir, 'taken'), /cannot write '.*taken': it is a folder/],
      [join(dir, 'missing', 'run.json'), /the folder '.*missing' does not exist/],
      ['/dev/full', /cannot write '\/dev\/full': it is not a regular file/],
      [join(dir, 'taken', 'run.json', 'deeper.json'), /does not exist|is not a folder/],
    ];
    for (const [path, pattern] of cases) {
      const result = run([...HEAVY, '--export', path]);
      assert.equal(result.status, 1, `${path}: ${result.error ?? result.stderr}`);
      assert.match(result.stderr, pattern);
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.equal(result.stdout, '', 'nothing trained');
    }
    assert.deepEqual(readdirSync(dir).sort(), ['notes.txt', 'taken'], 'no temporary file left behind');
  });
});

test('--export "" is a usage error (exit 2), not a run that writes nothing', () => {
  for (const args of [['--export', ''], ['--export=']]) {
    const result = run([...SMALL, ...args]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^actviz: --export takes a file name, got an empty one\n$/);
    assert.equal(result.stdout, '');
  }
});

test('an export cut short (ulimit -f) exits 1 naming the file, leaves nothing under its name and keeps an older file', () => {
  return withFolder((dir) => {
    const file = join(dir, 'run.json');
    // 8 KB: the CSV goes to a pipe (not limited); the 50-step export is about 30 KB.
    const limited = () => spawnSync('bash', ['-c', 'ulimit -f 8; exec "$0" "$@"', actviz, ...SMALL, '--export', file], { encoding: 'utf8' });
    const fresh = limited();
    assert.equal(fresh.status, 1, fresh.stderr);
    assert.match(fresh.stderr, new RegExp(`^actviz: could not write '${file}': File too large\\n$`));
    assert.deepEqual(readdirSync(dir), [], 'no truncated file, no temporary file');
    writeFileSync(file, 'the previous run');
    const again = limited();
    assert.equal(again.status, 1);
    assert.deepEqual(readdirSync(dir), ['run.json']);
    assert.equal(readFileSync(file, 'utf8'), 'the previous run', 'the old file is whole');
  });
});

test('a complete export replaces the file whole, with the permissions a new file gets, through a symbolic link', () => {
  return withFolder((dir) => {
    const file = join(dir, 'run.json');
    writeFileSync(file, 'the previous run');
    const result = run([...SMALL, '--export', file]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).steps, 50);
    assert.deepEqual(readdirSync(dir), ['run.json']);
    const created = join(dir, 'new.json');
    assert.equal(run([...SMALL, '--export', created]).status, 0);
    assert.equal(statSync(created).mode & 0o777, 0o666 & ~process.umask(), 'not mkstemp\'s 0600');
    // Through a symbolic link, even one whose target does not exist yet: the link stays.
    symlinkSync('target.json', join(dir, 'link.json'));
    assert.equal(run([...SMALL, '--export', join(dir, 'link.json')]).status, 0);
    assert.ok(lstatSync(join(dir, 'link.json')).isSymbolicLink());
    assert.equal(JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8')).steps, 50);
  });
});

test('a run stopped by Ctrl-C or kill leaves no temporary file', async () => {
  await withFolder(async (dir) => {
    for (const signal of ['SIGINT', 'SIGTERM']) {
      const child = spawn(actviz, [...HEAVY, '--export', join(dir, 'run.json')]);
      const exited = new Promise((resolve) => child.once('exit', (...outcome) => resolve(outcome)));
      try {
        await new Promise((resolve) => child.stdout.once('data', resolve));
        assert.equal(readdirSync(dir).length, 1, 'the temporary file exists while training');
      } finally {
        child.kill(signal);
      }
      const [, received] = await exited;
      assert.equal(received, signal, 'ends as the signal says');
      assert.deepEqual(readdirSync(dir), [], signal);
    }
  });
});

test('standard output that cannot be written (> /dev/full) exits 1 with a message, for every command, and stops training', () => {
  return withFolder((dir) => {
    const full = openSync('/dev/full', 'w');
    try {
      const cases = [['list'], ['list', '--json'], ['sample', '--fn', 'relu'], ['saturation', '--fn', 'tanh', '--dtype', 'bfloat16'], ['--version'],
        ['--help'], ['sample', '--help'], [...HEAVY, '--export', join(dir, 'run.json')]];
      for (const args of cases) {
        const result = run(args, { stdio: ['ignore', full, 'pipe'] });
        assert.equal(result.status, 1, `${args.join(' ')}: ${result.error ?? result.stderr}`);
        assert.match(result.stderr, /^actviz: could not write to standard output: No space left on device\n$/, args.join(' '));
      }
      assert.deepEqual(readdirSync(dir), [], 'a run whose CSV was lost writes no export');
    } finally {
      closeSync(full);
    }
  });
});

// actviz explains itself: help for the tool and each command on stdout (exit 0), the catalog
// as a table, --flag=value, suggestions for unknown flags, decimal numbers only, short quotes.
// The defaults help states are checked against what a run uses, not typed again here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { actviz } from '../support/paths.mjs';

const run = (...args) => spawnSync(actviz, args, { encoding: 'utf8' });
const COMMANDS = ['list', 'sample', 'saturation', 'train'];
const catalog = () => JSON.parse(run('list', '--json').stdout);

// "--fn" → "leaky_relu" from lines such as "  --fn NAME   the side under study (default: leaky_relu)".
const helpFlags = (text) => {
  const flags = new Map();
  for (const line of text.split('\n')) {
    const match = /^ {2}(--[\w-]+)(?:, (--[\w-]+))?(?: (\S+))?\s{2,}(.*)$/.exec(line);
    if (match) flags.set(match[1], { alias: match[2], value: match[3], default: /\(default: (.*)\)$/.exec(match[4])?.[1] });
  }
  return flags;
};

function assertOneLineError(result, pattern, what) {
  assert.equal(result.status, 2, what);
  assert.match(result.stderr, pattern, what);
  assert.equal(result.stderr.trim().split('\n').length, 1, what);
  assert.equal(result.stdout, '', what);
}

test('actviz --help, -h and help print every command, one line each, and an example on stdout, exit 0', () => {
  const [first, ...others] = [run('--help'), run('-h'), run('help')];
  for (const result of [first, ...others]) {
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, first.stdout);
  }
  for (const command of [...COMMANDS, 'help', '--version']) assert.match(first.stdout, new RegExp(`^ {2}${command} +\\S`, 'm'), command);
  assert.match(first.stdout, /Example:\n {2}actviz sample --fn \S+/);
});

test('actviz with no command prints the same overview on stderr and exits 2 (a missing command is a usage error)', () => {
  const result = run();
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, run('--help').stdout);
});

test('each command\'s --help, -h and `actviz help COMMAND` list its flags, an example, on stdout, exit 0', () => {
  for (const command of COMMANDS) {
    const results = [run(command, '--help'), run(command, '-h'), run('help', command)];
    for (const result of results) {
      assert.equal(result.status, 0, command);
      assert.equal(result.stderr, '', command);
      assert.equal(result.stdout, results[0].stdout, command);
    }
    const text = results[0].stdout;
    assert.match(text, new RegExp(`^Usage: actviz ${command}`, 'm'));
    assert.match(text, new RegExp(`Examples?:\\n {2}actviz ${command}`));
    // Every flag help lists is one the command takes: none is answered "unknown option". (An
    // unknown function stops sample and train before they compute.)
    const flags = helpFlags(text);
    const stop = flags.has('--fn') ? ['--fn', 'nope'] : [];
    for (const [flag, { alias, value }] of flags) {
      for (const name of [flag, alias].filter(Boolean)) {
        const answer = run(command, ...(value ? [name, 'x'] : [name]), ...stop);
        assert.doesNotMatch(answer.stderr, /unknown option/, `${command} ${name}`);
      }
    }
  }
  assert.match(run('help', 'sample').stdout, /float32 values print in their shortest round-trip form/);
  // saturation measures a low precision: its --dtype has no (float64) default, and the grid's
  // flags, which it used to ignore, are refused.
  assert.equal(helpFlags(run('help', 'saturation').stdout).get('--dtype').default, undefined);
  assertOneLineError(run('saturation', '--fn', 'tanh', '--dtype', 'bfloat16', '--n', '5'), /unknown option '--n' for saturation/, 'saturation --n');
  assertOneLineError(run('help', 'trian'), /no command 'trian'/, 'help trian');
});

test('--help wins over the other flags, even bad ones', () => {
  const result = run('sample', '--fn', 'nope', '--n', 'x', '--help');
  assert.equal(result.status, 0);
  assert.equal(result.stdout, run('sample', '--help').stdout);
});

test('the defaults train --help states are the ones a run without flags uses', () => {
  const defaults = helpFlags(run('train', '--help').stdout);
  const dir = mkdtempSync(join(tmpdir(), 'actviz-help-'));
  try {
    const file = join(dir, 'run.json');
    const result = run('train', '--export', file);
    assert.equal(result.status, 0, result.stderr);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    const given = (flag) => defaults.get(flag).default;
    assert.equal(exported.dataset, given('--dataset'));
    assert.equal(exported.data.x.length, Number(given('--samples')));
    assert.equal(exported.hidden.join(','), given('--hidden'));
    assert.equal(exported.init, given('--init'));
    assert.equal(exported.batch, Number(given('--batch')));
    assert.equal(exported.seed, Number(given('--seed')));
    assert.equal(exported.optimizer.name, given('--optimizer'));
    assert.equal(exported.optimizer.lr, Number(given('--lr')));
    assert.equal(exported.loss, given('--loss').split(';')[0]);
    assert.equal(exported.sides[0].fn, given('--fn'));
    assert.equal(exported.sides[1].fn, given('--versus'));
    assert.equal(exported.sides[0].at_kink, given('--framework'));
    const params = Object.entries(exported.sides[0].params).map(([k, v]) => `${k}=${v}`).join(',');
    assert.equal(given('--param'), `the catalog's: ${params}`);
    assert.equal(exported.steps, Number(given('--steps')));
    assert.equal(result.stdout.trim().split('\n').length, 1 + 2 * Number(given('--steps')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the defaults sample --help states are the ones sample uses', () => {
  const defaults = helpFlags(run('sample', '--help').stdout);
  const rows = run('sample', '--fn', 'sigmoid').stdout.trim().split('\n').slice(1).map((r) => r.split(','));
  assert.equal(rows.length, Number(defaults.get('--n').default));
  assert.equal(rows[0][0], defaults.get('--from').default);
  assert.equal(rows.at(-1)[0], defaults.get('--to').default);
  const kink = ['sample', '--fn', 'hardswish', '--from', '2', '--to', '4', '--n', '3'];
  assert.equal(run(...kink).stdout, run(...kink, '--framework', defaults.get('--framework').default).stdout);
  assert.equal(run(...kink).stdout, run(...kink, '--dtype', defaults.get('--dtype').default).stdout);
});

test('list prints a table: a header, then each function\'s id, name and parameters with their defaults', () => {
  const result = run('list');
  assert.equal(result.status, 0);
  const lines = result.stdout.trimEnd().split('\n');
  const { functions } = catalog();
  assert.equal(lines.length, 1 + functions.length);
  assert.match(lines[0], /^id +name +parameters/);
  functions.forEach((f, i) => {
    assert.ok(lines[i + 1].startsWith(`${f.id} `), lines[i + 1]);
    assert.ok(lines[i + 1].includes(` ${f.name} `), lines[i + 1]);
    for (const p of f.parameters) assert.ok(lines[i + 1].includes(`${p.id}=${p.default} (${p.min} to ${p.max})`), lines[i + 1]);
    assert.ok(lines[i + 1].length < 120, 'a line fits a terminal');
  });
  assertOneLineError(run('list', '--json=yes'), /--json takes no value/, 'list --json=yes');
});

test('flags take --flag=value as well as --flag value', () => {
  const spaced = run('sample', '--fn', 'leaky_relu', '--param', 'alpha=0.1', '--from', '-1', '--to', '1', '--n', '5');
  const joined = run('sample', '--fn=leaky_relu', '--param=alpha=0.1', '--from=-1', '--to=1', '--n=5');
  assert.equal(joined.status, 0, joined.stderr);
  assert.equal(joined.stdout, spaced.stdout);
  assert.equal(run('train', '--fn=relu', '--steps=3', '--hidden=4').stdout, run('train', '--fn', 'relu', '--steps', '3', '--hidden', '4').stdout);
});

test('an unknown flag that names a parameter points to --param (or --versus-param) with the value given', () => {
  assertOneLineError(run('sample', '--fn', 'leaky_relu', '--alpha', '0.1'), /unknown option '--alpha' for sample: .*--param alpha=0\.1$/m, 'sample --alpha');
  assertOneLineError(run('train', '--alpha', '0.1'), /unknown option '--alpha' for train: .*--param alpha=0\.1$/m, 'train --alpha, the default --fn');
  assertOneLineError(run('train', '--fn', 'relu', '--versus', 'elu', '--alpha=0.5'), /--versus-param alpha=0\.5$/m, 'the comparison side');
  // A parameter of no chosen function: the catalog's functions that have it.
  const owners = catalog().functions.filter((f) => f.parameters.some((p) => p.id === 'beta')).map((f) => f.id);
  const result = run('sample', '--fn', 'relu', '--beta', '2');
  assertOneLineError(result, new RegExp(`--fn ${owners[0]} --param beta=2$`, 'm'), 'sample --beta');
  for (const id of owners) assert.match(result.stderr, new RegExp(`\\b${id}\\b`));
});

test('an unknown flag or function close to a known one is suggested; a far one is not', () => {
  assertOneLineError(run('sample', '--fn', 'relu', '--framwork', 'jax'), /did you mean --framework\?/, '--framwork');
  assertOneLineError(run('sample', '-fn', 'relu'), /did you mean --fn\?/, '-fn');
  assertOneLineError(run('train', '--sample', '40'), /did you mean --samples\?/, '--sample');
  assertOneLineError(run('sample', '--fn', 'leakyrelu'), /unknown function 'leakyrelu': did you mean leaky_relu\?/, 'leakyrelu');
  const far = run('train', '--colour', 'red');
  assertOneLineError(far, /unknown option '--colour' for train/, '--colour');
  assert.doesNotMatch(far.stderr, /did you mean/);
});

test('numbers are decimal, as the page reads them: no hex, inf or nan', () => {
  const refused = [
    ['train', '--hidden', '0x10'], ['train', '--steps', '0x10'], ['train', '--seed', '0x7'], ['train', '--lr', 'inf'], ['train', '--noise', 'nan'],
    ['sample', '--fn', 'relu', '--n', '0x10'], ['sample', '--fn', 'relu', '--from', '-inf'], ['sample', '--fn', 'relu', '--to', '0x1p3'],
    ['sample', '--fn', 'leaky_relu', '--param', 'alpha=0x1p-4'], ['sample', '--fn', 'relu', '--from', '1e'], ['sample', '--fn', 'relu', '--from', '.'],
  ];
  for (const args of refused) assertOneLineError(run(...args), /takes/, args.join(' '));
  for (const from of ['-1e1', '-.5', '-5.', '+2', ' -3 ']) {
    assert.equal(run('sample', '--fn', 'relu', '--from', from, '--to', '10', '--n', '2').status, 0, from);
  }
});

test('a bad value is quoted in at most a few dozen characters, on one line', () => {
  const long = 'x'.repeat(100_000);
  const result = run('sample', '--fn', long);
  assertOneLineError(result, /unknown function 'x{40}… \(100,000 characters\)'/, '100 KB --fn');
  assert.ok(result.stderr.length < 200, `${result.stderr.length} characters`);
  assertOneLineError(run('train', '--dataset', 'a\nb\u001b[31m'), /got 'a\\x0Ab\\x1B\[31m'/, 'control characters');
});

test('a flag given twice is refused (the page names a repeated key), --param repeats; actviz help help is the overview', () => {
  for (const args of [['train', '--steps', '2', '--steps', '3'], ['train', '--preset', 'dying_relu', '--preset', 'born_dead'], ['sample', '--fn', 'elu', '--n=3', '--n', '4']]) {
    const result = run(...args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /^actviz: --(steps|preset|n) is given more than once; give it once\n$/);
  }
  assert.equal(run('sample', '--fn', 'hardtanh', '--param', 'min_val=-2', '--param', 'max_val=2', '--n', '3').status, 0, '--param repeats');
  const helpHelp = run('help', 'help');
  assert.equal(helpHelp.status, 0);
  assert.equal(helpHelp.stdout, run('help').stdout);
});

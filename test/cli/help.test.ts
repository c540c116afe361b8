import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datamesh, folderWith } from '../support/cli';

const COMMANDS = ['lint', 'compat', 'stack', 'catalog', 'sample'];

describe('datamesh help, --help and --version', () => {
  test('--version prints the package version, exit 0', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    const result = datamesh(['--version'], folderWith({}));
    assert.deepEqual([result.status, result.stdout, result.stderr], [0, `${pkg.version}\n`, '']);
  });

  test('every command answers --help, -h and help COMMAND with its own usage on standard output, exit 0', () => {
    const root = folderWith({});
    for (const command of COMMANDS) {
      const answers = [datamesh([command, '--help'], root), datamesh([command, '-h'], root), datamesh(['help', command], root)];
      for (const result of answers) {
        assert.equal(result.status, 0, command);
        assert.equal(result.stderr, '', command);
        assert.match(result.stdout, new RegExp(`^Usage: datamesh ${command} `), command);
        assert.match(result.stdout, /Exit 0/, `${command} documents its exit codes`);
        for (const other of COMMANDS.filter((name) => name !== command)) {
          assert.doesNotMatch(result.stdout, new RegExp(`^Usage: datamesh ${other} `, 'm'), `${command} shows only its own usage`);
        }
      }
      assert.equal(answers[0].stdout, answers[2].stdout);
    }
  });

  test('--help wins over other arguments, even bad ones, but not after --', () => {
    const root = folderWith({});
    const result = datamesh(['compat', '--mode', 'SIDEWAYS', '--help'], root);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage: datamesh compat /);
    assert.equal(datamesh(['lint', '--', '--help'], root).status, 2, '--help after -- is a path, here an unreadable one');
  });

  test('datamesh --help lists every command', () => {
    const result = datamesh(['--help'], folderWith({}));
    assert.equal(result.status, 0);
    for (const command of COMMANDS) assert.match(result.stdout, new RegExp(`^ {2}datamesh ${command} `, 'm'));
  });

  test('a usage error is one line for the problem and one pointing at the command help, exit 2', () => {
    const root = folderWith({ 'a.avsc': '"string"' });
    for (const [args, problem, hint] of [
      [['lint', '--colour', '.'], /^datamesh lint: unknown option --colour$/, 'datamesh lint --help'],
      [
        ['compat', '--mode', 'SIDEWAYS', 'a.avsc', 'a.avsc'],
        /^datamesh compat: --mode must be one of .*, not SIDEWAYS$/,
        'datamesh compat --help',
      ],
      [['sample'], /^datamesh sample: sample needs --topic TOPIC$/, 'datamesh sample --help'],
      [['stack', 'sideways'], /^datamesh stack: unknown stack action sideways/, 'datamesh stack --help'],
      [['frobnicate'], /^datamesh: unknown command frobnicate$/, 'datamesh --help'],
      [['help', 'frobnicate'], /^datamesh: unknown command frobnicate$/, 'datamesh --help'],
      [[], /^datamesh: a command is needed: lint, compat/, 'datamesh --help'],
    ] as const) {
      const result = datamesh([...args], root);
      assert.equal(result.status, 2, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(lines[0], problem);
      assert.equal(lines[1], `Run \`${hint}\` for usage.`);
    }
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VerifyTargetOptions } from '../../plugin/target-options';
import { type CommandRunner, verifyTask } from './checks';
import { formatReport } from './report';
import verifyExecutor, { DEFAULT_TIMEOUT_MS } from './verify';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'br-verify-'));
  mkdirSync(join(root, 'app/src'), { recursive: true });
  writeFileSync(join(root, 'app/src/present.js'), 'module.exports = 1;\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function context(verbose = false): ExecutorContext {
  return {
    root,
    cwd: root,
    isVerbose: verbose,
    projectName: 'br-slugify',
    targetName: 'br-verify',
    projectsConfigurations: { version: 2, projects: {} },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  } as ExecutorContext;
}

function options(files: string[], verify: string[], timeoutMs?: number): VerifyTargetOptions {
  return {
    spec: 'app/PROJECT_SPEC.md',
    task: {
      id: 'slugify',
      featureId: 'slugify',
      title: 'Slugify',
      description: '',
      domain: 'backend',
      complexity: 'simple',
      estimateMinutes: 60,
      priority: 'high',
      files,
      acceptance: [],
      requirements: [],
      dependsOn: [],
      verify,
      hash: '0123456789abcdef',
    },
    dependencyHash: 'x',
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
}

async function run(opts: VerifyTargetOptions, verbose = false) {
  let printed = '';
  const result = await verifyExecutor(opts, context(verbose), { print: (t) => void (printed += `${t}\n`) });
  return { ...result, printed };
}

describe('verify executor', () => {
  it('passes when the files exist and the commands succeed, running them in the spec folder', async () => {
    const result = await run(options(['src/present.js'], ['test -f src/present.js', 'echo hello-from-$(basename "$PWD")']), true);
    expect(result.success).toBe(true);
    expect(result.printed).toContain('Files (relative to app): all 1 present');
    expect(result.printed).toContain('ok    test -f src/present.js');
    expect(result.printed).toContain('hello-from-app');
    expect(result.printed).toContain('Verification passed.');
  });

  it('fails listing every missing file, and runs no command', async () => {
    const result = await run(options(['src/present.js', 'src/missing.js', 'test/missing.test.js'], ['echo never']));
    expect(result.success).toBe(false);
    expect(result.printed).toContain('Missing files (relative to app):\n  - src/missing.js\n  - test/missing.test.js');
    expect(result.printed).toContain('skip  echo never');
    expect(result.printed).not.toContain('src/present.js');
  });

  it('fails on a failing command with its exit code and output, and skips the rest', async () => {
    const result = await run(options([], ['echo broken-test >&2; exit 3', 'echo after']));
    expect(result.success).toBe(false);
    expect(result.printed).toContain('FAIL  echo broken-test >&2; exit 3: exited with code 3');
    expect(result.printed).toContain('    broken-test');
    expect(result.printed).toContain('skip  echo after');
  });

  it('stops a command at the time limit', async () => {
    const started = Date.now();
    const result = await run(options([], ['sleep 30'], 300));
    expect(result.success).toBe(false);
    expect(result.printed).toMatch(/FAIL {2}sleep 30: timed out after \d+\.\ds/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps secrets from the environment out of commands and their output', async () => {
    process.env['BR_TEST_API_KEY'] = 'sk-ant-test-secret-value-123456';
    try {
      const result = await run(options([], ['echo "key=[$BR_TEST_API_KEY]"; echo sk-ant-test-secret-value-123456; exit 1']));
      expect(result.printed).toContain('key=[]');
      expect(result.printed).not.toContain('sk-ant-test-secret-value-123456');
    } finally {
      delete process.env['BR_TEST_API_KEY'];
    }
  });

  it('takes its default time limit from the schema', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(600_000);
  });
});

describe('verifyTask', () => {
  it('uses the injected runner and file check, with the given cwd and limit', async () => {
    const calls: Array<[string, string, number]> = [];
    const runner: CommandRunner = async (command, { cwd, timeoutMs }) => {
      calls.push([command, cwd, timeoutMs]);
      return { exitCode: 0, timedOut: false, durationMs: 5, output: '' };
    };
    const report = await verifyTask(
      { files: ['a.js', 'a.js', 'dir/'], verify: ['one', 'two'] },
      { cwd: '/ws/app', timeoutMs: 42, run: runner, exists: (p) => p === '/ws/app/a.js' || p === '/ws/app/dir' },
    );
    expect(report).toEqual({
      ok: true,
      checkedFiles: 2,
      missingFiles: [],
      commands: [
        { command: 'one', ok: true, exitCode: 0, timedOut: false, durationMs: 5, output: '' },
        { command: 'two', ok: true, exitCode: 0, timedOut: false, durationMs: 5, output: '' },
      ],
      notRun: [],
    });
    expect(calls).toEqual([
      ['one', '/ws/app', 42],
      ['two', '/ws/app', 42],
    ]);
  });

  it('counts a command that could not start as a failure', async () => {
    const report = await verifyTask(
      { files: [], verify: ['x'] },
      { cwd: '/', timeoutMs: 1, run: async () => ({ exitCode: null, timedOut: false, durationMs: 0, output: '', error: 'spawn ENOENT' }) },
    );
    expect(report.ok).toBe(false);
    expect(formatReport('.', report)).toContain('FAIL  x: could not start: spawn ENOENT');
  });

  it('says so when a task has nothing to verify', async () => {
    const report = await verifyTask({ files: [], verify: [] }, { cwd: '/', timeoutMs: 1 });
    expect(report.ok).toBe(true);
    expect(formatReport('.', report)).toBe('Nothing to verify: the task names no files and no commands.\nVerification passed.');
  });
});

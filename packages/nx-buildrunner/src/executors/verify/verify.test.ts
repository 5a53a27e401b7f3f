import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VerifyTargetOptions } from '../../plugin/target-options';
import { type CommandRunner, DEFAULT_VERIFY_TIMEOUT_MS } from '../../runtime/verify';
import { verifyTask } from './checks';
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
    featureHash: 'f',
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
    expect(result.printed).toMatch(/ok {4}`test -f src\/present\.js` passed in \d+\.\d s/);
    expect(result.printed).toContain('hello-from-app');
    expect(result.printed).toContain('Verification passed.');
  });

  it('fails listing every missing file', async () => {
    const result = await run(options(['src/present.js', 'src/missing.js', 'test/missing.test.js'], []));
    expect(result.success).toBe(false);
    expect(result.printed).toContain('Missing files (relative to app):\n  - src/missing.js\n  - test/missing.test.js');
    expect(result.printed).not.toContain('src/present.js');
    expect(result.printed).toContain('Verification failed.');
  });

  it('fails on a failing command with its exit code and output', async () => {
    const result = await run(options([], ['echo broken-test >&2; exit 3', 'echo after']));
    expect(result.success).toBe(false);
    expect(result.printed).toMatch(/FAIL {2}`echo broken-test >&2; exit 3` exited with code 3 after/);
    expect(result.printed).toContain('    broken-test');
    expect(result.printed).toMatch(/ok {4}`echo after` passed/);
  });

  it('stops a command at the time limit', async () => {
    const started = Date.now();
    const result = await run(options([], ['sleep 30'], 300));
    expect(result.success).toBe(false);
    expect(result.printed).toMatch(/FAIL {2}`sleep 30` timed out after \d+\.\d s/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps secrets out of commands, their output and the report', async () => {
    process.env['BR_TEST_API_KEY'] = 'sk-ant-' + 'test-secret-value-123456';
    try {
      const result = await run(options([], ['echo "key=[$BR_TEST_API_KEY]"; echo sk-ant-' + 'test-secret-value-123456; exit 1']));
      expect(result.printed).toContain('key=[]');
      expect(result.printed).not.toContain('sk-ant-' + 'test-secret-value-123456');
    } finally {
      delete process.env['BR_TEST_API_KEY'];
    }
  });

  it('takes its default time limit from the schema, the same as the verification engine', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(DEFAULT_VERIFY_TIMEOUT_MS);
  });
});

describe('verifyTask', () => {
  it("runs the task's own commands with the given cwd and limit, and nothing else", async () => {
    const calls: Array<[string, string, number]> = [];
    const runner: CommandRunner = {
      run: async (command, { cwd, timeoutMs }) => {
        calls.push([command, cwd, timeoutMs]);
        return { command, exitCode: 0, durationMs: 5, timedOut: false, output: '' };
      },
    };
    const report = await verifyTask({ id: 't', files: [], verify: ['one', 'two'] }, { cwd: root, timeoutMs: 42, runner });
    expect(report.ok).toBe(true);
    expect(report.checks).toEqual([]);
    expect(calls).toEqual([
      ['one', root, 42],
      ['two', root, 42],
    ]);
  });

  it('says so when a task has nothing to verify', async () => {
    const report = await verifyTask({ id: 't', files: [], verify: [] }, { cwd: root, timeoutMs: 1 });
    expect(report.ok).toBe(true);
    expect(formatReport('.', 0, report)).toBe('Nothing to verify: the task names no files and no commands.\nVerification passed.');
  });

  it('fails an empty file', async () => {
    writeFileSync(join(root, 'app/src/empty.js'), '');
    const report = await verifyTask({ id: 't', files: ['src/empty.js'], verify: [] }, { cwd: join(root, 'app'), timeoutMs: 1 });
    expect(report.ok).toBe(false);
    expect(formatReport('app', 1, report)).toContain('Empty files (relative to app):\n  - src/empty.js');
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../__fixtures__/temp-dirs';
import { TOOL_LIMITS } from './limits';
import { openToolbox } from './toolbox';
import { isProcessAlive } from '../../runtime/lock';

const tempDir = useTempDirs();
const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});


async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe('run_command', () => {
  it('runs in the worktree and reports the exit code without calling it a tool error', async () => {
    const worktree = await tempDir();
    const toolbox = await openToolbox({ worktree, commandTimeoutMs: 5_000 });
    const ok = await toolbox.run('run_command', { command: 'pwd; echo oops >&2' });
    expect(ok).toMatchObject({ isError: false });
    expect(ok.output).toBe(`exit code 0\n${worktree}\noops`);
    const failing = await toolbox.run('run_command', { command: 'exit 3' });
    expect(failing).toMatchObject({ isError: false, output: 'exit code 3\n(no output)' });
  });

  it('kills the whole process group at the time limit, children included', async () => {
    const worktree = await tempDir();
    const toolbox = await openToolbox({ worktree, commandTimeoutMs: 400 });
    const started = Date.now();
    const result = await toolbox.run('run_command', { command: 'sleep 30 & echo $! > child.pid; echo started; wait' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/timed out after 0.4 s; the command and every process it started were killed/);
    expect(result.output).toContain('started');
    const childPid = Number(await readFile(path.join(worktree, 'child.pid'), 'utf8'));
    expect(await waitUntil(() => !isProcessAlive(childPid), 3_000)).toBe(true);
  });

  it('does not leave background processes behind after a normal exit', async () => {
    const worktree = await tempDir();
    const toolbox = await openToolbox({ worktree, commandTimeoutMs: 5_000 });
    const started = Date.now();
    const result = await toolbox.run('run_command', { command: 'sleep 30 > /dev/null 2>&1 & echo $! > bg.pid; echo done' });
    expect(result.output).toBe('exit code 0\ndone');
    expect(Date.now() - started).toBeLessThan(4_000);
    const bgPid = Number(await readFile(path.join(worktree, 'bg.pid'), 'utf8'));
    expect(await waitUntil(() => !isProcessAlive(bgPid), 3_000)).toBe(true);
  });

  it('keeps the head and tail of long output', async () => {
    const worktree = await tempDir();
    const toolbox = await openToolbox({ worktree, commandTimeoutMs: 10_000 });
    const result = await toolbox.run('run_command', {
      command: 'echo FIRST; head -c 100000 /dev/zero | tr "\\0" x; echo; echo LAST',
    });
    const limit = TOOL_LIMITS.commandHeadChars + TOOL_LIMITS.commandTailChars;
    expect(result.output.length).toBeLessThan(limit + 200);
    expect(result.output).toMatch(/^exit code 0\nFIRST\n/);
    expect(result.output).toMatch(/\n\[\.\.\. \d+ characters omitted \.\.\.\]\n/);
    expect(result.output).toMatch(/\nLAST$/);
  });

  it('runs without API keys, tokens or secrets in its environment', async () => {
    process.env.ANTHROPIC_API_KEY = 'sk-ant-' + 'test-key-that-must-not-leak';
    process.env.GITHUB_TOKEN = 'ghp-test-token-value';
    process.env.MY_SERVICE_SECRET_VALUE = 'hidden-value-123';
    process.env.BR_VISIBLE = 'visible-value';
    const worktree = await tempDir();
    const toolbox = await openToolbox({ worktree, commandTimeoutMs: 5_000 });
    const result = await toolbox.run('run_command', { command: 'env' });
    expect(result.output).toContain('BR_VISIBLE=visible-value');
    expect(result.output).toMatch(/^PATH=/m);
    for (const hidden of ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'MY_SERVICE_SECRET_VALUE', 'sk-ant-test', 'ghp-test', 'hidden-value']) {
      expect(result.output).not.toContain(hidden);
    }
  });
});

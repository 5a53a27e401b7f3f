import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './__fixtures__/temp-dirs';
import { CommandBackend, type CommandAgentOptions } from './command';
import type { AgentRequest } from './types';

const tempDir = useTempDirs();

async function run(options: CommandAgentOptions) {
  const worktree = await tempDir();
  const request: AgentRequest = {
    taskId: 'T7',
    attempt: 2,
    prompt: { system: 'SYSTEM', user: 'Task: T7\nAttempt: 2\nWrite it.' },
    worktree,
    limits: { maxTurns: 5, maxTokens: 1000, maxCostUsd: 1, commandTimeoutMs: 1000 },
  };
  return { result: await new CommandBackend(options).run(request), worktree };
}

describe('command backend', () => {
  it('hands the prompt over in a file outside the worktree, then removes it', async () => {
    const { result, worktree } = await run({
      command: 'sh',
      args: ['-c', 'cp "$1" got.txt; echo "$1" > where.txt; echo "task $2 attempt $3"', 'agent', '{promptFile}', '{taskId}', '{attempt}'],
    });
    expect(result).toEqual({ status: 'done', summary: 'task T7 attempt 2', calls: [], filesWritten: [] });
    expect(await readFile(path.join(worktree, 'got.txt'), 'utf8')).toBe('SYSTEM\n\nTask: T7\nAttempt: 2\nWrite it.');
    const promptFile = (await readFile(path.join(worktree, 'where.txt'), 'utf8')).trim();
    expect(promptFile.startsWith(worktree)).toBe(false);
    await expect(access(promptFile)).rejects.toThrow();
    expect((await readdir(worktree)).sort()).toEqual(['got.txt', 'where.txt']);
  });

  it('hands the prompt over on stdin when no argument asks for a file', async () => {
    const { result, worktree } = await run({ command: 'sh', args: ['-c', 'cat > got.txt'] });
    expect(result.status).toBe('done');
    expect(await readFile(path.join(worktree, 'got.txt'), 'utf8')).toBe('SYSTEM\n\nTask: T7\nAttempt: 2\nWrite it.');
  });

  it('reads usage from a final JSON report and prices it from the table when no cost is given', async () => {
    const report = {
      usage: [
        { model: 'claude-haiku-4-5', inputTokens: 1000, outputTokens: 100, durationMs: 1500 },
        { model: 'my-local-model', inputTokens: 10, outputTokens: 10, costUsd: 0 },
      ],
      summary: 'Wrote the parser.',
    };
    const { result } = await run({ command: 'sh', args: ['-c', `echo working; echo '${JSON.stringify(report)}'`] });
    expect(result).toMatchObject({ status: 'done', summary: 'Wrote the parser.' });
    expect(result.calls).toEqual([
      { model: 'claude-haiku-4-5', inputTokens: 1000, outputTokens: 100, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, costUsd: 0.0015, priced: true, durationMs: 1500 },
      { model: 'my-local-model', inputTokens: 10, outputTokens: 10, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, costUsd: 0, priced: true, durationMs: 0 },
    ]);
  });

  it('ignores a malformed usage report rather than trusting part of it', async () => {
    const { result } = await run({ command: 'sh', args: ['-c', `echo '{"usage": {"model": "x", "inputTokens": -5, "outputTokens": 1}}'`] });
    expect(result).toMatchObject({ status: 'done', calls: [] });
  });

  it('fails on a non-zero exit with the output as summary', async () => {
    const { result } = await run({ command: 'sh', args: ['-c', 'echo "cannot do it" >&2; exit 4'] });
    expect(result).toMatchObject({ status: 'failed', summary: 'cannot do it', error: 'sh exited with code 4' });
  });

  it('stops the program and its children at the time limit', async () => {
    const started = Date.now();
    const { result } = await run({ command: 'sh', args: ['-c', 'sleep 30 & sleep 30'], timeoutMs: 300 });
    expect(result).toMatchObject({ status: 'limit', error: 'sh did not finish within 0.3 s and was stopped' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('redacts secrets from what it records', async () => {
    const saved = process.env.SOME_SERVICE_TOKEN;
    process.env.SOME_SERVICE_TOKEN = 'tok-abcdef-0123456789';
    try {
      const { result } = await run({ command: 'sh', args: ['-c', 'echo "token is $SOME_SERVICE_TOKEN"; exit 1'] });
      expect(result.summary).toBe('token is [redacted]');
    } finally {
      if (saved === undefined) delete process.env.SOME_SERVICE_TOKEN;
      else process.env.SOME_SERVICE_TOKEN = saved;
    }
  });
});

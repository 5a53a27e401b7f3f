import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentResult, CallUsage } from '../../agent/types';
import type { VerifyReport } from '../verify/types';
import { writeFileAtomic } from './atomic';
import { buildTaskResult, type TaskResultInput } from './build';
import { dependencyOutput, readTaskResult, writeTaskResult } from './write';

const KEY = `sk-ant-api03-${'Rz4'.repeat(20)}`;

function call(overrides: Partial<CallUsage> = {}): CallUsage {
  return { model: 'claude-sonnet-4-6', inputTokens: 1000, outputTokens: 200, cacheCreationInputTokens: 300, cacheReadInputTokens: 0, costUsd: 0.1, durationMs: 900, ...overrides };
}

function agent(overrides: Partial<AgentResult> = {}): AgentResult {
  return { status: 'done', summary: 'Wrote slugify.', calls: [call()], filesWritten: ['src/slugify.js'], ...overrides };
}

const failedVerify: VerifyReport = {
  ok: false,
  missingFiles: [],
  emptyFiles: [],
  commands: [{ command: 'node --test', exitCode: 1, durationMs: 50, timedOut: false, output: `${'noise\n'.repeat(500)}AssertionError: expected hello-world\n` }],
  checks: [],
  durationMs: 60,
  summary: 'failed: `node --test` exited with code 1 after 0.1 s',
};
const passedVerify: VerifyReport = { ...failedVerify, ok: true, commands: [{ ...failedVerify.commands[0]!, exitCode: 0, output: 'ok' }], summary: 'verified: 1 command passed' };

function input(overrides: Partial<TaskResultInput> = {}): TaskResultInput {
  return {
    taskId: 'slugify',
    title: 'Slugify',
    taskHash: '0123456789abcdef',
    status: 'merged',
    attempts: [
      { n: 1, agent: agent(), verify: failedVerify, durationMs: 1000 },
      { n: 2, agent: agent({ calls: [call({ costUsd: 0.2 }), call({ cacheCreationInputTokens: 0, cacheReadInputTokens: 300, costUsd: 0.000001 })] }), verify: passedVerify, durationMs: 2000 },
    ],
    files: ['examples/textkit/src/slugify.js'],
    commit: 'a'.repeat(40),
    integrationCommit: 'b'.repeat(40),
    timings: { worktreeMs: 10, contextMs: 5, agentMs: 2500, verifyMs: 120, mergeMs: 30 },
    startedAt: new Date('2026-11-20T10:00:00.000Z'),
    finishedAt: new Date('2026-11-20T10:00:03.000Z'),
    ...overrides,
  };
}

describe('buildTaskResult', () => {
  it('summarizes attempts and sums usage per call', () => {
    const result = buildTaskResult(input());
    expect(result.attempts.map((a) => [a.n, a.agent.calls, a.verify?.ok])).toEqual([[1, 1, false], [2, 2, true]]);
    expect(result.attempts[0]?.verify?.commands[0]?.outputTail).toMatch(/AssertionError: expected hello-world$/);
    expect(result.attempts[0]?.verify?.commands[0]?.outputTail.length).toBeLessThanOrEqual(1000);
    expect(result.attempts[1]?.verify?.commands[0]?.outputTail).toBe('');
    expect(result.usage.calls.map((c) => [c.attempt, c.purpose])).toEqual([[1, 'attempt'], [2, 'attempt'], [2, 'attempt']]);
    expect(result.usage.totals).toEqual({ calls: 3, inputTokens: 3000, outputTokens: 600, cacheCreationInputTokens: 600, cacheReadInputTokens: 300, costUsd: 0.300001 });
    expect(result.timings).toEqual({ worktreeMs: 10, contextMs: 5, agentMs: 2500, verifyMs: 120, mergeMs: 30, totalMs: 3000 });
    expect(result.startedAt).toBe('2026-11-20T10:00:00.000Z');
  });

  it('counts the conflict-resolution turn and records a blocked task without attempts', () => {
    const merged = buildTaskResult(input({ conflictAgent: agent({ calls: [call({ costUsd: 0.05 })] }) }));
    expect(merged.usage.calls.at(-1)).toMatchObject({ attempt: 2, purpose: 'conflict' });
    expect(merged.usage.totals.calls).toBe(4);
    const blocked = buildTaskResult(input({ status: 'blocked', attempts: [], files: [], commit: undefined, integrationCommit: undefined, timings: {}, error: 'dependency tokenize failed' }));
    expect(blocked).toMatchObject({ status: 'blocked', attempts: [], error: 'dependency tokenize failed', usage: { calls: [], totals: { calls: 0, costUsd: 0 } } });
    expect(blocked.commit).toBeUndefined();
  });
});

describe('writeTaskResult', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'br-record-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes result.json and prompt.md, free of secrets, and reads them back', async () => {
    const result = buildTaskResult(
      input({
        status: 'failed',
        error: `agent crashed with ANTHROPIC_API_KEY=${KEY}`,
        worktree: '/tmp/wt/slugify',
        attempts: [{ n: 1, agent: agent({ summary: `I used ${KEY}` }), verify: { ...failedVerify, commands: [{ ...failedVerify.commands[0]!, output: `leak ${KEY} and env-held-secret-99` }] }, durationMs: 5 }],
      }),
    );
    const out = path.join(dir, 'dist', 'br', 'slugify');
    const written = await writeTaskResult(out, result, {
      prompts: [{ system: 'rules', user: `Task: slugify\nAttempt: 1\nkey ${KEY}` }],
      env: { SERVICE_TOKEN: 'env-held-secret-99' },
    });
    expect(written).toEqual({ resultPath: path.join(out, 'result.json'), promptPath: path.join(out, 'prompt.md') });
    const json = await readFile(written.resultPath, 'utf8');
    const md = await readFile(written.promptPath!, 'utf8');
    for (const text of [json, md]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('env-held-secret-99');
    }
    expect(md).toContain('# Task slugify, attempt 1\n\n## System\n\n```\nrules\n```');
    expect(md).toContain('Task: slugify\nAttempt: 1\nkey [redacted]');
    expect(JSON.parse(json)).toMatchObject({ version: 1, taskId: 'slugify', status: 'failed', worktree: '/tmp/wt/slugify', error: 'agent crashed with ANTHROPIC_API_KEY=[redacted]' });
    expect((await readdir(out)).sort()).toEqual(['prompt.md', 'result.json']);
    const read = await readTaskResult(out);
    expect(read.ok && read.result.attempts[0]?.agent.summary).toBe('I used [redacted]');
  });

  it('replaces an earlier result by rename, never in place', async () => {
    await writeTaskResult(dir, buildTaskResult(input({ status: 'failed' })), { env: {} });
    const before = await stat(path.join(dir, 'result.json'));
    await writeTaskResult(dir, buildTaskResult(input()), { env: {} });
    const after = await stat(path.join(dir, 'result.json'));
    expect(after.ino).not.toBe(before.ino);
    const read = await readTaskResult(dir);
    expect(read.ok && read.result.status).toBe('merged');
    expect(await readdir(dir)).toEqual(['result.json']);
  });

  it('leaves the old file and no temporary file behind when a write fails', async () => {
    const target = path.join(dir, 'result.json');
    await mkdir(target);
    await writeFile(path.join(target, 'keep'), 'old');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['result.json']);
    expect(await readFile(path.join(target, 'keep'), 'utf8')).toBe('old');
  });
});

describe('readTaskResult and dependencyOutput', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'br-record-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports unreadable and malformed results as errors naming the file', async () => {
    const file = path.join(dir, 'result.json');
    expect(await readTaskResult(dir)).toEqual({ ok: false, error: `${file}: cannot read (ENOENT)` });
    await writeFile(file, '{ nope');
    expect(await readTaskResult(dir)).toMatchObject({ ok: false, error: expect.stringMatching(/result\.json: not JSON/) });
    await writeFile(file, JSON.stringify({ version: 1, taskId: 'x', title: 'X', status: 'exploded', attempts: [], files: [], usage: {} }));
    expect(await readTaskResult(dir)).toEqual({ ok: false, error: `${file}: missing taskId, title or a valid status` });
  });

  it('turns a merged result into what its dependents see', () => {
    expect(dependencyOutput(buildTaskResult(input()))).toEqual({
      taskId: 'slugify',
      title: 'Slugify',
      files: ['examples/textkit/src/slugify.js'],
      summary: 'Wrote slugify.',
      commit: 'a'.repeat(40),
    });
  });
});

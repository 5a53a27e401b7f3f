import { readFile, writeFile } from 'node:fs/promises';
import { Server } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../fake-anthropic';
import { useTempDirs } from './__fixtures__/temp-dirs';
import { OfflineBackend } from './offline';
import type { AgentRequest } from './types';

const tempDir = useTempDirs();

const scenario: Scenario = {
  tasks: {
    'parse-config': {
      attempts: [
        { turns: [{ tools: [{ name: 'create_file', input: { path: 'src/${taskId}.ts', content: 'attempt ${attempt}\n' } }] }, { text: 'First try done.' }] },
        { turns: [{ tools: [{ name: 'str_replace', input: { path: 'src/${taskId}.ts', old_str: 'attempt 1', new_str: 'attempt ${attempt}' } }] }, { text: 'Fixed.' }] },
      ],
    },
  },
};

function request(worktree: string, attempt: number, user = 'Implement the config parser. Stop when done.'): AgentRequest {
  return {
    taskId: 'parse-config',
    attempt,
    prompt: { system: 'System.', user },
    worktree,
    limits: { maxTurns: 5, maxTokens: 1000, maxCostUsd: 1, commandTimeoutMs: 5_000 },
  };
}

/** Open server handles in this process: a leaked fake server would keep one. */
function listeningServers(): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h) => h instanceof Server).length;
}

describe('offline agent', () => {
  it('plays the scripted attempts through the real tool loop, and closes its server after each run', async () => {
    const worktree = await tempDir();
    const before = listeningServers();
    const agent = new OfflineBackend({ scenario });

    const first = await agent.run(request(worktree, 1));
    expect(first).toMatchObject({ status: 'done', summary: 'First try done.', filesWritten: ['src/parse-config.ts'] });
    expect(first.calls).toHaveLength(2);
    expect(first.calls.every((call) => call.priced && call.costUsd > 0)).toBe(true);
    expect(await readFile(path.join(worktree, 'src/parse-config.ts'), 'utf8')).toBe('attempt 1\n');
    expect(listeningServers()).toBe(before);

    const second = await agent.run(request(worktree, 2));
    expect(second).toMatchObject({ status: 'done', summary: 'Fixed.' });
    expect(await readFile(path.join(worktree, 'src/parse-config.ts'), 'utf8')).toBe('attempt 2\n');
    expect(listeningServers()).toBe(before);
  });

  it('keeps Task and Attempt lines the prompt already has', async () => {
    const worktree = await tempDir();
    const result = await new OfflineBackend({ scenario }).run(request(worktree, 1, 'Task: parse-config\nAttempt: 2\nGo.'));
    // The prompt's own "Attempt: 2" wins over the request's attempt number.
    expect(result.summary).toBe('Fixed.');
  });

  it('reads a scenario file and reports a broken one as a failed run', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'scenario.yaml');
    await writeFile(file, 'tasks:\n  parse-config:\n    attempts:\n      - turns:\n          - text: From a file.\n');
    expect(await new OfflineBackend({ scenario: file }).run(request(dir, 1))).toMatchObject({ status: 'done', summary: 'From a file.' });

    await writeFile(file, 'tasks:\n  parse-config:\n    attempts: []\n');
    const broken = await new OfflineBackend({ scenario: file }).run(request(dir, 1));
    expect(broken.status).toBe('failed');
    expect(broken.error).toMatch(/offline agent: Invalid fake-anthropic scenario.*\n.*scenario\.yaml:3: tasks\.parse-config\.attempts: must not be empty/);
  });
});

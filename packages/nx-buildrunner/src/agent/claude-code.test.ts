import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeStep, writeFakeCli } from './__fixtures__/fake-cli';
import { useTempDirs } from './__fixtures__/temp-dirs';
import { ClaudeCodeBackend } from './claude-code';
import type { AgentEvent, AgentRequest } from './types';

const tempDir = useTempDirs();
const KEY = 'sk-ant-' + 'claude-code-test-key-0123456789';
const savedKey = process.env.ANTHROPIC_API_KEY;
afterEach(() => {
  if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
  else process.env.ANTHROPIC_API_KEY = savedKey;
});

const model = 'claude-sonnet-4-6';
const init: FakeStep = {
  print: { type: 'system', subtype: 'init', cwd: '${cwd}', session_id: 's1', tools: ['Read', 'Write', 'Bash'], model, permissionMode: 'acceptEdits', apiKeySource: 'ANTHROPIC_API_KEY' },
};
const assistant = (id: string, content: unknown[]): FakeStep => ({
  print: { type: 'assistant', message: { id, type: 'message', role: 'assistant', model, content, stop_reason: null, usage: { input_tokens: 3, output_tokens: 20 } }, session_id: 's1' },
});
const toolResult = (id: string, content: string, isError = false): FakeStep => ({
  print: { type: 'user', message: { role: 'user', content: [{ tool_use_id: id, type: 'tool_result', content, ...(isError ? { is_error: true } : {}) }] }, session_id: 's1' },
});
const result = (fields: Record<string, unknown>): FakeStep => ({
  print: {
    type: 'result',
    subtype: 'success',
    is_error: false,
    duration_ms: 5123,
    duration_api_ms: 4800,
    num_turns: 3,
    result: 'Created src/hello.ts.',
    session_id: 's1',
    total_cost_usd: 0.0456,
    usage: { input_tokens: 12, cache_creation_input_tokens: 3000, cache_read_input_tokens: 9000, output_tokens: 250, service_tier: 'standard' },
    modelUsage: {
      [model]: { inputTokens: 12, outputTokens: 250, cacheReadInputTokens: 9000, cacheCreationInputTokens: 3000, webSearchRequests: 0, costUSD: 0.0456, contextWindow: 200000 },
    },
    permission_denials: [],
    ...fields,
  },
});

const session: FakeStep[] = [
  init,
  assistant('msg_01', [{ type: 'text', text: "I'll create the file." }]),
  assistant('msg_01', [{ type: 'tool_use', id: 'toolu_01', name: 'Write', input: { file_path: '${cwd}/src/hello.ts', content: 'export {};\n' } }]),
  { write: { path: 'src/hello.ts', content: 'export {};\n' } },
  toolResult('toolu_01', 'File created successfully at: ${cwd}/src/hello.ts'),
  assistant('msg_02', [{ type: 'tool_use', id: 'toolu_02', name: 'Edit', input: { file_path: '/etc/hosts', old_string: 'a', new_string: 'b' } }]),
  toolResult('toolu_02', 'Permission denied', true),
  assistant('msg_03', [{ type: 'tool_use', id: 'toolu_03', name: 'Bash', input: { command: 'npm test' } }]),
  toolResult('toolu_03', 'ok'),
  assistant('msg_04', [{ type: 'text', text: 'Created src/hello.ts.' }]),
  result({}),
];

async function setup(steps: FakeStep[], options: { timeoutMs?: number } = {}) {
  const bin = await tempDir('br-fake-claude-');
  const worktree = await tempDir();
  await mkdir(path.join(worktree, 'src'));
  const cli = await writeFakeCli(bin, 'claude', steps);
  const backend = new ClaudeCodeBackend({ binary: cli.bin, model, ...options });
  const events: AgentEvent[] = [];
  const request: AgentRequest = {
    taskId: 'T1',
    attempt: 1,
    prompt: { system: 'System part.', user: 'Task: T1\nAttempt: 1\nDo it.' },
    worktree,
    limits: { maxTurns: 12, maxTokens: 4000, maxCostUsd: 2.5, commandTimeoutMs: 60_000 },
    onEvent: (e) => events.push(e),
  };
  return { cli, backend, request, events, worktree };
}

describe('claude-code backend', () => {
  it('runs the CLI headless in the worktree with the limits and reads usage, cost and files', async () => {
    const { cli, backend, request, events, worktree } = await setup(session);
    const outcome = await backend.run(request);
    expect(outcome).toEqual({
      status: 'done',
      summary: 'Created src/hello.ts.',
      calls: [
        {
          model,
          inputTokens: 12,
          outputTokens: 250,
          cacheCreationInputTokens: 3000,
          cacheReadInputTokens: 9000,
          costUsd: 0.0456,
          priced: true,
          durationMs: 5123,
        },
      ],
      filesWritten: ['src/hello.ts'],
    });
    expect(await readFile(path.join(worktree, 'src/hello.ts'), 'utf8')).toBe('export {};\n');

    const [call] = await cli.calls();
    expect(call?.cwd).toBe(worktree);
    expect(call?.argv).toEqual([
      '-p',
      'Task: T1\nAttempt: 1\nDo it.',
      '--append-system-prompt',
      'System part.',
      '--output-format',
      'stream-json',
      '--verbose',
      '--model',
      model,
      '--allowedTools',
      'Read,Edit,MultiEdit,Write,Glob,Grep,Bash',
      '--permission-mode',
      'acceptEdits',
      '--max-turns',
      '12',
      '--max-budget-usd',
      '2.5',
    ]);
    expect(events).toEqual([
      { type: 'turn', turn: 1 },
      { type: 'text', text: "I'll create the file." },
      { type: 'tool', name: 'Write', path: 'src/hello.ts', ok: true },
      { type: 'turn', turn: 2 },
      { type: 'tool', name: 'Edit', ok: false },
      { type: 'turn', turn: 3 },
      { type: 'tool', name: 'Bash', ok: true },
      { type: 'turn', turn: 4 },
      { type: 'text', text: 'Created src/hello.ts.' },
    ]);
  });

  it('prices from the table when the CLI reports no cost', async () => {
    const { backend, request } = await setup([init, result({ modelUsage: undefined, total_cost_usd: undefined })]);
    const outcome = await backend.run(request);
    // 12*3 + 250*15 + 3000*3.75 + 9000*0.3 micro-dollars
    expect(outcome.calls).toEqual([expect.objectContaining({ model, costUsd: 0.017736, priced: true, inputTokens: 12 })]);
  });

  it('maps the turn and budget limits to status limit', async () => {
    const turns = await setup([init, result({ subtype: 'error_max_turns', is_error: true, result: undefined, num_turns: 12 })]);
    expect(await turns.backend.run(turns.request)).toMatchObject({ status: 'limit', error: 'Claude Code stopped at the turn limit after 12 turns' });
    const budget = await setup([init, result({ subtype: 'error_max_budget_usd', is_error: true })]);
    expect(await budget.backend.run(budget.request)).toMatchObject({ status: 'limit', error: 'Claude Code stopped at the cost limit' });
  });

  it('reports an error result as failed, with the secret redacted', async () => {
    process.env.ANTHROPIC_API_KEY = KEY;
    const { backend, request, events } = await setup([
      init,
      assistant('msg_01', [{ type: 'text', text: `Using key ${KEY}` }]),
      result({ subtype: 'error_during_execution', is_error: true, result: `API Error: 401 invalid x-api-key ${KEY}` }),
    ]);
    const outcome = await backend.run(request);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toBe('Claude Code ended with error_during_execution (is_error): API Error: 401 invalid x-api-key [redacted]');
    expect(JSON.stringify(outcome)).not.toContain(KEY);
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it('passes the API key through to the CLI, which needs it', async () => {
    process.env.ANTHROPIC_API_KEY = KEY;
    const { cli, backend, request } = await setup(session);
    await backend.run(request);
    expect((await cli.calls())[0]?.env.ANTHROPIC_API_KEY).toBe(KEY);
  });

  it('fails with the tail of the output when the CLI exits without a result', async () => {
    const { backend, request } = await setup([{ stderr: 'Error: not logged in\n' }, { exit: 1 }]);
    const outcome = await backend.run(request);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/exited with code 1 without a result; its output ended with:\nError: not logged in/);
  });

  it('stops a session over its time limit', async () => {
    const { backend, request } = await setup([init, { sleepMs: 20_000 }], { timeoutMs: 300 });
    const started = Date.now();
    expect(await backend.run(request)).toMatchObject({ status: 'limit', error: expect.stringMatching(/did not finish within 0.3 s/) });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a missing binary clearly', async () => {
    const { request } = await setup([]);
    const outcome = await new ClaudeCodeBackend({ binary: '/nonexistent/claude' }).run(request);
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/could not start \/nonexistent\/claude: .*ENOENT/) });
  });

  it('sends a very long prompt through stdin instead of argv', async () => {
    const { cli, backend, request } = await setup(session);
    const long = `Task: T1\n${'x'.repeat(150_000)}`;
    await backend.run({ ...request, prompt: { ...request.prompt, user: long } });
    const [call] = await cli.calls();
    expect(call?.stdin).toBe(long);
    expect(call?.argv.slice(0, 2)).toEqual(['-p', '--append-system-prompt']);
  });
});

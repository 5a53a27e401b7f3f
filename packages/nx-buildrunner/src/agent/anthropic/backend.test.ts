import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeAnthropic, type Scenario, type ScriptedTurn, startFakeAnthropic } from '../../fake-anthropic';
import { useTempDirs } from '../__fixtures__/temp-dirs';
import type { AgentEvent, AgentLimits, AgentRequest, AgentResult } from '../types';
import { AnthropicBackend, type AnthropicBackendOptions } from './backend';

const API_KEY = 'sk-ant-' + 'test-0123456789-never-leak-me';
const MODEL = 'claude-sonnet-4-6';
const LIMITS: AgentLimits = { maxTurns: 10, maxTokens: 2_000, maxCostUsd: 5, commandTimeoutMs: 5_000 };

const tempDir = useTempDirs();
let server: FakeAnthropic | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Run {
  result: AgentResult;
  events: AgentEvent[];
  worktree: string;
  server: FakeAnthropic;
  /** Bodies of the /v1/messages requests, in order. */
  bodies: Array<{ messages: Array<{ role: string; content: unknown }>; [key: string]: unknown }>;
}

async function run(
  turns: ScriptedTurn[] | Scenario,
  options: { limits?: Partial<AgentLimits>; backend?: Partial<AnthropicBackendOptions>; signal?: AbortSignal; files?: Record<string, string> } = {},
): Promise<Run> {
  const scenario: Scenario = Array.isArray(turns) ? { tasks: { T1: { attempts: [{ turns }] } } } : turns;
  server = await startFakeAnthropic({ scenario });
  const worktree = await tempDir();
  for (const [rel, content] of Object.entries(options.files ?? {})) {
    await mkdir(path.dirname(path.join(worktree, rel)), { recursive: true });
    await writeFile(path.join(worktree, rel), content);
  }
  const backend = new AnthropicBackend({ apiKey: API_KEY, baseURL: server.url, model: MODEL, retryDelayMs: 1, ...options.backend });
  const events: AgentEvent[] = [];
  const request: AgentRequest = {
    taskId: 'T1',
    attempt: 1,
    prompt: { system: 'You are a careful engineer.', user: 'Task: T1\nAttempt: 1\n\nDo the task. Stop when done.' },
    worktree,
    limits: { ...LIMITS, ...options.limits },
    onEvent: (event) => events.push(event),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const result = await backend.run(request);
  const bodies = server.requests.filter((r) => r.path === '/v1/messages').map((r) => r.body) as Run['bodies'];
  return { result, events, worktree, server, bodies };
}

type Block = { type: string; [key: string]: unknown };
const lastContent = (body: Run['bodies'][number]): Block[] => {
  const content = body.messages.at(-1)?.content;
  return Array.isArray(content) ? (content as Block[]) : [];
};

describe('anthropic backend against the fake server', () => {
  it('creates a file, answers the tool call and ends the task', async () => {
    const { result, worktree, bodies, events } = await run([
      { text: 'Creating it.', tools: [{ name: 'create_file', input: { path: 'src/hello.ts', content: 'export const hi = 1;\n' } }] },
      { text: 'Created src/hello.ts.' },
    ]);
    expect(result).toMatchObject({ status: 'done', summary: 'Created src/hello.ts.', filesWritten: ['src/hello.ts'] });
    expect(await readFile(path.join(worktree, 'src/hello.ts'), 'utf8')).toBe('export const hi = 1;\n');

    expect(result.calls).toHaveLength(2);
    for (const call of result.calls) {
      expect(call).toMatchObject({ model: MODEL, priced: true, requestId: expect.stringMatching(/^req_fake_/) });
      expect(call.inputTokens + call.cacheCreationInputTokens + call.cacheReadInputTokens).toBeGreaterThan(0);
      expect(call.outputTokens).toBeGreaterThan(0);
      expect(call.costUsd).toBeGreaterThan(0);
    }
    // The second call reads the tools and system prompt from the cache the first one wrote.
    expect(result.calls[1]?.cacheReadInputTokens).toBeGreaterThan(0);

    expect(bodies).toHaveLength(2);
    const first = bodies[0]!;
    expect(first).toMatchObject({ model: MODEL, max_tokens: LIMITS.maxTokens, stream: true });
    expect(first).not.toHaveProperty('temperature');
    expect(first).not.toHaveProperty('top_p');
    expect(first).not.toHaveProperty('top_k');
    expect(first.system).toEqual([{ type: 'text', text: 'You are a careful engineer.', cache_control: { type: 'ephemeral' } }]);
    const tools = first.tools as Array<{ name: string; cache_control?: unknown }>;
    expect(tools.map((t) => t.name)).toEqual(['view_file', 'list_files', 'search', 'create_file', 'str_replace', 'run_command']);
    expect(tools.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
    expect(tools.slice(0, -1).every((t) => t.cache_control === undefined)).toBe(true);

    const answer = lastContent(bodies[1]!);
    expect(answer).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_fake_a1t0_0', content: 'Created src/hello.ts (1 lines).', cache_control: { type: 'ephemeral' } },
    ]);
    expect(events).toEqual([
      { type: 'turn', turn: 1 },
      { type: 'text', text: 'Creating it.' },
      { type: 'tool', name: 'create_file', path: 'src/hello.ts', ok: true },
      { type: 'turn', turn: 2 },
      { type: 'text', text: 'Created src/hello.ts.' },
    ]);
  });

  it('feeds a tool error back as an is_error result and carries on', async () => {
    const { result, bodies, events } = await run([
      { tools: [{ name: 'str_replace', input: { path: 'missing.ts', old_str: 'a', new_str: 'b' } }, { name: 'view_file', input: { path: '../../etc/passwd' } }] },
      { text: 'Could not edit.' },
    ]);
    expect(result.status).toBe('done');
    const [missing, escape] = lastContent(bodies[1]!);
    expect(missing).toMatchObject({ type: 'tool_result', is_error: true, content: expect.stringMatching(/missing\.ts does not exist/) });
    expect(escape).toMatchObject({ type: 'tool_result', is_error: true, content: expect.stringMatching(/outside the worktree/) });
    expect(events.filter((e) => e.type === 'tool')).toEqual([
      { type: 'tool', name: 'str_replace', ok: false },
      { type: 'tool', name: 'view_file', ok: false },
    ]);
  });

  it('does not run a tool call cut off by max_tokens, and asks the model to continue', async () => {
    const { result, worktree, bodies } = await run([
      {
        text: 'Writing both files.',
        tools: [
          { name: 'create_file', input: { path: 'complete.txt', content: 'whole\n' } },
          { name: 'create_file', input: { path: 'cut.txt', content: 'half' } },
        ],
        stop: 'max_tokens',
      },
      { text: 'Finished.' },
    ]);
    expect(result.status).toBe('done');
    expect(result.filesWritten).toEqual(['complete.txt']);
    await expect(readFile(path.join(worktree, 'cut.txt'))).rejects.toThrow();
    const answer = lastContent(bodies[1]!);
    expect(answer[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_fake_a1t0_0', content: 'Created complete.txt (1 lines).' });
    expect(answer[1]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_fake_a1t0_1', is_error: true, content: expect.stringMatching(/^Not run/) });
    expect(answer[2]).toMatchObject({ type: 'text', text: expect.stringMatching(/cut off at the output limit of 2000 tokens/) });
  });

  it('runs nothing when the model refuses', async () => {
    const { result, worktree, bodies } = await run([
      { text: 'I will not do that.', tools: [{ name: 'create_file', input: { path: 'evil.sh', content: 'rm -rf /' } }], stop: 'refusal' },
    ]);
    expect(result).toMatchObject({ status: 'refused', summary: 'I will not do that.', filesWritten: [] });
    expect(result.error).toMatch(/declined/);
    expect(result.calls).toHaveLength(1);
    expect(bodies).toHaveLength(1);
    await expect(readFile(path.join(worktree, 'evil.sh'))).rejects.toThrow();
  });

  it('sends the content back after pause_turn so the model continues', async () => {
    const { result, bodies } = await run([
      { text: 'Thinking about it.', stop: 'pause_turn' },
      { tools: [{ name: 'create_file', input: { path: 'a.txt', content: 'a' } }] },
      { text: 'Done.' },
    ]);
    expect(result).toMatchObject({ status: 'done', filesWritten: ['a.txt'] });
    expect(bodies).toHaveLength(3);
    const resumed = bodies[1]!.messages;
    expect(resumed.at(-1)).toMatchObject({ role: 'assistant', content: [{ type: 'text', text: 'Thinking about it.' }] });
  });

  it('stops at the turn limit', async () => {
    const forever: ScriptedTurn = { tools: [{ name: 'list_files', input: {} }] };
    const { result, bodies } = await run(Array.from({ length: 8 }, () => forever), { limits: { maxTurns: 3 } });
    expect(result.status).toBe('limit');
    expect(result.error).toMatch(/turn limit \(3 model calls\)/);
    expect(bodies).toHaveLength(3);
    expect(result.calls).toHaveLength(3);
  });

  it('stops before a call once the spend reaches the cost limit', async () => {
    const forever: ScriptedTurn = { tools: [{ name: 'list_files', input: {} }] };
    const turns = Array.from({ length: 8 }, () => forever);
    const { result, bodies } = await run(turns, { limits: { maxCostUsd: 0.000001 } });
    expect(result.status).toBe('limit');
    expect(result.error).toMatch(/cost limit/);
    expect(bodies).toHaveLength(1);

    const none = await run(turns, { limits: { maxCostUsd: 0 } });
    expect(none.result).toMatchObject({ status: 'limit', calls: [] });
    expect(none.bodies).toHaveLength(0);
  });

  it('treats a stop sequence as the end of the task', async () => {
    const { result, bodies } = await run([{ text: 'Stopped here.', stop: 'stop_sequence' }]);
    expect(result).toMatchObject({ status: 'done', summary: 'Stopped here.' });
    expect(bodies).toHaveLength(1);
  });

  it('fails clearly when the conversation outgrows the context window', async () => {
    const { result } = await run([{ text: 'So much context.', stop: 'model_context_window_exceeded' }]);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/context window after 1 turns/);
  });

  it('marks calls to a model missing from the price table as unpriced', async () => {
    const { result } = await run([{ text: 'Done.' }], { backend: { model: 'claude-unreleased-9' } });
    expect(result.calls).toEqual([expect.objectContaining({ model: 'claude-unreleased-9', costUsd: 0, priced: false })]);
  });

  it('stops promptly when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const { result } = await run([{ text: 'Slow.', delayMs: 20_000 }], { signal: controller.signal });
    expect(result).toMatchObject({ status: 'failed', error: 'aborted' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('anthropic backend retries', () => {
  const turns: ScriptedTurn[] = [
    { tools: [{ name: 'create_file', input: { path: 'a.txt', content: 'a\n' } }] },
    { text: 'Done.' },
  ];
  const withFaults = (faults: Scenario['faults']): Scenario => ({ tasks: { T1: { attempts: [{ turns }] } }, faults });

  it('retries 429, 529 and 500 and then succeeds', async () => {
    const { result, server, events } = await run(
      withFaults([
        { kind: '429', times: 2, match: { turn: 0 } },
        { kind: '529', times: 1, match: { turn: 0 } },
        { kind: '500', times: 1, match: { turn: 1 } },
      ]),
    );
    expect(result).toMatchObject({ status: 'done', filesWritten: ['a.txt'] });
    expect(server.requests.map((r) => r.status)).toEqual([429, 429, 529, 200, 500, 200]);
    expect(result.calls).toHaveLength(2);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(4);
  });

  it('resends a stream dropped mid-reply, and one broken by an error event', async () => {
    const { result, server, events } = await run(
      withFaults([
        { kind: 'drop', times: 1, match: { turn: 0 } },
        { kind: 'error-event', times: 1, match: { turn: 1 } },
      ]),
    );
    expect(result).toMatchObject({ status: 'done', filesWritten: ['a.txt'] });
    expect(server.requests.map((r) => r.fault ?? 'ok')).toEqual(['drop', 'ok', 'error-event', 'ok']);
    const retries = events.filter((e): e is Extract<AgentEvent, { type: 'retry' }> => e.type === 'retry');
    expect(retries.map((e) => e.reason)).toEqual([
      expect.stringMatching(/^stream broke off: AnthropicError: terminated \(request req_fake_000001\)/),
      expect.stringMatching(/^stream broke off: APIError \(in the stream overloaded_error\)/),
    ]);
  });

  it('fails with the error type and request id when the API keeps failing', async () => {
    const { result, server, events } = await run(withFaults([{ kind: '500' }]), { backend: { maxRetries: 2 } });
    expect(result.status).toBe('failed');
    // Two retries announced; the last attempt is not called one.
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
    expect(result.error).toMatch(/^Anthropic API call failed: InternalServerError \(HTTP 500 api_error\): .+ \(request req_fake_000003\)$/);
    expect(server.requests).toHaveLength(3);
    expect(result.calls).toEqual([]);
  });

  it('gives up on a stream that keeps breaking', async () => {
    const { result, server } = await run(withFaults([{ kind: 'drop' }]), { backend: { maxRetries: 1 } });
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/terminated .*after 2 tries of a broken stream/);
    expect(server.requests).toHaveLength(2);
  });
});

describe('the API key', () => {
  it('appears in no result, event, or request the server logged, even when a file holds it', async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = API_KEY;
    try {
      const { result, events, server } = await run(
        [
          { tools: [{ name: 'view_file', input: { path: '.env' } }, { name: 'run_command', input: { command: 'cat .env; env' } }] },
          { text: `I saw ${API_KEY} in the file.` },
        ],
        { files: { '.env': `ANTHROPIC_API_KEY=${API_KEY}\n` } },
      );
      expect(result.status).toBe('done');
      expect(JSON.stringify(result)).not.toContain(API_KEY);
      expect(result.summary).toBe('I saw [redacted] in the file.');
      expect(JSON.stringify(events)).not.toContain(API_KEY);
      expect(JSON.stringify(server.requests)).not.toContain(API_KEY);
      // The key did reach the server, in the authorization header the log redacts.
      expect(server.requests[0]?.headers.authorization ?? server.requests[0]?.headers['x-api-key']).toBe('[REDACTED]');
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = saved;
    }
  });
});

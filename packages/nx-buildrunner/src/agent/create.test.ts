import { afterEach, describe, expect, it } from 'vitest';
import { type FakeAnthropic, startFakeAnthropic } from '../fake-anthropic';
import { useTempDirs } from './__fixtures__/temp-dirs';
import { createAgent } from './create';
import { parseAgentOptions } from './options';

const tempDir = useTempDirs();
const savedEnv = { ...process.env };
let server: FakeAnthropic | undefined;
afterEach(async () => {
  process.env = { ...savedEnv };
  await server?.close();
  server = undefined;
});

describe('createAgent', () => {
  it('builds the backend each kind names', () => {
    expect(createAgent({ kind: 'anthropic' }).name).toBe('anthropic');
    expect(createAgent({ kind: 'claude-code', binary: 'claude' }).name).toBe('claude-code');
    expect(createAgent({ kind: 'command', command: 'aider', args: ['--message-file', '{promptFile}'] }).name).toBe('command');
    expect(createAgent({ kind: 'offline', scenario: {} }).name).toBe('offline');
  });

  it('reaches the API named by ANTHROPIC_BASE_URL with the key from ANTHROPIC_API_KEY', async () => {
    server = await startFakeAnthropic({ scenario: { default: { attempts: [{ turns: [{ text: 'Hello from the environment.' }] }] } } });
    process.env.ANTHROPIC_BASE_URL = server.url;
    process.env.ANTHROPIC_API_KEY = 'sk-ant-' + 'from-env-0123456789';
    const agent = createAgent({ kind: 'anthropic', model: 'claude-haiku-4-5', maxRetries: 0 });
    const result = await agent.run({
      taskId: 'T1',
      attempt: 1,
      prompt: { system: 'S', user: 'Task: T1\nHi.' },
      worktree: await tempDir(),
      limits: { maxTurns: 2, maxTokens: 100, maxCostUsd: 1, commandTimeoutMs: 1000 },
    });
    expect(result).toMatchObject({ status: 'done', summary: 'Hello from the environment.' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBe('[REDACTED]');
  });
});

describe('parseAgentOptions', () => {
  it('accepts each kind with its options', () => {
    for (const raw of [
      { kind: 'anthropic', model: 'claude-opus-5-5', baseURL: 'http://127.0.0.1:9', maxRetries: 2, timeoutMs: 60000 },
      { kind: 'claude-code', binary: '/usr/local/bin/claude', allowedTools: ['Read', 'Edit'], timeoutMs: 1000 },
      { kind: 'command', command: 'my-agent', args: ['{promptFile}'], promptVia: 'file' },
      { kind: 'offline', scenario: 'examples/textkit/scenario.yaml' },
    ]) {
      expect(parseAgentOptions(raw)).toEqual({ ok: true, options: raw });
    }
  });

  it('names every problem', () => {
    expect(parseAgentOptions({ kind: 'gpt' })).toEqual({ ok: false, errors: ['agent.kind must be one of "anthropic", "claude-code", "command", "offline"'] });
    expect(parseAgentOptions('anthropic')).toEqual({ ok: false, errors: ['agent options must be an object'] });
    expect(parseAgentOptions({ kind: 'command', args: 'x', maxRetries: -1, apiKey: 'sk' })).toEqual({
      ok: false,
      errors: [
        'agent.command is required for kind "command"',
        'agent.args must be a list of strings',
        'agent.maxRetries is not an option of kind "command" (options: command, args, promptVia, timeoutMs)',
        'agent.apiKey is not an option of kind "command" (options: command, args, promptVia, timeoutMs)',
      ],
    });
    expect(parseAgentOptions({ kind: 'anthropic', apiKey: 'sk-ant-x' })).toMatchObject({ ok: false });
  });
});

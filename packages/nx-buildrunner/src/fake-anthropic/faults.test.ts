import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultQueue } from './faults';
import { type Fault, type Scenario, ScenarioError } from './scenario';
import { type FakeAnthropic, startFakeAnthropic } from './server';

const scenario: Scenario = {
  tasks: {
    T1: {
      attempts: [
        {
          turns: [
            { text: 'Writing the file now, one moment please.', tools: [{ name: 'write', input: { path: 'a.txt', text: 'hello world' } }] },
            { text: 'All done.' },
          ],
        },
      ],
    },
  },
};

let server: FakeAnthropic | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(faults: Fault[] = []): Promise<FakeAnthropic> {
  server = await startFakeAnthropic({ scenario: { ...scenario, faults } });
  return server;
}

function client(s: FakeAnthropic, maxRetries: number, timeout?: number): Anthropic {
  return new Anthropic({ apiKey: 'test-key', baseURL: s.url, maxRetries, ...(timeout ? { timeout } : {}) });
}

const params = {
  model: 'claude-test',
  max_tokens: 200,
  messages: [{ role: 'user' as const, content: 'Task: T1\nGo.' }],
};

describe('faults', () => {
  it('429 once: the SDK retries after retry-after-ms and succeeds, two requests logged', async () => {
    const s = await start([{ kind: '429', times: 1 }]);
    const message = await client(s, 2).messages.create(params);
    expect(message.stop_reason).toBe('tool_use');
    expect(s.requests.map((r) => [r.status, r.fault])).toEqual([
      [429, '429'],
      [200, undefined],
    ]);
  });

  it('529 with no retries left is an OverloadedError carrying the request id', async () => {
    const s = await start([{ kind: '529' }]);
    const error = await client(s, 0).messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.OverloadedError);
    const overloaded = error as InstanceType<typeof Anthropic.OverloadedError>;
    expect(overloaded.status).toBe(529);
    expect(overloaded.type).toBe('overloaded_error');
    expect(overloaded.requestID).toBe(s.requests[0]!.requestId);
  });

  it('500 is retried by the SDK; "fail twice then succeed" holds across its retries', async () => {
    const s = await start([{ kind: '500', times: 2 }]);
    const message = await client(s, 2).messages.create(params);
    expect(message.content[0]).toMatchObject({ type: 'text' });
    expect(s.requests.map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('counts consumptions across separate calls too, then stops failing', async () => {
    const s = await start([{ kind: '500', times: 2 }]);
    const c = client(s, 1);
    await expect(c.messages.create(params)).rejects.toBeInstanceOf(Anthropic.InternalServerError);
    await expect(c.messages.create(params)).resolves.toMatchObject({ type: 'message' });
    expect(s.requests.map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('a stream dropped mid-block surfaces as an error the SDK does not retry', async () => {
    const s = await start([{ kind: 'drop', times: 1 }]);
    const stream = client(s, 2).messages.stream(params);
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const error = await stream.finalMessage().catch((e: unknown) => e);
    // What SDK 1.12 really does: the body read fails with undici's "terminated", wrapped in no SDK class.
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(Anthropic.APIError);
    expect(String(error)).toMatch(/terminated/);
    expect(texts.join('')).not.toBe('');
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({ status: 200, fault: 'drop' });
    // The fault is used up, so the caller's own retry succeeds.
    await expect(client(s, 0).messages.stream(params).finalMessage()).resolves.toMatchObject({ stop_reason: 'tool_use' });
  });

  it('a dropped JSON request is a connection error, which the SDK retries', async () => {
    const s = await start([{ kind: 'drop', times: 1 }]);
    await expect(client(s, 1).messages.create(params)).resolves.toMatchObject({ stop_reason: 'tool_use' });
    expect(s.requests.map((r) => r.status)).toEqual([0, 200]);
    server!.injectFault({ kind: 'drop', times: 1 });
    await expect(client(s, 0).messages.create(params)).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
  });

  it('a slow reply past the SDK timeout is an APIConnectionTimeoutError', async () => {
    const s = await start([{ kind: 'slow', delayMs: 5_000 }]);
    const error = await client(s, 0, 150).messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  });

  it('slow frames do not trip the SDK timeout, which only covers the wait for headers', async () => {
    const s = await start([{ kind: 'slow', delayMs: 0, frameDelayMs: 40 }]);
    const message = await client(s, 0, 300).messages.stream(params).finalMessage();
    expect(message.content).toHaveLength(2);
  });

  it('an error event inside a stream is an APIError with the body type, not retried', async () => {
    const s = await start([{ kind: 'error-event' }]);
    const error = await client(s, 2).messages.stream(params).finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBeUndefined();
    expect(apiError.type).toBe('overloaded_error');
    expect(s.requests).toHaveLength(1);
  });

  it('error-event on a JSON request is a 529', async () => {
    const s = await start([{ kind: 'error-event' }]);
    await expect(client(s, 0).messages.create(params)).rejects.toBeInstanceOf(Anthropic.OverloadedError);
  });

  it('matches faults by task, attempt and turn', async () => {
    const s = await start([{ kind: '500', match: { task: 'T1', attempt: 1, turn: 1 } }]);
    const c = client(s, 0);
    await expect(c.messages.create(params)).resolves.toMatchObject({ type: 'message' });
    await expect(c.messages.create({ ...params, messages: [{ role: 'user', content: 'Task: T1\nAttempt: 2' }] })).resolves.toBeDefined();
    const secondTurn = [...params.messages, { role: 'assistant' as const, content: 'ok' }, { role: 'user' as const, content: 'go on' }];
    await expect(c.messages.create({ ...params, messages: secondTurn })).rejects.toBeInstanceOf(Anthropic.InternalServerError);
  });

  it('leaves token counting alone unless the fault names that endpoint', async () => {
    const s = await start([{ kind: '429' }]);
    const c = client(s, 0);
    await expect(c.messages.countTokens(params)).resolves.toMatchObject({ input_tokens: 3 });
    s.setScenario({ faults: [{ kind: '429', match: { endpoint: 'count_tokens' } }] });
    await expect(c.messages.countTokens(params)).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    await expect(c.messages.create(params)).resolves.toBeDefined();
  });

  it('injects, validates and clears faults at runtime', async () => {
    const s = await start();
    const c = client(s, 0);
    s.injectFault({ kind: '429', times: 1, retryAfterMs: 0 });
    await expect(c.messages.create(params)).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    await expect(c.messages.create(params)).resolves.toBeDefined();
    s.injectFault({ kind: '529' });
    s.clearFaults();
    await expect(c.messages.create(params)).resolves.toBeDefined();
    expect(() => s.injectFault({ kind: 'boom' } as unknown as Fault)).toThrow(ScenarioError);
    expect(() => s.injectFault({ kind: '429', times: 0 })).toThrow(/times: expected a whole number >= 1/);
  });
});

describe('FaultQueue', () => {
  const at = { task: 'T1', attempt: 1, turn: 0, endpoint: 'messages' as const };

  it('takes the first armed fault that matches and counts it down', () => {
    const queue = new FaultQueue();
    queue.add({ kind: '429', times: 1, match: { task: 'T2' } });
    queue.add({ kind: '500', times: 2 });
    queue.add({ kind: 'slow' });
    expect([1, 2, 3, 4].map(() => queue.take(at)?.kind)).toEqual(['500', '500', 'slow', 'slow']);
    expect(queue.take({ ...at, task: 'T2' })?.kind).toBe('429');
    expect(queue.take({ ...at, task: 'T2' })?.kind).toBe('slow');
  });

  it('takes nothing when nothing is armed', () => {
    expect(new FaultQueue().take(at)).toBeUndefined();
  });
});

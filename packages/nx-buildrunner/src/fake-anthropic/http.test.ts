import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAnthropic, startFakeAnthropic } from './server';

/** Below the SDK: what goes over the wire, for clients that are not the TypeScript SDK (curl, the claude CLI). */
let server: FakeAnthropic;
beforeAll(async () => {
  server = await startFakeAnthropic({
    scenario: {
      tasks: { T1: { attempts: [{ turns: [{ text: 'Hello there, this is a streamed reply.', tools: [{ name: 'ls', input: { dir: '.' } }] }] }] } },
    },
  });
});
afterAll(() => server.close());

const body = { model: 'm', max_tokens: 50, messages: [{ role: 'user', content: 'Task: T1' }] };

function post(path: string, payload: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-key', 'anthropic-version': '2026-10-21', 'content-type': 'application/json', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

interface Frame {
  event: string | undefined;
  data: { type: string; [key: string]: unknown };
}

function frames(text: string): Frame[] {
  return text
    .split('\n\n')
    .filter((chunk) => chunk !== '')
    .map((chunk) => {
      const lines = chunk.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice('event: '.length);
      const data = lines.find((l) => l.startsWith('data: '))!.slice('data: '.length);
      return { event, data: JSON.parse(data) as Frame['data'] };
    });
}

async function expectError(res: Response, status: number, type: string): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(res.headers.get('request-id')).toMatch(/^req_fake_\d+$/);
  const json = (await res.json()) as { type: string; error: { type: string; message: string } };
  expect(json.type).toBe('error');
  expect(json.error.type).toBe(type);
  return json.error.message;
}

describe('fake Anthropic server over raw HTTP', () => {
  it('streams SSE frames that each name their event, in the API order', async () => {
    const res = await post('/v1/messages', { ...body, stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('request-id')).toMatch(/^req_fake_/);
    const all = frames(await res.text());
    expect(all.every((f) => f.event === f.data.type)).toBe(true);
    const names = all.map((f) => f.event);
    expect(names.slice(0, 3)).toEqual(['message_start', 'ping', 'content_block_start']);
    expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(names.filter((n) => n === 'content_block_start')).toHaveLength(2);
    expect(names.filter((n) => n === 'content_block_stop')).toHaveLength(2);
    const toolStart = all.filter((f) => f.event === 'content_block_start')[1]!.data;
    expect(toolStart.content_block).toMatchObject({ type: 'tool_use', name: 'ls', input: {} });
    const json = all
      .map((f) => f.data.delta as { type?: string; partial_json?: string } | undefined)
      .filter((d) => d?.type === 'input_json_delta')
      .map((d) => d!.partial_json);
    expect(json[0]).toBe('');
    expect(JSON.parse(json.join(''))).toEqual({ dir: '.' });
    expect(all.at(-2)!.data).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { output_tokens: expect.any(Number) } });
  });

  it('answers JSON with content-type and request-id, ignoring query strings and accepting x-api-key', async () => {
    const res = await post('/v1/messages?beta=true', body, { authorization: '', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('request-id')).toMatch(/^req_fake_/);
    expect(await res.json()).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'tool_use' });
  });

  it('401 without any key header', async () => {
    const res = await fetch(`${server.url}/v1/messages`, { method: 'POST', body: JSON.stringify(body) });
    await expectError(res, 401, 'authentication_error');
  });

  it('404 for unknown paths and methods', async () => {
    await expectError(await post('/v1/complete', body), 404, 'not_found_error');
    await expectError(await fetch(`${server.url}/v1/messages`), 404, 'not_found_error');
  });

  it('400 for malformed bodies, naming the field', async () => {
    expect(await expectError(await post('/v1/messages', '{not json'), 400, 'invalid_request_error')).toMatch(/not valid JSON/);
    const { max_tokens: _, ...noMax } = body;
    expect(await expectError(await post('/v1/messages', noMax), 400, 'invalid_request_error')).toBe('max_tokens: Field required');
    expect(await expectError(await post('/v1/messages', { ...body, messages: [{ role: 'bot', content: 'x' }] }), 400, 'invalid_request_error')).toBe(
      "messages.0.role: Input should be 'user' or 'assistant'",
    );
    expect(await expectError(await post('/v1/messages', { ...body, messages: [] }), 400, 'invalid_request_error')).toMatch(/^messages:/);
    expect(
      await expectError(await post('/v1/messages', { ...body, system: [{ type: 'text', text: 's', cache_control: { type: 'forever' } }] }), 400, 'invalid_request_error'),
    ).toMatch(/^system\.0\.cache_control/);
    expect(await expectError(await post('/v1/messages/count_tokens', { messages: body.messages }), 400, 'invalid_request_error')).toBe(
      'model: Field required',
    );
  });

  it('refuses sampling knobs on API version 2026-10-21 only', async () => {
    const message = await expectError(await post('/v1/messages', { ...body, temperature: 0 }), 400, 'invalid_request_error');
    expect(message).toMatch(/^temperature:/);
    expect((await post('/v1/messages', { ...body, temperature: 0 }, { 'anthropic-version': '2023-06-01' })).status).toBe(200);
  });

  it('sends retry-after-ms with 429 (1 by default, as given, or none for 0)', async () => {
    server.injectFault({ kind: '429', times: 1 });
    const first = await post('/v1/messages', body);
    await expectError(first, 429, 'rate_limit_error');
    expect(first.headers.get('retry-after-ms')).toBe('1');
    server.injectFault({ kind: '429', times: 1, retryAfterMs: 250 });
    expect((await post('/v1/messages', body)).headers.get('retry-after-ms')).toBe('250');
    server.injectFault({ kind: '429', times: 1, retryAfterMs: 0 });
    expect((await post('/v1/messages', body)).headers.has('retry-after-ms')).toBe(false);
    server.injectFault({ kind: '500', times: 1 });
    await expectError(await post('/v1/messages', body), 500, 'api_error');
  });

  it('ends a stream with an error event when asked', async () => {
    server.injectFault({ kind: 'error-event', times: 1 });
    const res = await post('/v1/messages', { ...body, stream: true });
    const all = frames(await res.text());
    expect(all[0]!.event).toBe('message_start');
    expect(all.at(-1)).toEqual({ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: expect.any(String) } } });
    expect(all.map((f) => f.event)).not.toContain('message_stop');
  });

  it('cuts the connection mid-block for a dropped stream', async () => {
    server.injectFault({ kind: 'drop', times: 1 });
    const res = await post('/v1/messages', { ...body, stream: true });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let received = '';
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        received += new TextDecoder().decode(value);
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(received).toContain('event: message_start');
    expect(received).toContain('event: content_block_delta');
    expect(received).not.toContain('event: content_block_stop');
  });
});

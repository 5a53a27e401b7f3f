import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from './scenario';
import { type FakeAnthropic, startFakeAnthropic } from './server';
import { UNSCRIPTED_TEXT } from './script';

const scenario: Scenario = {
  tasks: {
    'T1': {
      attempts: [
        {
          turns: [
            {
              text: 'Creating the file for ${taskId}.',
              tools: [{ name: 'create_file', input: { path: 'src/${taskId}.ts', content: 'export const x = "ü 🎉";\n' } }],
            },
            { text: 'Done with ${taskId} on turn ${turn}.' },
          ],
        },
        { turns: [{ text: 'Second attempt of ${taskId}.' }] },
      ],
    },
  },
  default: { attempts: [{ turns: [{ text: 'default reply', stop: 'refusal' }] }] },
};

const tools: Anthropic.Tool[] = [
  {
    name: 'create_file',
    description: 'Create a file',
    input_schema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } } },
  },
];

let server: FakeAnthropic | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(s: Scenario = scenario): Promise<{ server: FakeAnthropic; client: Anthropic }> {
  server = await startFakeAnthropic({ scenario: s });
  return { server, client: new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 }) };
}

const firstUser = (task: string, attempt?: number): Anthropic.MessageParam => ({
  role: 'user',
  content: `Task: ${task}\n${attempt ? `Attempt: ${attempt}\n` : ''}Do the thing.`,
});

describe('fake Anthropic server with the real SDK', () => {
  it('answers a JSON create with text and a tool call', async () => {
    const { client } = await start();
    const message = await client.messages.create({ model: 'claude-test', max_tokens: 1000, tools, messages: [firstUser('T1')] });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.model).toBe('claude-test');
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Creating the file for T1.' });
    const call = message.content[1];
    expect(call?.type).toBe('tool_use');
    if (call?.type !== 'tool_use') return;
    expect(call.name).toBe('create_file');
    expect(call.input).toEqual({ path: 'src/T1.ts', content: 'export const x = "ü 🎉";\n' });
    expect(message._request_id).toMatch(/^req_fake_/);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('picks the turn by counting assistant messages', async () => {
    const { client, server } = await start();
    const first = await client.messages.create({ model: 'm', max_tokens: 100, messages: [firstUser('T1')] });
    const call = first.content.find((b) => b.type === 'tool_use');
    expect(call).toBeDefined();
    const second = await client.messages.create({
      model: 'm',
      max_tokens: 100,
      messages: [
        firstUser('T1'),
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call!.type === 'tool_use' ? call!.id : '', content: 'ok' }] },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([{ type: 'text', text: 'Done with T1 on turn 1.', citations: null }]);
    expect(server.requests.map((r) => r.location)).toEqual([
      { task: 'T1', attempt: 1, turn: 0 },
      { task: 'T1', attempt: 1, turn: 1 },
    ]);
  });

  it('picks the attempt, reuses the last one past the end, and falls back to default and built-in replies', async () => {
    const { client } = await start();
    const text = async (messages: Anthropic.MessageParam[]): Promise<[string, string | null]> => {
      const m = await client.messages.create({ model: 'm', max_tokens: 100, messages });
      const block = m.content[0];
      return [block?.type === 'text' ? block.text : '', m.stop_reason];
    };
    expect(await text([firstUser('T1', 2)])).toEqual(['Second attempt of T1.', 'end_turn']);
    expect(await text([firstUser('T1', 5)])).toEqual(['Second attempt of T1.', 'end_turn']);
    expect(await text([firstUser('T9')])).toEqual(['default reply', 'refusal']);
    expect(await text([{ role: 'user', content: 'no task line here' }])).toEqual(['default reply', 'refusal']);
    // Turns past the script's end get the built-in reply rather than replaying a tool call forever.
    expect(
      await text([firstUser('T1', 2), { role: 'assistant', content: 'x' }, { role: 'user', content: 'more' }]),
    ).toEqual([UNSCRIPTED_TEXT, 'end_turn']);
  });

  it('answers with the built-in reply when there is no scenario at all', async () => {
    server = await startFakeAnthropic();
    const client = new Anthropic({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    const m = await client.messages.create({ model: 'm', max_tokens: 10, messages: [firstUser('T1')] });
    expect(m.content).toEqual([{ type: 'text', text: UNSCRIPTED_TEXT, citations: null }]);
    expect(m.stop_reason).toBe('end_turn');
  });

  it('streams text deltas and tool input through messages.stream()', async () => {
    const { client } = await start();
    const stream = client.messages.stream({ model: 'm', max_tokens: 100, tools, messages: [firstUser('T1')] });
    const texts: string[] = [];
    stream.on('text', (delta) => texts.push(delta));
    const final = await stream.finalMessage();
    expect(texts.join('')).toBe('Creating the file for T1.');
    expect(texts.length).toBeGreaterThan(1);
    expect(final.stop_reason).toBe('tool_use');
    const call = final.content[1];
    expect(call?.type === 'tool_use' && call.input).toEqual({ path: 'src/T1.ts', content: 'export const x = "ü 🎉";\n' });
    expect(final.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect(final.usage.input_tokens).toBeGreaterThan(0);
    expect(final.usage.output_tokens).toBeGreaterThan(1);
  });

  it('streams raw events through create({ stream: true }) with JSON pieces that join', async () => {
    const { client } = await start();
    const events = await client.messages.create({ model: 'm', max_tokens: 100, stream: true, messages: [firstUser('T1')] });
    const types: string[] = [];
    let text = '';
    let json = '';
    let startUsage: Anthropic.Usage | undefined;
    let stop: string | null | undefined;
    for await (const event of events) {
      types.push(event.type);
      if (event.type === 'message_start') {
        expect(event.message.content).toEqual([]);
        startUsage = event.message.usage;
      }
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') json += event.delta.partial_json;
      if (event.type === 'message_delta') stop = event.delta.stop_reason;
    }
    expect(types[0]).toBe('message_start');
    expect(types.at(-2)).toBe('message_delta');
    expect(types.at(-1)).toBe('message_stop');
    expect(types.filter((t) => t === 'input_json_delta' || t === 'content_block_delta').length).toBeGreaterThan(3);
    expect(text).toBe('Creating the file for T1.');
    expect(JSON.parse(json)).toEqual({ path: 'src/T1.ts', content: 'export const x = "ü 🎉";\n' });
    expect(stop).toBe('tool_use');
    expect(startUsage?.input_tokens).toBeGreaterThan(0);
  });

  it('gives the same message from JSON and from a stream', async () => {
    const { client } = await start();
    const params = { model: 'm', max_tokens: 100, tools, messages: [firstUser('T1')] };
    const json = await client.messages.create(params);
    const streamed = await client.messages.stream(params).finalMessage();
    const { id: _a, _request_id: _b, ...jsonRest } = json;
    // The SDK's stream helper adds `parsed_output` (structured outputs); the API sends none.
    const { id: _c, parsed_output: _e, ...streamRest } = streamed;
    expect(streamRest).toEqual(jsonRest);
  });

  it('counts tokens deterministically: ceil(chars / 4) per piece', async () => {
    const { client } = await start();
    const count = await client.messages.countTokens({
      model: 'm',
      system: 'x'.repeat(10),
      messages: [{ role: 'user', content: 'y'.repeat(9) }],
    });
    expect(count).toMatchObject({ input_tokens: 3 + 3 });
    const withTools = await client.messages.countTokens({ model: 'm', tools, messages: [{ role: 'user', content: 'y'.repeat(9) }] });
    expect(withTools.input_tokens).toBe(3 + Math.ceil(JSON.stringify(tools[0]).length / 4));
  });

  it('simulates prompt caching: written on the first sighting of a prefix, read afterwards', async () => {
    const { client } = await start();
    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 's'.repeat(400), cache_control: { type: 'ephemeral' } }];
    const ask = (content: string) =>
      client.messages.stream({ model: 'm', max_tokens: 10, system, messages: [{ role: 'user', content }] }).finalMessage();
    const first = await ask('a'.repeat(40));
    expect(first.usage).toMatchObject({ input_tokens: 10, cache_creation_input_tokens: 100, cache_read_input_tokens: 0 });
    expect(first.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 0 });
    const second = await ask('b'.repeat(80));
    expect(second.usage).toMatchObject({ input_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 100 });
    const otherModel = await client.messages.create({ model: 'other', max_tokens: 10, system, messages: [{ role: 'user', content: 'c' }] });
    expect(otherModel.usage).toMatchObject({ cache_creation_input_tokens: 100, cache_read_input_tokens: 0 });
  });

  it('logs requests with credentials redacted, whichever header carries them', async () => {
    const { client, server } = await start();
    await client.messages.create({ model: 'm', max_tokens: 10, messages: [firstUser('T1')] });
    const res = await fetch(`${server.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', max_tokens: 10, messages: [firstUser('T1')] }),
    });
    expect(res.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]!.headers.authorization).toBe('[REDACTED]');
    expect(server.requests[1]!.headers['x-api-key']).toBe('[REDACTED]');
    expect(server.requests[1]!.path).toBe('/v1/messages');
    expect(server.requests[0]!.body).toMatchObject({ model: 'm', max_tokens: 10 });
    expect(server.requests.every((r) => r.status === 200 && r.time > 0)).toBe(true);
    expect(JSON.stringify(server.requests)).not.toContain('test-key');
  });

  it('replaces the scenario at runtime', async () => {
    const { client, server } = await start();
    server.setScenario({ tasks: { T1: { attempts: [{ turns: [{ text: 'new script' }] }] } } });
    const m = await client.messages.create({ model: 'm', max_tokens: 10, messages: [firstUser('T1')] });
    expect(m.content[0]).toMatchObject({ text: 'new script' });
    expect(() => server.setScenario({ tasks: { T1: { attempts: [] } } })).toThrow(/tasks\.T1\.attempts: must not be empty/);
  });

  it('uses a custom task pattern', async () => {
    server = await startFakeAnthropic({ scenario, taskPattern: /<task id="([^"]+)">/ });
    const client = new Anthropic({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    const m = await client.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'Hi <task id="T1"> go' }] });
    expect(m.stop_reason).toBe('tool_use');
  });

  it('closes with a stream still open and leaves nothing listening', async () => {
    const { client, server } = await start({ tasks: { T1: { attempts: [{ turns: [{ text: 'slow', delayMs: 60_000 }] }] } } });
    const pending = client.messages.create({ model: 'm', max_tokens: 10, messages: [firstUser('T1')] });
    await expect.poll(() => server.requests.length).toBe(1);
    const url = server.url;
    await server.close();
    await expect(pending).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
    await expect(fetch(`${url}/v1/messages`, { method: 'POST' })).rejects.toThrow();
  });
});

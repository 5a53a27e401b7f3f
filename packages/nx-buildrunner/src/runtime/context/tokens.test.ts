import Anthropic from '@anthropic-ai/sdk';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { apiTokenCounter, countPromptTokens, estimateCounter, estimateTokens, type TokenCountingClient } from './tokens';

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

describe('token counting', () => {
  it('estimates 3.5 characters per token, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abc')).toBe(1);
    expect(estimateTokens('x'.repeat(7))).toBe(2);
    expect(estimateTokens('x'.repeat(8))).toBe(3);
  });

  it('asks the API through the real SDK and counts a prompt in one call', async () => {
    const seen: unknown[] = [];
    const server = createServer(async (req, res) => {
      seen.push({ url: req.url, body: await body(req) });
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_1' });
      res.end(JSON.stringify({ input_tokens: 42 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new Anthropic({ apiKey: 'test-key', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
      const counter = apiTokenCounter(client, 'claude-sonnet-4-6');
      expect(await counter.count('hello')).toBe(42);
      expect(await countPromptTokens({ system: 'rules', user: 'Task: a' }, counter)).toBe(42);
      expect(seen).toEqual([
        { url: '/v1/messages/count_tokens', body: { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hello' }] } },
        { url: '/v1/messages/count_tokens', body: { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Task: a' }], system: 'rules' } },
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('falls back to the estimate when the API cannot answer', async () => {
    const failing: TokenCountingClient = {
      messages: { countTokens: () => Promise.reject(new Error('connection refused')) },
    };
    const counter = apiTokenCounter(failing, 'm');
    expect(await counter.count('x'.repeat(35))).toBe(10);
    expect(await counter.countPrompt({ system: 'x'.repeat(7), user: 'x'.repeat(14) })).toBe(6);
    expect(await countPromptTokens({ system: 'x'.repeat(7), user: 'x'.repeat(14) }, estimateCounter)).toBe(6);
  });
});

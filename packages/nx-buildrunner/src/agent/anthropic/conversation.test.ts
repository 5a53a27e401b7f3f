import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { assistantTurn, toolCalls, turnParams } from './conversation';

const tool = (name: string) => ({ name, description: `${name} tool`, input_schema: { type: 'object' as const, properties: {}, required: [] } });
const EPHEMERAL = { type: 'ephemeral' };

function message(content: unknown[]): Anthropic.Message {
  return { id: 'm', type: 'message', role: 'assistant', model: 'x', content, stop_reason: 'max_tokens' } as unknown as Anthropic.Message;
}

describe('turnParams', () => {
  it('marks the last tool, the system block and the newest user message for caching, copying the rest', () => {
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'Task: T1' },
      { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'done' }] },
    ];
    const params = turnParams({ model: 'm', maxTokens: 100, system: 'S', tools: [tool('a'), tool('b')], messages });
    expect(params.tools?.map((t) => ('cache_control' in t ? t.cache_control : undefined))).toEqual([undefined, EPHEMERAL]);
    expect(params.system).toEqual([{ type: 'text', text: 'S', cache_control: EPHEMERAL }]);
    expect(params.messages[0]).toEqual({ role: 'user', content: 'Task: T1' });
    expect(params.messages[2]).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'done', cache_control: EPHEMERAL }] });
    // The conversation itself keeps no breakpoints, so older turns never pile them up.
    expect(messages[2]).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'done' }] });
  });
});

describe('tool calls from a reply', () => {
  it('survive input the SDK cannot parse (a call cut off mid-way)', () => {
    const cutOff = { type: 'tool_use', id: 't2', name: 'create_file' };
    Object.defineProperty(cutOff, 'input', {
      enumerable: true,
      get() {
        throw new SyntaxError('Unexpected end of JSON');
      },
    });
    const reply = message([{ type: 'tool_use', id: 't1', name: 'view_file', input: { path: 'a' } }, cutOff]);
    expect(toolCalls(reply)).toEqual([
      { id: 't1', name: 'view_file', input: { path: 'a' } },
      { id: 't2', name: 'create_file', input: undefined },
    ]);
    expect(JSON.parse(JSON.stringify(assistantTurn(reply)))).toEqual({
      role: 'assistant',
      content: [
        { type: 'tool_use', id: 't1', name: 'view_file', input: { path: 'a' } },
        { type: 'tool_use', id: 't2', name: 'create_file', input: {} },
      ],
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { TurnLocation } from './locate';
import { buildReply } from './reply';
import { breakPoint, formatSse, splitPieces, streamEvents } from './sse';

const location: TurnLocation = { task: 'T1', attempt: 1, turn: 0 };
const usage = {
  input_tokens: 5,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
};

describe('splitPieces', () => {
  it('splits by code point, never inside a surrogate pair, and joins back', () => {
    const text = '🎉🎉🎉ab';
    const pieces = splitPieces(text, 3);
    expect(pieces).toEqual(['🎉🎉', '🎉a', 'b']);
    expect(pieces.join('')).toBe(text);
    expect(splitPieces('', 3)).toEqual([]);
  });
});

describe('streamEvents', () => {
  const reply = buildReply(
    { text: 'x'.repeat(60), tools: [{ name: 'edit', input: { path: 'a', old: 'b', new: 'c' } }] },
    { id: 'msg_1', model: 'm', location, usage, stopSequences: undefined },
  );
  const events = streamEvents(reply);

  it('rebuilds the same content from its deltas', () => {
    const text = events.flatMap((e) => (e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? [e.delta.text] : []));
    expect(text.length).toBe(3);
    expect(text.join('')).toBe('x'.repeat(60));
    const json = events.flatMap((e) => (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' ? [e.delta.partial_json] : []));
    expect(json.length).toBe(4);
    expect(JSON.parse(json.join(''))).toEqual({ path: 'a', old: 'b', new: 'c' });
  });

  it('breaks after message_start and the first non-empty delta', () => {
    const cut = breakPoint(events);
    expect(events.slice(0, cut).map((e) => e.type)).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta']);
    const toolOnly = streamEvents(buildReply({ tools: [{ name: 't', input: { a: 1 } }] }, { id: 'msg_2', model: 'm', location, usage, stopSequences: undefined }));
    const toolCut = toolOnly.slice(0, breakPoint(toolOnly)).at(-1);
    expect(toolCut?.type === 'content_block_delta' && toolCut.delta.type === 'input_json_delta' && toolCut.delta.partial_json).not.toBe('');
  });

  it('formats frames with an event line', () => {
    expect(formatSse({ type: 'message_stop' })).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  });
});

describe('buildReply', () => {
  it('reports the stop reason, stop sequence and refusal details', () => {
    const context = { id: 'msg', model: 'm', location, usage, stopSequences: ['END'] };
    expect(buildReply({ text: 'a' }, context)).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null, stop_details: null });
    expect(buildReply({ text: 'a', stop: 'stop_sequence' }, context).stop_sequence).toBe('END');
    expect(buildReply({ text: 'no', stop: 'refusal' }, context).stop_details).toEqual({ type: 'refusal', category: null, explanation: null });
    expect(buildReply({}, context)).toMatchObject({ content: [], stop_reason: 'end_turn', usage: { output_tokens: 1 } });
    const tools = buildReply({ tools: [{ name: 'a', input: {} }, { name: 'b', input: {} }], stop: 'max_tokens' }, context);
    expect(tools.stop_reason).toBe('max_tokens');
    expect(tools.content.map((b) => b.type === 'tool_use' && b.id)).toEqual(['toolu_fake_a1t0_0', 'toolu_fake_a1t0_1']);
  });
});

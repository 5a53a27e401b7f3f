/**
 * A reply as the API streams it: message_start (empty content, input usage), per block a start,
 * several deltas and a stop, then message_delta (stop reason, final usage) and message_stop.
 * Every frame carries an `event:` line; the SDK drops frames without one.
 */
import type { ApiErrorBody } from './api-error';
import type { ContentBlock, Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';

export type SseEvent = RawMessageStreamEvent | { type: 'ping' };

/** Splits by code point so no piece ends inside a surrogate pair. */
export function splitPieces(text: string, count: number): string[] {
  const chars = Array.from(text);
  const size = Math.max(1, Math.ceil(chars.length / count));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces;
}

const TEXT_PIECE_CHARS = 24;

function blockEvents(block: ContentBlock, index: number): SseEvent[] {
  if (block.type === 'text') {
    const deltas = splitPieces(block.text, Math.ceil(block.text.length / TEXT_PIECE_CHARS));
    return [
      { type: 'content_block_start', index, content_block: { ...block, text: '' } },
      ...deltas.map((text): SseEvent => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } })),
      { type: 'content_block_stop', index },
    ];
  }
  if (block.type === 'tool_use') {
    // Like the API: the input starts empty and arrives as JSON fragments, the first one empty.
    const fragments = ['', ...splitPieces(JSON.stringify(block.input), 3)];
    return [
      { type: 'content_block_start', index, content_block: { ...block, input: {} } },
      ...fragments.map(
        (partial_json): SseEvent => ({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } }),
      ),
      { type: 'content_block_stop', index },
    ];
  }
  return [
    { type: 'content_block_start', index, content_block: block },
    { type: 'content_block_stop', index },
  ];
}

export function streamEvents(message: Message): SseEvent[] {
  const { usage } = message;
  return [
    {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, stop_sequence: null, stop_details: null, usage: { ...usage, output_tokens: 1 } },
    },
    { type: 'ping' },
    ...message.content.flatMap(blockEvents),
    {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence, stop_details: message.stop_details, container: null },
      usage: {
        output_tokens: usage.output_tokens,
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        server_tool_use: null,
        output_tokens_details: null,
      },
    },
    { type: 'message_stop' },
  ];
}

/** Where a broken stream breaks: after message_start and the first non-empty delta of the first block. */
export function breakPoint(events: readonly SseEvent[]): number {
  const firstDelta = events.findIndex(
    (e) =>
      e.type === 'content_block_delta' &&
      ((e.delta.type === 'text_delta' && e.delta.text !== '') ||
        (e.delta.type === 'input_json_delta' && e.delta.partial_json !== '')),
  );
  return firstDelta === -1 ? 1 : firstDelta + 1;
}

/** An `error` frame carries the same body as an HTTP error. */
export function formatSse(event: SseEvent | ApiErrorBody): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

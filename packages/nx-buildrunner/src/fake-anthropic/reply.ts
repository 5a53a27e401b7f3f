/** The assistant message a scripted turn becomes, shaped exactly like the API's. */
import type { ContentBlock, Message, StopReason } from '@anthropic-ai/sdk/resources/messages';
import type { TurnLocation } from './locate';
import type { InputUsage } from './prompt-cache';
import type { ScriptedTurn } from './scenario';
import { estimateTokens } from './tokens';

export interface ReplyContext {
  id: string;
  model: string;
  location: TurnLocation;
  usage: InputUsage;
  /** The request's stop sequences; the first is reported when a turn stops on one. */
  stopSequences: readonly string[] | undefined;
}

/** Ids derive from the place in the script, so a retried request gets the same ones. */
function toolUseId(location: TurnLocation, index: number): string {
  return `toolu_fake_a${location.attempt}t${location.turn}_${index}`;
}

export function replyContent(turn: ScriptedTurn, location: TurnLocation): ContentBlock[] {
  const content: ContentBlock[] = [];
  if (turn.text) content.push({ type: 'text', text: turn.text, citations: null });
  (turn.tools ?? []).forEach((tool, index) => {
    content.push({
      type: 'tool_use',
      id: toolUseId(location, index),
      name: tool.name,
      input: tool.input,
      caller: { type: 'direct' },
    });
  });
  return content;
}

export function stopReason(turn: ScriptedTurn): StopReason {
  return turn.stop ?? ((turn.tools ?? []).length > 0 ? 'tool_use' : 'end_turn');
}

/** Same rule as input: ceil(chars / 4) per block, text by its text, tool calls by their JSON. */
export function outputTokens(content: readonly ContentBlock[]): number {
  const total = content.reduce(
    (sum, block) => sum + estimateTokens(block.type === 'text' ? block.text : JSON.stringify(block)),
    0,
  );
  return Math.max(total, 1);
}

export function buildReply(turn: ScriptedTurn, context: ReplyContext): Message {
  const content = replyContent(turn, context.location);
  const stop = stopReason(turn);
  return {
    id: context.id,
    type: 'message',
    role: 'assistant',
    model: context.model,
    content,
    stop_reason: stop,
    stop_sequence: stop === 'stop_sequence' ? (context.stopSequences?.[0] ?? null) : null,
    stop_details: stop === 'refusal' ? { type: 'refusal', category: null, explanation: null } : null,
    container: null,
    diagnostics: null,
    usage: {
      ...context.usage,
      output_tokens: outputTokens(content),
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: 'standard',
      inference_geo: null,
      speed: null,
    },
  };
}

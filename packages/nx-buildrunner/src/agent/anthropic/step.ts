import type Anthropic from '@anthropic-ai/sdk';
import { redactValues } from '../secrets';
import type { Toolbox } from '../tools/toolbox';
import type { AgentEvent, AgentStatus } from '../types';
import { assistantTurn, type ToolCall, toolCalls } from './conversation';

/** What a reply leads to: the run ends, or these messages go on the conversation. */
export type Step = { kind: 'stop'; status: AgentStatus; error?: string } | { kind: 'continue'; append: Anthropic.MessageParam[] };

export interface StepContext {
  turn: number;
  maxTokens: number;
  toolbox: Toolbox;
  secrets: readonly string[];
  emit(event: AgentEvent): void;
}

const NOT_RUN_CUT_OFF =
  'Not run: your reply hit the output token limit while writing this call, so its input may be incomplete. ' +
  'Send it again; split large content into several smaller edits.';

/** Every stop reason the Messages API has, and what the loop does about it. */
export async function nextStep(message: Anthropic.Message, context: StepContext): Promise<Step> {
  switch (message.stop_reason) {
    case 'end_turn':
    case 'stop_sequence':
      return { kind: 'stop', status: 'done' };
    case 'refusal':
      return { kind: 'stop', status: 'refused', error: 'the model declined the task; none of the tool calls in its reply were run' };
    case 'model_context_window_exceeded':
      return { kind: 'stop', status: 'failed', error: `the conversation outgrew the model's context window after ${context.turn} turns` };
    case 'pause_turn':
      // The API paused a long turn; sending its content back lets it carry on.
      return { kind: 'continue', append: [assistantTurn(message)] };
    case 'tool_use': {
      const requested = toolCalls(message);
      if (requested.length === 0) return { kind: 'stop', status: 'done' };
      return { kind: 'continue', append: [assistantTurn(message), { role: 'user', content: await runTools(requested, undefined, context) }] };
    }
    case 'max_tokens': {
      if (message.content.length === 0) {
        return { kind: 'stop', status: 'limit', error: `the output token limit (${context.maxTokens}) is too small for the model to say anything` };
      }
      // Only the block being written when the limit hit can be incomplete: the last one.
      const last = message.content.at(-1);
      const cutOff = last?.type === 'tool_use' ? last.id : undefined;
      const results = await runTools(toolCalls(message), cutOff, context);
      const nudge = `Your reply was cut off at the output limit of ${context.maxTokens} tokens. Continue from where it stopped.`;
      return {
        kind: 'continue',
        append: [assistantTurn(message), { role: 'user', content: [...results, { type: 'text', text: nudge }] }],
      };
    }
    default:
      return { kind: 'stop', status: 'failed', error: `the API stopped for a reason this agent does not know: ${String(message.stop_reason)}` };
  }
}

/** Runs the calls in order (edits depend on each other); `cutOff` names a call left incomplete. */
async function runTools(
  requested: readonly ToolCall[],
  cutOff: string | undefined,
  { toolbox, secrets, emit }: StepContext,
): Promise<Anthropic.ToolResultBlockParam[]> {
  const results: Anthropic.ToolResultBlockParam[] = [];
  for (const call of requested) {
    if (call.id === cutOff) {
      results.push({ type: 'tool_result', tool_use_id: call.id, content: NOT_RUN_CUT_OFF, is_error: true });
      continue;
    }
    const outcome = await toolbox.run(call.name, call.input);
    emit({ type: 'tool', name: call.name, ...(outcome.path ? { path: outcome.path } : {}), ok: !outcome.isError });
    results.push({
      type: 'tool_result',
      tool_use_id: call.id,
      // Tool output goes to the API: a key a command printed must not travel with it. Only exact
      // values are hidden, so the file text the model copies into str_replace stays faithful.
      content: redactValues(outcome.output, secrets),
      ...(outcome.isError ? { is_error: true } : {}),
    });
  }
  return results;
}

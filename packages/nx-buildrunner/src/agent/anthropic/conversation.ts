import type Anthropic from '@anthropic-ai/sdk';
import type { TokenUsage } from '../cost';
import type { ToolDefinition } from '../tools/tool';

/**
 * The request for each turn. Three prompt-cache breakpoints: the tools, the system prompt (both
 * identical for every task of a run) and the end of the newest user message, so each turn reads
 * the whole conversation so far from the cache instead of paying for it again.
 */

const EPHEMERAL = { type: 'ephemeral' } as const;

export interface TurnRequest {
  model: string;
  maxTokens: number;
  system: string;
  tools: readonly ToolDefinition[];
  messages: readonly Anthropic.MessageParam[];
}

export function turnParams(request: TurnRequest): Anthropic.MessageCreateParamsNonStreaming {
  const tools: Anthropic.Tool[] = request.tools.map((tool, i) =>
    i === request.tools.length - 1 ? { ...tool, cache_control: EPHEMERAL } : { ...tool },
  );
  return {
    model: request.model,
    max_tokens: request.maxTokens,
    system: [{ type: 'text', text: request.system, cache_control: EPHEMERAL }],
    tools,
    messages: withCacheBreakpoint(request.messages),
  };
}

/** The messages with cache_control on the last block of the newest user message (a copy). */
function withCacheBreakpoint(messages: readonly Anthropic.MessageParam[]): Anthropic.MessageParam[] {
  const copy = [...messages];
  const index = copy.findLastIndex((message) => message.role === 'user');
  const message = copy[index];
  if (!message) return copy;
  const blocks: Anthropic.ContentBlockParam[] =
    typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : [...message.content];
  const last = blocks.at(-1);
  if (last && last.type !== 'thinking' && last.type !== 'redacted_thinking') {
    blocks[blocks.length - 1] = { ...last, cache_control: EPHEMERAL };
  }
  copy[index] = { role: 'user', content: blocks };
  return copy;
}

/** The assistant's reply as it goes back into the conversation. */
export function assistantTurn(message: Anthropic.Message): Anthropic.MessageParam {
  return {
    role: 'assistant',
    content: message.content.map((block): Anthropic.ContentBlockParam => {
      if (block.type !== 'tool_use') return block as Anthropic.ContentBlockParam;
      const input = toolInput(block);
      return { type: 'tool_use', id: block.id, name: block.name, input: isRecord(input) ? input : {}, ...(block.caller ? { caller: block.caller } : {}) };
    }),
  };
}

export function textOf(message: Anthropic.Message): string {
  return message.content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('\n')
    .trim();
}

export interface ToolCall {
  id: string;
  name: string;
  /** Undefined when the streamed JSON could not be read (a call cut off mid-way). */
  input: unknown;
}

export function toolCalls(message: Anthropic.Message): ToolCall[] {
  return message.content
    .filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')
    .map((block) => ({ id: block.id, name: block.name, input: toolInput(block) }));
}

/**
 * The SDK parses streamed tool input lazily, on first read, and a call the output limit cut off
 * may not parse at all: reading it must not take the loop down.
 */
function toolInput(block: Anthropic.ToolUseBlock): unknown {
  try {
    return block.input;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function tokensOf(message: Anthropic.Message): TokenUsage {
  return {
    inputTokens: message.usage.input_tokens,
    outputTokens: message.usage.output_tokens,
    cacheCreationInputTokens: message.usage.cache_creation_input_tokens ?? 0,
    cacheReadInputTokens: message.usage.cache_read_input_tokens ?? 0,
  };
}

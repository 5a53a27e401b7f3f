import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_PRICES, type PriceTable } from '../cost';
import { redact, secretValues } from '../secrets';
import { openToolbox, type Toolbox } from '../tools/toolbox';
import type { AgentBackend, AgentEvent, AgentRequest, AgentResult, AgentStatus, CallUsage } from '../types';
import { callUsage, totalCost } from '../usage';
import { streamCall } from './call';
import { assistantTurn, textOf, toolCalls, turnParams } from './conversation';
import { retryNotices } from './retry-notices';

export interface AnthropicBackendOptions {
  /** Default: ANTHROPIC_API_KEY (read by the SDK). Held by the SDK client only. */
  apiKey?: string;
  /** Default: ANTHROPIC_BASE_URL, else the public API. */
  baseURL?: string;
  model?: string;
  /** Retries of a failed request (429, 5xx, 529, connection errors) and of a broken stream. Default 4. */
  maxRetries?: number;
  /** Per HTTP request. Default 600000 (10 minutes). */
  timeoutMs?: number;
  prices?: PriceTable;
  /** First wait before resending a stream that broke mid-reply; doubles each time. Default 1000. */
  retryDelayMs?: number;
}

export const DEFAULT_MODEL = 'claude-sonnet-5-5';
export const DEFAULT_MAX_RETRIES = 4;
export const DEFAULT_TIMEOUT_MS = 600_000;
const DEFAULT_RETRY_DELAY_MS = 1_000;
/** The summary is for people reading results, not a transcript. */
const MAX_SUMMARY_CHARS = 4_000;

const NOT_RUN_CUT_OFF =
  'Not run: your reply hit the output token limit while writing this call, so its input may be incomplete. ' +
  'Send it again; split large content into several smaller edits.';

/**
 * Our own tool loop on the Messages API: the model asks for tools, we run them in the worktree
 * sandbox and answer, until it ends its turn or a limit stops it. Every stop reason is handled;
 * nothing is thrown: failures come back as a result with a clear error.
 */
export class AnthropicBackend implements AgentBackend {
  readonly name = 'anthropic';
  readonly model: string;
  private readonly client: Anthropic;
  private readonly maxRetries: number;
  private readonly prices: PriceTable;
  private readonly retryDelayMs: number;

  constructor(options: AnthropicBackendOptions = {}) {
    this.model = options.model ?? DEFAULT_MODEL;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.prices = options.prices ?? DEFAULT_PRICES;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.client = new Anthropic({
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
      maxRetries: this.maxRetries,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  async run(request: AgentRequest): Promise<AgentResult> {
    const secrets = secretValues(process.env, [this.client.apiKey ?? undefined]);
    const clean = (text: string) => redact(text, secrets);
    const emit = (event: AgentEvent) => request.onEvent?.(cleanEvent(event, clean));
    const calls: CallUsage[] = [];
    let summary = '';
    let toolbox: Toolbox | undefined;
    const finish = (status: AgentStatus, error?: string): AgentResult => ({
      status,
      summary: clean(summary).slice(0, MAX_SUMMARY_CHARS),
      calls,
      filesWritten: toolbox?.filesWritten() ?? [],
      ...(error === undefined ? {} : { error: clean(error) }),
    });

    try {
      toolbox = await openToolbox({
        worktree: request.worktree,
        commandTimeoutMs: request.limits.commandTimeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (error) {
      return finish('failed', `cannot open the worktree ${request.worktree}: ${(error as Error).message}`);
    }
    const client = this.client.withOptions({
      middleware: [retryNotices(this.maxRetries, (reason) => emit({ type: 'retry', reason }))],
    });
    const { limits } = request;
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: request.prompt.user }];

    for (let turn = 1; ; turn++) {
      if (request.signal?.aborted) return finish('failed', 'aborted');
      if (turn > limits.maxTurns) return finish('limit', `stopped at the turn limit (${limits.maxTurns} model calls)`);
      const spent = totalCost(calls);
      if (spent >= limits.maxCostUsd) {
        return finish('limit', `stopped at the cost limit: spent $${spent.toFixed(4)} of $${limits.maxCostUsd}`);
      }
      emit({ type: 'turn', turn });
      const params = turnParams({
        model: this.model,
        maxTokens: limits.maxTokens,
        system: request.prompt.system,
        tools: toolbox.definitions,
        messages,
      });
      const outcome = await streamCall(client, params, {
        ...(request.signal ? { signal: request.signal } : {}),
        streamRetries: this.maxRetries,
        retryDelayMs: this.retryDelayMs,
        onRetry: (reason) => emit({ type: 'retry', reason }),
      });
      if (!outcome.ok) {
        return finish('failed', outcome.aborted ? 'aborted' : `Anthropic API call failed: ${outcome.error}`);
      }
      const { message } = outcome;
      calls.push(
        callUsage(
          {
            model: message.model || this.model,
            tokens: {
              inputTokens: message.usage.input_tokens,
              outputTokens: message.usage.output_tokens,
              cacheCreationInputTokens: message.usage.cache_creation_input_tokens ?? 0,
              cacheReadInputTokens: message.usage.cache_read_input_tokens ?? 0,
            },
            durationMs: outcome.durationMs,
            ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
          },
          this.prices,
        ),
      );
      const text = textOf(message);
      if (text) {
        summary = text;
        emit({ type: 'text', text });
      }

      switch (message.stop_reason) {
        case 'end_turn':
        case 'stop_sequence':
          return finish('done');
        case 'refusal':
          return finish('refused', 'the model declined the task; none of the tool calls in its reply were run');
        case 'model_context_window_exceeded':
          return finish('failed', `the conversation outgrew the model's context window after ${turn} turns`);
        case 'pause_turn':
          // The API paused a long turn; sending its content back lets it carry on.
          messages.push(assistantTurn(message));
          break;
        case 'tool_use': {
          const requested = toolCalls(message);
          if (requested.length === 0) return finish('done');
          messages.push(assistantTurn(message));
          messages.push({ role: 'user', content: await runTools(toolbox, requested, undefined, clean, emit) });
          break;
        }
        case 'max_tokens': {
          if (message.content.length === 0) {
            return finish('limit', `the output token limit (${limits.maxTokens}) is too small for the model to say anything`);
          }
          const last = message.content.at(-1);
          const cutOff = last?.type === 'tool_use' ? last.id : undefined;
          messages.push(assistantTurn(message));
          const results = await runTools(toolbox, toolCalls(message), cutOff, clean, emit);
          messages.push({
            role: 'user',
            content: [
              ...results,
              {
                type: 'text',
                text: `Your reply was cut off at the output limit of ${limits.maxTokens} tokens. Continue from where it stopped.`,
              },
            ],
          });
          break;
        }
        default:
          return finish('failed', `the API stopped for a reason this agent does not know: ${String(message.stop_reason)}`);
      }
      if (request.signal?.aborted) return finish('failed', 'aborted');
    }
  }
}

/** Runs the calls in order (edits depend on each other); `cutOff` names a call left incomplete. */
async function runTools(
  toolbox: Toolbox,
  requested: readonly Anthropic.ToolUseBlock[],
  cutOff: string | undefined,
  clean: (text: string) => string,
  emit: (event: AgentEvent) => void,
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
      // Tool output goes to the API: a key a command printed must not travel with it.
      content: clean(outcome.output),
      ...(outcome.isError ? { is_error: true } : {}),
    });
  }
  return results;
}

function cleanEvent(event: AgentEvent, clean: (text: string) => string): AgentEvent {
  switch (event.type) {
    case 'text':
      return { type: 'text', text: clean(event.text) };
    case 'retry':
      return { type: 'retry', reason: clean(event.reason) };
    default:
      return event;
  }
}

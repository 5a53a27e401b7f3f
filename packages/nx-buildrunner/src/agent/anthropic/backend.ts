import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_PRICES, type PriceTable } from '../cost';
import { scrubEvent, scrubForRecord, secretValues } from '../secrets';
import { openToolbox, type Toolbox } from '../tools/toolbox';
import type { AgentBackend, AgentEvent, AgentRequest, AgentResult, AgentStatus, CallUsage } from '../types';
import { callUsage, totalCost } from '../usage';
import { streamCall } from './call';
import { textOf, tokensOf, turnParams } from './conversation';
import { retryNotices } from './retry-notices';
import { nextStep } from './step';

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
const DEFAULT_MAX_RETRIES = 4;
const DEFAULT_TIMEOUT_MS = 600_000;
const DEFAULT_RETRY_DELAY_MS = 1_000;
/** The summary is for people reading results, not a transcript. */
const MAX_SUMMARY_CHARS = 4_000;

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
    const secrets = secretValues(process.env, [this.client.apiKey]);
    const clean = (text: string) => scrubForRecord(text, secrets);
    const emit = (event: AgentEvent) => request.onEvent?.(scrubEvent(event, secrets));
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
            tokens: tokensOf(message),
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

      const step = await nextStep(message, { turn, maxTokens: limits.maxTokens, toolbox, secrets, emit });
      if (step.kind === 'stop') return finish(step.status, step.error);
      messages.push(...step.append);
      if (request.signal?.aborted) return finish('failed', 'aborted');
    }
  }
}

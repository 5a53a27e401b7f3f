import type Anthropic from '@anthropic-ai/sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeError, isAbort, isBrokenStream } from './errors';

export type CallOutcome =
  | { ok: true; message: Anthropic.Message; requestId?: string; durationMs: number }
  | { ok: false; aborted: boolean; error: string };

export interface CallOptions {
  signal?: AbortSignal;
  /** How many times a stream that broke mid-reply is sent again. */
  streamRetries: number;
  /** First wait before sending a broken stream again; doubles each time. */
  retryDelayMs: number;
  onRetry(reason: string): void;
}

/**
 * One model call, streamed (long outputs need no special timeout that way). Requests that fail
 * before the reply starts are retried by the SDK; a reply that breaks off is retried here.
 * Never throws: every failure comes back described.
 */
export async function streamCall(
  client: Anthropic,
  params: Anthropic.MessageCreateParamsNonStreaming,
  options: CallOptions,
): Promise<CallOutcome> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    let stream: ReturnType<Anthropic['messages']['stream']> | undefined;
    try {
      stream = client.messages.stream(params, options.signal ? { signal: options.signal } : {});
      const message = await stream.finalMessage();
      const requestId = stream.request_id ?? undefined;
      return { ok: true, message, ...(requestId ? { requestId } : {}), durationMs: Date.now() - started };
    } catch (error) {
      if (isAbort(error) || options.signal?.aborted) return { ok: false, aborted: true, error: 'aborted' };
      const description = describeError(error, stream?.request_id);
      if (!isBrokenStream(error) || attempt >= options.streamRetries) {
        const tries = attempt > 0 ? ` (after ${attempt + 1} tries of a broken stream)` : '';
        return { ok: false, aborted: false, error: `${description}${tries}` };
      }
      options.onRetry(`stream broke off: ${description}`);
      try {
        await sleep(options.retryDelayMs * 2 ** attempt, undefined, options.signal ? { signal: options.signal } : {});
      } catch {
        return { ok: false, aborted: true, error: 'aborted' };
      }
    }
  }
}

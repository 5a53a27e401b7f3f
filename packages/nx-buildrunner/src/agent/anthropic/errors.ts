import { AnthropicError, APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';

/**
 * Turning what the SDK throws into one line a user can act on, and deciding which failures are
 * worth another try on our side. The SDK already retries failed requests (429, 5xx, 529,
 * connection errors) before a stream starts; what it cannot retry is a stream that breaks after
 * the reply began, or an error event inside the stream.
 */

/** Error types an `error` event inside a stream may carry that are worth sending again. */
const TRANSIENT_TYPES = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error']);

export function isAbort(error: unknown): boolean {
  return error instanceof APIUserAbortError || (error instanceof Error && error.name === 'AbortError');
}

/** A stream that broke after the reply began: the SDK does not retry these. */
export function isBrokenStream(error: unknown): boolean {
  if (isAbort(error) || error instanceof APIConnectionError) return false;
  if (error instanceof APIError) return error.status === undefined && TRANSIENT_TYPES.has(error.type ?? '');
  // A plain AnthropicError: the connection dropped mid-stream or ended before message_stop.
  return error instanceof AnthropicError;
}

export function describeError(error: unknown, requestId: string | null | undefined): string {
  const id = (error instanceof APIError ? error.requestID : undefined) ?? requestId;
  const request = id ? ` (request ${id})` : '';
  if (error instanceof APIError) {
    const name = error.constructor.name;
    const status = error.status === undefined ? 'in the stream' : `HTTP ${error.status}`;
    const type = error.type ? ` ${error.type}` : '';
    const detail = error.apiMessage ?? error.message;
    return `${name} (${status}${type}): ${detail}${request}`;
  }
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}${request}`;
  return `${String(error)}${request}`;
}

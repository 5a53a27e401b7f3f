import type { Middleware } from '@anthropic-ai/sdk';

/**
 * Tells the journal when the SDK is about to retry a request (a 429, a 529, a dropped
 * connection), which it otherwise does silently. Runs once per HTTP attempt; the SDK numbers
 * attempts in the x-stainless-retry-count header, so the last attempt is not reported as a retry.
 */
export function retryNotices(maxRetries: number, notify: (reason: string) => void): Middleware {
  return async (request, next) => {
    const retriesSoFar = Number(request.headers.get('x-stainless-retry-count') ?? '0');
    const willRetry = retriesSoFar < maxRetries;
    try {
      const response = await next(request);
      if (willRetry && shouldRetry(response)) {
        const id = response.headers.get('request-id');
        notify(`HTTP ${response.status}${id ? ` (request ${id})` : ''}; retry ${retriesSoFar + 1} of ${maxRetries}`);
      }
      return response;
    } catch (error) {
      if (willRetry && !request.signal?.aborted) {
        notify(`connection failed (${error instanceof Error ? error.message : String(error)}); retry ${retriesSoFar + 1} of ${maxRetries}`);
      }
      throw error;
    }
  };
}

/** The SDK's own rule: the server may say, else 408, 409, 429 and 5xx are retried. */
function shouldRetry(response: Response): boolean {
  const header = response.headers.get('x-should-retry');
  if (header === 'true') return true;
  if (header === 'false') return false;
  return response.status === 408 || response.status === 409 || response.status === 429 || response.status >= 500;
}

import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_MODEL } from '../../agent/anthropic/backend';
import type { AgentOptions } from '../../agent/options';
import { apiTokenCounter, type PromptTokenCounter } from '../../runtime/context/tokens';

/** Counting is advisory: a slow answer is not worth waiting for. */
const COUNT_TIMEOUT_MS = 10_000;

/**
 * The API's own token counter for the agent that talks to the API (the record then holds exact
 * prompt sizes); other agents get the documented estimate (undefined here).
 */
export function promptTokenCounter(options: AgentOptions): PromptTokenCounter | undefined {
  if (options.kind !== 'anthropic') return undefined;
  const client = new Anthropic({
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    maxRetries: 1,
    timeout: COUNT_TIMEOUT_MS,
  });
  return apiTokenCounter(client, options.model ?? DEFAULT_MODEL);
}

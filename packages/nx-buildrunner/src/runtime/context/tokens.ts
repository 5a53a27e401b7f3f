import type { Prompt } from '../../agent/types';

export interface TokenCounter {
  count(text: string): Promise<number> | number;
}

/**
 * Characters per token for the estimate. Claude's tokenizer averages about 3.5 characters per
 * token on English text and a little less on source code, whose punctuation and identifiers
 * split finely; 3.5 lands within ~15% on both and errs towards overcounting prose, which keeps a
 * budget on the safe side. Selection runs on this estimate (no network, no waiting); the API's
 * counter can confirm the finished prompt.
 */
export const CHARS_PER_TOKEN = 3.5;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export const estimateCounter: TokenCounter = { count: estimateTokens };

/** The slice of the Anthropic client the counter needs, so tests and other SDK versions fit. */
export interface TokenCountingClient {
  messages: {
    countTokens(params: {
      model: string;
      system?: string;
      messages: { role: 'user'; content: string }[];
    }): PromiseLike<{ input_tokens: number }>;
  };
}

export interface PromptTokenCounter extends TokenCounter {
  countPrompt(prompt: Prompt): Promise<number>;
}

/**
 * `client.messages.countTokens`, counting a text as one user message (so a few tokens of message
 * framing are included). Counting is advisory: when the API cannot answer, the fallback does.
 */
export function apiTokenCounter(
  client: TokenCountingClient,
  model: string,
  fallback: TokenCounter = estimateCounter,
): PromptTokenCounter {
  const ask = async (system: string | undefined, user: string, offline: () => Promise<number> | number) => {
    try {
      const params = { model, messages: [{ role: 'user' as const, content: user }] };
      const answer = await client.messages.countTokens(system === undefined ? params : { ...params, system });
      return answer.input_tokens;
    } catch {
      return offline();
    }
  };
  return {
    count: (text) => ask(undefined, text, () => fallback.count(text)),
    countPrompt: (prompt) =>
      ask(prompt.system, prompt.user, async () => (await fallback.count(prompt.system)) + (await fallback.count(prompt.user))),
  };
}

function countsPrompts(counter: TokenCounter): counter is PromptTokenCounter {
  return typeof (counter as Partial<PromptTokenCounter>).countPrompt === 'function';
}

/** Tokens of a whole prompt: one API call when the counter can take a prompt, else both parts. */
export async function countPromptTokens(prompt: Prompt, counter: TokenCounter): Promise<number> {
  if (countsPrompts(counter)) return counter.countPrompt(prompt);
  return (await counter.count(prompt.system)) + (await counter.count(prompt.user));
}

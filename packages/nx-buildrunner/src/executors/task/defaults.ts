import type { AgentLimits } from '../../agent/types';

/**
 * The executor's defaults in one place; schema.json repeats them for `nx` help and docs/runtime.md
 * explains them.
 */

/** Further attempts after a failed verification. */
export const DEFAULT_RETRIES = 2;

/**
 * Per task. Tokens per call leave room for a whole new file; the cost cap is what one task of
 * 60-120 minutes of human work should never exceed on any current model.
 */
export const DEFAULT_LIMITS: AgentLimits = {
  maxTurns: 40,
  maxTokens: 16_000,
  maxCostUsd: 5,
  commandTimeoutMs: 5 * 60_000,
};

/** What the next attempt's prompt shows of a failed verification (about 2,300 tokens at most). */
export const FEEDBACK_CHARS = 8_000;

export function agentLimits(given: Partial<AgentLimits> = {}): AgentLimits {
  return {
    maxTurns: given.maxTurns ?? DEFAULT_LIMITS.maxTurns,
    maxTokens: given.maxTokens ?? DEFAULT_LIMITS.maxTokens,
    maxCostUsd: given.maxCostUsd ?? DEFAULT_LIMITS.maxCostUsd,
    commandTimeoutMs: given.commandTimeoutMs ?? DEFAULT_LIMITS.commandTimeoutMs,
  };
}

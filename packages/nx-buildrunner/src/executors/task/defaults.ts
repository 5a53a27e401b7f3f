import type { AgentLimits } from '../../agent/types';
import schema from './schema.json';

/**
 * The executor's defaults live in its schema, so `nx run`, `runTask` called directly and the
 * schema's help text agree (and importing it is what puts schema.json into dist).
 */

const { verification, limits } = schema.properties;

/** Further attempts after a failed verification. */
export const DEFAULT_RETRIES: number = verification.properties.retries.default;

/**
 * Per task. Tokens per call leave room for a whole new file; the cost cap is what one task of
 * 60-120 minutes of human work should never exceed on any current model.
 */
export const DEFAULT_LIMITS: AgentLimits = {
  maxTurns: limits.properties.maxTurns.default,
  maxTokens: limits.properties.maxTokens.default,
  maxCostUsd: limits.properties.maxCostUsd.default,
  commandTimeoutMs: limits.properties.commandTimeoutMs.default,
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

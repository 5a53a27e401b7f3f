import { costOf, DEFAULT_PRICES, type PriceTable, type TokenUsage } from './cost';
import type { CallUsage } from './types';

export interface MeasuredCall {
  model: string;
  tokens: TokenUsage;
  durationMs: number;
  requestId?: string;
  /** A cost the backend reported itself (the claude CLI does); else the price table decides. */
  reportedCostUsd?: number;
}

export function callUsage(call: MeasuredCall, prices: PriceTable = DEFAULT_PRICES): CallUsage {
  const cost =
    call.reportedCostUsd === undefined ? costOf(call.tokens, call.model, prices) : { usd: call.reportedCostUsd, priced: true };
  return {
    model: call.model,
    ...call.tokens,
    costUsd: cost.usd,
    priced: cost.priced,
    durationMs: call.durationMs,
    ...(call.requestId ? { requestId: call.requestId } : {}),
  };
}

export function totalCost(calls: readonly CallUsage[]): number {
  return calls.reduce((sum, call) => sum + call.costUsd, 0);
}


import type { TokenTotals } from '../journal/types';
import { TASK_STATES, type TaskState, type TaskStateName } from './types';

export interface Totals {
  tasks: number;
  byState: Record<TaskStateName, number>;
  /** Sum of the tasks' own times (not wall time: parallel tasks overlap). */
  durationMs: number;
  tokens: TokenTotals;
  costUsd: number;
}

export function allTokens(t: TokenTotals): number {
  return t.input + t.output + t.cacheRead + t.cacheWrite;
}

export function totals(states: readonly TaskState[]): Totals {
  const byState = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskStateName, number>;
  const tokens: TokenTotals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  let durationMs = 0;
  let costUsd = 0;
  for (const s of states) {
    byState[s.state]++;
    durationMs += s.durationMs;
    costUsd += s.costUsd;
    tokens.input += s.tokens.input;
    tokens.output += s.tokens.output;
    tokens.cacheRead += s.tokens.cacheRead;
    tokens.cacheWrite += s.tokens.cacheWrite;
  }
  return { tasks: states.length, byState, durationMs, tokens, costUsd: Math.round(costUsd * 1e6) / 1e6 };
}

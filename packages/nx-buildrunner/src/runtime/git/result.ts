import { describeFailure, type GitOutput } from './exec';

/**
 * Every git operation of the runtime returns its outcome as a value: `ok: true` with what it
 * produced, or `ok: false` with a message a user can act on. Throwing is kept for programmer
 * errors (an invalid argument the caller should have checked).
 */
export interface GitFailure {
  ok: false;
  reason: 'git';
  message: string;
}

export function gitFailure(what: string, out: GitOutput): GitFailure {
  return { ok: false, reason: 'git', message: `${what}: ${describeFailure(out)}` };
}

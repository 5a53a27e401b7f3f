/**
 * Faults waiting to happen. Each request takes the first fault whose match fits it; `times`
 * counts those takings, so "fail twice, then succeed" holds across the SDK's own retries.
 */
import type { TurnLocation } from './locate';
import type { Fault, FaultEndpoint } from './scenario';

export interface FaultTarget extends TurnLocation {
  endpoint: FaultEndpoint;
}

interface Armed {
  fault: Fault;
  /** Undefined: never runs out. */
  remaining: number | undefined;
}

export function faultMatches(fault: Fault, target: FaultTarget): boolean {
  const match = fault.match ?? {};
  return (
    (match.endpoint ?? 'messages') === target.endpoint &&
    (match.task === undefined || match.task === target.task) &&
    (match.attempt === undefined || match.attempt === target.attempt) &&
    (match.turn === undefined || match.turn === target.turn)
  );
}

export class FaultQueue {
  private armed: Armed[] = [];

  add(fault: Fault): void {
    this.armed.push({ fault, remaining: fault.times });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault for this request, consuming one of its times; undefined when none applies. */
  take(target: FaultTarget): Fault | undefined {
    const entry = this.armed.find((a) => (a.remaining === undefined || a.remaining > 0) && faultMatches(a.fault, target));
    if (!entry) return undefined;
    if (entry.remaining !== undefined) entry.remaining -= 1;
    return entry.fault;
  }
}

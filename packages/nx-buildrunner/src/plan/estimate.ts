import type { Component } from '../spec/types';
import type { EstimateMinutes } from './types';

/**
 * Minutes of agent work per item of a feature when its spec gives no `Duration`. Calibrated so a
 * typical feature (three to five requirements, a few files) lands at 90 to 120 minutes.
 */
export const WORK = { feature: 15, requirement: 12, criterion: 6, create: 12, update: 8 } as const;

export const MAX_TASK_MINUTES = 120;

export function componentWork(component: Component): number {
  return component.action === 'create' ? WORK.create : component.action === 'update' ? WORK.update : 0;
}

/** The nearest allowed estimate: tasks are 60, 90 or 120 minutes, however little or much. */
export function estimateOf(minutes: number): EstimateMinutes {
  if (minutes < 75) return 60;
  if (minutes < 105) return 90;
  return 120;
}

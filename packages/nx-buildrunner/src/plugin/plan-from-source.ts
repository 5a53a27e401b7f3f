import { planSpec } from '../plan';
import type { Plan, PlanOptions } from '../plan/types';
import { parseSpec } from '../spec';

/**
 * Spec bytes to plan. It pulls in the Markdown parser and the planner, so the plugin loads this
 * module only when its plan cache misses (see `create-nodes.ts`).
 */
export function planFromSource(source: Uint8Array, spec: string, options: PlanOptions): Plan {
  return planSpec(parseSpec(source, spec), options);
}

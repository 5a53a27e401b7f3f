import { planSpec } from '../plan';
import type { Plan, PlanOptions } from '../plan/types';
import { parseSpecInThreads } from '../spec/parse-in-threads';

/**
 * Spec bytes to plan. It pulls in the spec reader and the planner, so the plugin loads this
 * module only when its plan cache misses (see `create-nodes.ts`).
 */
export async function planFromSource(source: Uint8Array, spec: string, options: PlanOptions): Promise<Plan> {
  return planSpec(await parseSpecInThreads(source, spec), options);
}

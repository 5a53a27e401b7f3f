import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan, PlanOptions } from '../plan/types';
import type { PlanCache } from './plan-cache';
import { PACKAGE_VERSION } from './version';

/**
 * Spec bytes to plan: pure, swappable in tests to count how often planning really happens. It may
 * answer later, so that the real one can load the parser and planner on first use.
 */
export type Planner = (source: Uint8Array, spec: string, options: PlanOptions) => Plan | Promise<Plan>;

const sha256 = (...parts: Array<string | Buffer>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/**
 * The plan of one spec (workspace-relative path), from the cache when the spec's bytes, the
 * planning options and the plugin version are those it was made from. Plans with errors are
 * cached too: a broken spec is not parsed again until it changes.
 */
export async function loadPlan(
  workspaceRoot: string,
  spec: string,
  options: PlanOptions,
  cache: PlanCache,
  planner: Planner,
): Promise<Plan> {
  const bytes = readFileSync(join(workspaceRoot, spec));
  // The plugin builds `options` itself, always with the same key order.
  const optionsJson = JSON.stringify(options);
  const slot = sha256(spec, optionsJson).slice(0, 32);
  const key = sha256(PACKAGE_VERSION, optionsJson, bytes);
  const cached = cache.get(slot, key);
  if (cached) return cached;
  const plan = await planner(bytes, spec, options);
  cache.set(slot, key, plan);
  return plan;
}

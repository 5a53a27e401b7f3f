import type { Spec } from '../../spec/types';
import type { Complexity, Plan } from '../types';

const SHARE: Record<Complexity, number> = { simple: 2, medium: 3, complex: 6, critical: 6 };

/**
 * Everything the batch rules promise, checked the slow, obvious way (ancestor sets per task) so
 * the fast batcher is measured against an independent reading of the rules.
 */
export function batchViolations(plan: Plan): string[] {
  const problems: string[] = [];
  const task = new Map(plan.tasks.map((t) => [t.id, t]));
  const batchOf = new Map<string, number>();
  plan.batches.forEach((batch, b) => {
    for (const id of batch.tasks) {
      if (batchOf.has(id)) problems.push(`${id} is in two batches`);
      batchOf.set(id, b);
    }
  });
  const planned = new Set(plan.graph.levels.flat());
  for (const id of planned) if (!batchOf.has(id)) problems.push(`${id} is in a level but in no batch`);
  for (const id of batchOf.keys()) if (!planned.has(id)) problems.push(`${id} is batched but in no level`);

  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (id: string): Set<string> => {
    const known = ancestors.get(id);
    if (known !== undefined) return known;
    const seen = new Set<string>();
    const stack = [...(task.get(id)?.dependsOn ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(task.get(next)?.dependsOn ?? []));
    }
    ancestors.set(id, seen);
    return seen;
  };

  plan.batches.forEach((batch, b) => {
    const members = batch.tasks.map((id) => task.get(id));
    if (members.some((m) => m === undefined)) problems.push(`${batch.id} names an unknown task`);
    const tasks = members.filter((m) => m !== undefined);
    if (tasks.length === 0) problems.push(`${batch.id} is empty`);
    if (batch.id !== `b${String(b + 1).padStart(2, '0')}`) problems.push(`batch ${b + 1} has id ${batch.id}`);
    if (tasks.some((t) => t.domain !== batch.domain)) problems.push(`${batch.id} mixes domains`);
    const share = tasks.reduce((sum, t) => sum + SHARE[t.complexity], 0);
    if (share > 6) problems.push(`${batch.id} is over capacity (${tasks.map((t) => t.complexity).join(', ')})`);
    const minutes = tasks.reduce((sum, t) => sum + t.estimateMinutes, 0);
    if (minutes !== batch.minutes) problems.push(`${batch.id} says ${batch.minutes} minutes, holds ${minutes}`);
    if (minutes > 240) problems.push(`${batch.id} holds ${minutes} minutes`);
    for (const t of tasks) {
      for (const other of tasks) {
        if (ancestorsOf(t.id).has(other.id)) problems.push(`${batch.id}: ${t.id} depends on ${other.id}`);
      }
      for (const dep of t.dependsOn) {
        const at = batchOf.get(dep);
        if (at === undefined || at >= b) problems.push(`${batch.id}: ${t.id} runs before its dependency ${dep}`);
      }
    }
  });
  return problems;
}

/** Requirements and criteria of the spec that no task of their feature covers. */
export function uncovered(spec: Spec, plan: Plan): string[] {
  const missing: string[] = [];
  for (const feature of spec.features) {
    const tasks = plan.tasks.filter((t) => t.featureId === feature.id);
    const requirements = new Set(tasks.flatMap((t) => t.requirements));
    const criteria = new Set(tasks.flatMap((t) => t.acceptance));
    for (const r of feature.requirements) if (!requirements.has(r.id)) missing.push(`${feature.id}: requirement ${r.id}`);
    for (const a of feature.acceptance) if (!criteria.has(a.text)) missing.push(`${feature.id}: criterion "${a.text}"`);
  }
  return missing;
}

import { type Diagnostic, error } from '../spec/diagnostic';
import type { Feature } from '../spec/types';
import type { DraftTask } from './decompose';

/** A feature's finishing tasks: those no other task of the same feature waits for. */
function sinks(tasks: readonly DraftTask[]): string[] {
  const awaited = new Set(tasks.flatMap((t) => t.dependsOn));
  return tasks.filter((t) => !awaited.has(t.id)).map((t) => t.id);
}

function referenceLine(feature: Feature, dependency: string): number {
  return feature.dependencyRefs.find((ref) => ref.resolved.includes(dependency))?.line ?? feature.line;
}

/**
 * Every task of a feature waits for the finishing tasks of each feature it depends on, so each
 * task's own dependencies say what it may build on. `tasksByFeature[i]` are `features[i]`'s tasks.
 */
export function linkFeatures(
  features: readonly Feature[],
  tasksByFeature: readonly DraftTask[][],
): { tasks: DraftTask[]; diagnostics: Diagnostic[] } {
  const finishing = new Map<string, string[]>();
  features.forEach((feature, i) => {
    if (!finishing.has(feature.id)) finishing.set(feature.id, sinks(tasksByFeature[i] ?? []));
  });
  const diagnostics: Diagnostic[] = [];
  const tasks = features.flatMap((feature, i) => {
    const upstream: string[] = [];
    for (const dependency of feature.dependsOn) {
      const ids = finishing.get(dependency);
      if (ids !== undefined) upstream.push(...ids);
      else {
        const message = `feature "${feature.id}" depends on unknown feature "${dependency}"`;
        diagnostics.push(error(message, referenceLine(feature, dependency)));
      }
    }
    return (tasksByFeature[i] ?? []).map((task) => ({
      ...task,
      dependsOn: [...new Set([...upstream, ...task.dependsOn])],
    }));
  });
  return { tasks, diagnostics };
}

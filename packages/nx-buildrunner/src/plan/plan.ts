import type { Diagnostic } from '../spec/diagnostic';
import type { Spec } from '../spec/types';
import { batchTasks } from './batch';
import { type DraftTask, decomposeFeature } from './decompose';
import { dependencyGraph, taskGraph } from './graph';
import { taskHash } from './hash';
import { linkFeatures } from './link';
import type { Plan, PlanOptions, Task } from './types';

function byLine(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line);
}

/**
 * A spec's plan: tasks, graph and batches, with the spec's diagnostics and the planner's. A
 * task's dependencies list only tasks that exist; a task whose id repeats an earlier one is
 * dropped. Pure and total: bad input gives error diagnostics, never an exception.
 */
export function planSpec(spec: Spec, options: PlanOptions = {}): Plan {
  const defaultVerify = options.defaultVerify ?? [];
  const drafts = spec.features.map((feature) => decomposeFeature(feature, defaultVerify));
  const linked = linkFeatures(spec.features, drafts);
  const { graph, diagnostics } = dependencyGraph(linked.tasks);
  const tasks = graph.kept.map((position, i): Task => {
    const draft = linked.tasks[position] as DraftTask;
    const definition: DraftTask = { ...draft, dependsOn: (graph.deps[i] ?? []).map((d) => graph.ids[d] as string) };
    return { ...definition, hash: taskHash(definition) };
  });
  return {
    spec: { path: spec.path, title: spec.title, hash: spec.hash },
    features: spec.features,
    tasks,
    graph: taskGraph(graph),
    batches: batchTasks(tasks, graph),
    diagnostics: byLine([...spec.diagnostics, ...linked.diagnostics, ...diagnostics]),
  };
}

import type { Task } from '../../plan/types';
import type { VerificationSettings } from '../../plugin/options';
import { specPlan } from '../../plugin/create-nodes';
import { requirementsFor } from '../../runtime/context/task-section';
import type { Component, Feature, Requirement } from '../../spec/types';

export interface SpecSection {
  /** The text of the requirements the task covers; undefined when the spec cannot be read (the prompt then shows the ids). */
  requirements?: Requirement[];
  /** The components of the task's feature: which line names which file, for reports of missing files. */
  components?: Component[];
}

/**
 * What the target options do not carry of a task's part of its spec, from the spec's plan: the
 * one Nx's graph was made from, read from the plugin's plan cache (parsed again only when the
 * spec changed since). `verification` is the plugin's, which the plan depends on.
 */
export async function specSection(
  workspaceRoot: string,
  spec: string,
  task: Pick<Task, 'requirements' | 'featureId' | 'files'>,
  verification: VerificationSettings = {},
): Promise<SpecSection> {
  if (task.requirements.length === 0 && task.files.length === 0) return { requirements: [] };
  let features: Feature[];
  try {
    features = (await specPlan(workspaceRoot, spec, verification)).features;
  } catch {
    return task.requirements.length === 0 ? { requirements: [] } : {};
  }
  return { requirements: requirementsFor(task, features), components: features.find((f) => f.id === task.featureId)?.components ?? [] };
}

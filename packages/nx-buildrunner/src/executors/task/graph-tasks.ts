import type { ProjectGraphProjectNode } from '@nx/devkit';
import { taskOutputDir } from '../../plugin/paths';
import type { TaskTargetOptions } from '../../plugin/target-options';
import type { RecordedTask } from './replay';

export type GraphNodes = Readonly<Record<string, ProjectGraphProjectNode>>;

/** The task options of a project's `targetName` target, when it is one of this plugin's task projects. */
export function taskTargetOptions(node: ProjectGraphProjectNode | undefined, targetName: string): TaskTargetOptions | undefined {
  const options: unknown = node?.data.targets?.[targetName]?.options;
  if (typeof options !== 'object' || options === null) return undefined;
  const o = options as Partial<TaskTargetOptions>;
  const task = o.task as Partial<TaskTargetOptions['task']> | undefined;
  const valid =
    typeof o.spec === 'string' &&
    typeof task?.id === 'string' &&
    typeof task.title === 'string' &&
    typeof task.hash === 'string' &&
    Array.isArray(task.dependsOn);
  return valid ? (o as TaskTargetOptions) : undefined;
}

/** A task as the graph defines it now, with the folder its record is in. */
export function recordedTask(workspaceRoot: string, options: TaskTargetOptions): RecordedTask {
  const { task } = options;
  return {
    id: task.id,
    title: task.title,
    taskHash: task.hash,
    ...(options.featureHash === undefined ? {} : { featureHash: options.featureHash }),
    ...(options.dependencyHash === undefined ? {} : { dependencyHash: options.dependencyHash }),
    dependsOn: task.dependsOn,
    outputDir: taskOutputDir(workspaceRoot, options.spec, task.id),
  };
}

/** Every task of the same spec that `options`' task depends on, directly or not. */
export function upstreamTasks(nodes: GraphNodes, targetName: string, workspaceRoot: string, options: TaskTargetOptions): RecordedTask[] {
  const ofSpec = new Map<string, TaskTargetOptions>();
  for (const node of Object.values(nodes)) {
    const o = taskTargetOptions(node, targetName);
    if (o !== undefined && o.spec === options.spec) ofSpec.set(o.task.id, o);
  }
  const found = new Map<string, RecordedTask>();
  const visit = (ids: readonly string[]) => {
    for (const id of ids) {
      const o = ofSpec.get(id);
      if (o === undefined || found.has(id) || id === options.task.id) continue;
      found.set(id, recordedTask(workspaceRoot, o));
      visit(o.task.dependsOn);
    }
  };
  visit(options.task.dependsOn);
  return [...found.values()];
}

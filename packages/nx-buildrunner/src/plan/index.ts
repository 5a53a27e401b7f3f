export { planSpec } from './plan';
export { planToJson, stringifyPlan, type PlanJson } from './json';
export { planToTaskmaster, type TaskmasterFile, type TaskmasterTask } from './taskmaster';
export { dependencyGraph, taskGraph, type DependencyGraph, type GraphNode } from './graph';
export { batchTasks, MAX_BATCH_MINUTES, type BatchTask } from './batch';
export { taskHash } from './hash';
export type { DraftTask } from './decompose';
export * from './types';

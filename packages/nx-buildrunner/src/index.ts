/**
 * nx-buildrunner: registered in `nx.json` as a plugin, this module is what Nx loads. It turns
 * every task of every spec into an Nx project (see `plugin/`), and after a run replays the changes
 * of tasks Nx restored from a cache onto the integration branch (docs/distribution.md).
 */
export {
  type BuildRunnerPluginOptions,
  createDependencies,
  createNodes,
  createNodesV2,
  type JsonObject,
  type JsonValue,
  postTasksExecution,
  type TaskDefinition,
  type TaskTargetOptions,
  taskOutputDir,
  type VerificationSettings,
  type VerifyTargetOptions,
} from './plugin';
export type { Task, Plan } from './plan/types';
export type { Feature, Spec } from './spec/types';
export type { Diagnostic } from './spec/diagnostic';

export { createNodes, createNodesV2, planCacheDirectory, SPEC_FILE_GLOB } from './create-nodes';
export {
  type BuildRunnerPluginOptions,
  type JsonObject,
  type JsonValue,
  normalizeOptions,
  type NormalizedOptions,
  type VerificationSettings,
} from './options';
export { postTasksExecution } from './post-tasks';
export { createDependencies } from './spec-dependencies';
export { RUNTIME_DIR, specKey, taskOutputDir, taskOutputPath } from './paths';
export type { TaskDefinition, TaskTargetOptions, VerifyTargetOptions } from './target-options';

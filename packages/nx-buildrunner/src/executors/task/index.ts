/** One task, start to finish (docs/runtime.md, "The task executor"): for the Nx executor and the CLI. */
export { runTask } from './run-task';
export { chooseAgent, NO_AGENT_MESSAGE, type AgentChoice } from './agent-choice';
export { DEFAULT_LIMITS, DEFAULT_RETRIES } from './defaults';
export type { Clock, TaskRunDeps, TaskRunInput, TaskRunOutcome, TaskVerification } from './types';

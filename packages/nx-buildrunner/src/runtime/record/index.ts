export { writeFileAtomic } from './atomic';
export { buildTaskResult, summarizeVerify, totalUsage, type AttemptInput, type TaskResultInput } from './build';
export * from './types';
export { dependencyOutput, readTaskResult, writeTaskResult, type ReadResult, type WriteOptions, type WrittenResult } from './write';

export { resolveVerifyCommands, type VerifySource } from './commands';
export { feedbackFor } from './feedback';
export { HeadTail, trimMiddle } from '../../process/head-tail';
export { shellRunner, type CommandRunner, type RunOptions } from './runner';
export * from './types';
export { DEFAULT_MAX_OUTPUT_CHARS, DEFAULT_VERIFY_TIMEOUT_MS, describeRun, runVerification, type VerifyOptions } from './verify';

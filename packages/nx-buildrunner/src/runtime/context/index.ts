export { buildContext, type ContextOptions } from './build';
export { nodeContextFs, type ContextFs, type FileEntry, type FileHead } from './fs';
export { requirementsFor } from './task-section';
export {
  apiTokenCounter,
  CHARS_PER_TOKEN,
  countPromptTokens,
  estimateCounter,
  estimateTokens,
  type PromptTokenCounter,
  type TokenCounter,
  type TokenCountingClient,
} from './tokens';
export * from './types';

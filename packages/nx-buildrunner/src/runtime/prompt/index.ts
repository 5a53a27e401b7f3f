export { buildPrompt, type PromptInput } from './build';
export { naivePrompt, type NamedText } from './naive';
export { renderPromptFile } from './render';
export { SYSTEM_PROMPT } from './system';

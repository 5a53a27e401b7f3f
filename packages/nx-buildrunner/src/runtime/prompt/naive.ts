import type { Prompt } from '../../agent/types';
import { fenced } from '../context/text';
import { SYSTEM_PROMPT } from './system';

export interface NamedText {
  path: string;
  text: string;
}

/**
 * The baseline the benchmark measures prompts against: the whole spec and every file the task
 * touches, unselected and untrimmed, with the same system part.
 */
export function naivePrompt(specText: string, files: readonly NamedText[]): Prompt {
  const parts = [`# Project spec\n\n${specText}`, ...files.map((f) => `## \`${f.path}\`\n${fenced(f.text, f.path)}`)];
  return { system: SYSTEM_PROMPT, user: parts.join('\n\n') };
}

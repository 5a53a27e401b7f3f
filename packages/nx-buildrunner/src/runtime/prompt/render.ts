import type { Prompt } from '../../agent/types';
import { fenced } from '../context/text';

/**
 * A prompt as a Markdown file a person can read: exactly the text sent, each part in a fence
 * long enough that nothing inside can end it.
 */
export function renderPromptFile(prompt: Prompt, heading = 'Prompt'): string {
  return `# ${heading}\n\n## System\n\n${fenced(prompt.system, 'prompt')}\n\n## User\n\n${fenced(prompt.user, 'prompt')}\n`;
}

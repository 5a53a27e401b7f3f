import type { Prompt } from '../../agent/types';
import { fenced } from '../../runtime/context/text';
import type { ConflictInfo } from '../../runtime/git/conflict';
import { SYSTEM_PROMPT } from '../../runtime/prompt/system';
import { scrubSecrets } from '../../runtime/secrets';

export interface ConflictPromptInput {
  taskId: string;
  title: string;
  /** The number this turn goes by: one past the last verification attempt. */
  attempt: number;
  conflict: ConflictInfo;
  verifyCommands: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * The one turn an agent gets to resolve a merge conflict. Same system part as the task's prompts
 * (so it is read from the prompt cache), and the same `Task:`/`Attempt:` lines, so the offline
 * agent and the fake server can script it as the attempt after the last one.
 */
export function conflictPrompt(input: ConflictPromptInput): Prompt {
  const { conflict } = input;
  const parts = [
    `Task: ${input.taskId}\nAttempt: ${input.attempt}`,
    `# Resolve a merge conflict for \`${input.taskId}\`: ${input.title}`,
    `Your finished work on this task is being rebased onto the integration branch, where other tasks have merged since you started. It conflicts in: ${conflict.files.map((f) => `\`${f}\``).join(', ')}.`,
    `Edit those files so that both changes hold: keep what the other tasks merged and what this task added, and remove every conflict marker (\`<<<<<<<\`, \`=======\`, \`>>>>>>>\`). Between \`<<<<<<<\` and \`=======\` is the integration branch's text; between \`=======\` and \`>>>>>>>\` is this task's.`,
    `## The conflicts\n${fenced(conflict.conflictText, 'conflicts.txt')}`,
  ];
  if (input.verifyCommands.length > 0) {
    parts.push(`## Verify commands (they must pass afterwards)\n${input.verifyCommands.map((c) => `- \`${c}\``).join('\n')}`);
  }
  parts.push(
    '## Stop point\nStop when no conflict marker is left and the verify commands pass. Do not run git (no add, commit, rebase or checkout): the runner continues the rebase. Then reply with one or two lines on how you combined the changes.',
  );
  return { system: SYSTEM_PROMPT, user: scrubSecrets(parts.join('\n\n'), input.env ?? process.env) };
}

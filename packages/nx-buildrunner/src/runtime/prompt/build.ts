import type { Prompt } from '../../agent/types';
import type { Context, ContextCut, ContextSection } from '../context/types';
import { fenced } from '../context/text';
import { scrubSecrets } from '../secrets';
import { SYSTEM_PROMPT } from './system';

export interface PromptInput {
  context: Context;
  /** 1 for the first attempt. */
  attempt: number;
  /** The previous attempt's verification failure (see `feedbackFor`), shown from attempt 2 on. */
  feedback?: string;
  /** Secret values to keep out of the prompt (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

const GROUPS: readonly { kind: ContextSection['kind']; title: string }[] = [
  { kind: 'file', title: 'Current content of the files to change' },
  { kind: 'dependency', title: 'What finished dependencies produced' },
  { kind: 'neighbour', title: 'Related files' },
];

/** Cuts worth telling the agent about: files it may want to open itself. */
function notShown(cut: readonly ContextCut[]): string[] {
  return cut
    .filter((c) => c.path !== undefined && (c.reason === 'over the token budget' || c.reason.startsWith('large file')))
    .map((c) => `- \`${c.path}\` (${c.kind === 'file' ? 'a file to change' : c.kind}; ${c.reason})`);
}

/**
 * The prompt for one attempt at a task: the stable system part, and a user part that starts with
 * `Task: <id>` and `Attempt: <n>` (the offline agent and the fake server route on these lines),
 * then the task, its context, the last failure when retrying, and where to stop.
 */
export function buildPrompt(input: PromptInput): Prompt {
  const { context, attempt } = input;
  const [task, ...rest] = context.sections;
  const parts: string[] = [`Task: ${context.taskId}\nAttempt: ${attempt}`];
  if (task !== undefined) parts.push(task.text);
  for (const group of GROUPS) {
    const sections = rest.filter((s) => s.kind === group.kind);
    if (sections.length > 0) parts.push(`## ${group.title}\n\n${sections.map((s) => s.text).join('\n\n')}`);
  }
  const missing = notShown(context.cut);
  if (missing.length > 0) parts.push(`## Not shown for lack of room (open them if you need them)\n${missing.join('\n')}`);
  if (attempt > 1 && input.feedback !== undefined && input.feedback.trim() !== '') {
    parts.push(
      `## Attempt ${attempt - 1} failed verification\nYour earlier changes are still in the worktree. Fix what this report shows, then run the verify commands again.\n${fenced(input.feedback.trim(), 'report')}`,
    );
  }
  parts.push(
    `## Stop point\nStop when every acceptance criterion of task \`${context.taskId}\` holds and every verify command passes. Do not start other tasks, do not change files the task does not need, and do not commit. Then reply with a brief report: what you changed and how you checked it.`,
  );
  return { system: SYSTEM_PROMPT, user: scrubSecrets(parts.join('\n\n'), input.env ?? process.env) };
}

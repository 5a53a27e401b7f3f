/**
 * Where a request stands in its task's script, read from the request alone: the server keeps no
 * conversation state, so a request the SDK retries gets the same answer as the first try.
 */
import type { MessageParam } from './request-shape';

export interface TurnLocation {
  /** Undefined when the first user message names no task. */
  task: string | undefined;
  /** 1-based. */
  attempt: number;
  /** 0-based: how many assistant messages the attempt already has. */
  turn: number;
}

export interface LocatePatterns {
  /** Group 1 (or the whole match) is the task id; searched in the first user message. */
  task: RegExp;
  /** Group 1 is the attempt number; the last user message that matches starts the attempt. */
  attempt: RegExp;
}

export const DEFAULT_TASK_PATTERN = /^Task: (\S+)$/m;
export const DEFAULT_ATTEMPT_PATTERN = /^Attempt: (\d+)$/m;

/** The plain text of a message: a string, or its text blocks joined (tool results are not prose). */
export function messageText(message: MessageParam): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text as string)
    .join('\n');
}

/** A global or sticky pattern would carry lastIndex from one request to the next. */
function stateless(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

export function compilePatterns(task: RegExp, attempt: RegExp): LocatePatterns {
  return { task: stateless(task), attempt: stateless(attempt) };
}

/**
 * The attempt marker may sit in the first message (a fresh conversation per attempt) or in a later
 * user message (verification feedback continuing the conversation); turns count from there.
 */
export function locateTurn(messages: readonly MessageParam[], patterns: LocatePatterns): TurnLocation {
  const first = messages.find((m) => m.role === 'user');
  const taskMatch = first ? patterns.task.exec(messageText(first)) : null;
  const task = taskMatch ? (taskMatch[1] ?? taskMatch[0]) : undefined;

  let attempt = 1;
  let start = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== 'user') continue;
    const match = patterns.attempt.exec(messageText(message));
    const n = match ? Number(match[1] ?? match[0]) : NaN;
    if (Number.isInteger(n) && n >= 1) {
      attempt = n;
      start = i;
      break;
    }
  }
  const turn = messages.slice(start).filter((m) => m.role === 'assistant').length;
  return { task, attempt, turn };
}

import type { AgentEvent } from '../../agent/types';

/**
 * What a task's progress looks like in the terminal (and so in Nx's cached terminal output):
 * tool calls and retries, one line each. The model's text is left out; its last words are in
 * the result.
 */
export function describeEvent(taskId: string, event: AgentEvent): string | undefined {
  switch (event.type) {
    case 'tool':
      return `[${taskId}]   ${event.ok ? 'ok  ' : 'FAIL'} ${event.name}${event.path === undefined ? '' : ` ${event.path}`}`;
    case 'retry':
      return `[${taskId}]   retrying: ${event.reason}`;
    default:
      return undefined;
  }
}

export function usd(amount: number): string {
  return `$${amount.toFixed(amount < 1 ? 4 : 2)}`;
}

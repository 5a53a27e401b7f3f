// Reads what `nx run-many --outputStyle=static` printed: which tasks finished, in what order,
// and which of them Nx restored from its cache instead of running.

export type TaskSource = 'ran' | 'cache';

export interface FinishedTask {
  project: string;
  target: string;
  source: TaskSource;
  /** What Nx printed for the task (replayed from the cache on a hit); the last one runs on into Nx's summary. */
  output: string;
}

// `> nx run br-slugify:br-verify  [local cache]`; the bracket is absent when the task ran.
const TASK_HEADER = /^\s*>\s+nx run ([^\s:]+):(\S+?)(?:\s+\[(local cache|remote cache|existing outputs match the cache, left as is)\])?\s*$/;
const ANSI = /\u001b\[[0-9;]*m/g;

/** The tasks in the order Nx reported them finished. */
export function finishedTasks(output: string): FinishedTask[] {
  const tasks: FinishedTask[] = [];
  for (const line of output.replace(ANSI, '').split('\n')) {
    const match = TASK_HEADER.exec(line);
    if (match) {
      const [, project = '', target = '', cacheStatus] = match;
      tasks.push({ project, target, source: cacheStatus ? 'cache' : 'ran', output: '' });
      continue;
    }
    const current = tasks.at(-1);
    if (current) current.output += `${line}\n`;
  }
  return tasks;
}

/** Nx's own summary line: `... from the cache instead of running the command for 3 out of 4 tasks.` */
export function cacheSummary(output: string): { cached: number; total: number } | undefined {
  const match = /read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(output.replace(ANSI, ''));
  return match ? { cached: Number(match[1]), total: Number(match[2]) } : undefined;
}

import type { JournalEvent } from '../journal/types';
import type { RunInfo, RunRecord, TaskState } from './types';

/** Runs kept in the record; older ones live on in the journal. */
const KEPT_RUNS = 20;
/** Processes remembered per run: enough to tell whether any of them still lives. */
const KEPT_PIDS = 64;

/** Tools that write a file, across backends (ours, and Claude Code's). */
const WRITING_TOOLS = new Set(['create_file', 'str_replace', 'Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

const noTokens = () => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });

function freshTask(task: string, run: string, t: number, pid: number): TaskState {
  return { task, state: 'running', attempts: 1, startedAt: t, durationMs: 0, tokens: noTokens(), costUsd: 0, flags: { warning: 0, error: 0 }, run, pid };
}

function runOf(record: RunRecord, e: JournalEvent): RunInfo {
  let run = record.runs.find((r) => r.id === e.run);
  if (!run) {
    // A plain `nx run-many` has no run-start: its first event opens it.
    run = { id: e.run, startedAt: e.t, status: 'running', pids: [] };
    record.runs.push(run);
    if (record.runs.length > KEPT_RUNS) record.runs.splice(0, record.runs.length - KEPT_RUNS);
  }
  if (!run.pids.includes(e.pid)) {
    run.pids.push(e.pid);
    if (run.pids.length > KEPT_PIDS) run.pids.shift();
  }
  return run;
}

/** The task's state for an event in the middle of its run; a checkpoint may have missed its start. */
function running(record: RunRecord, e: JournalEvent & { task: string }): TaskState {
  const current = record.tasks[e.task];
  if (current && current.state === 'running' && current.run === e.run) return current;
  const fresh = freshTask(e.task, e.run, e.t, e.pid);
  record.tasks[e.task] = fresh;
  return fresh;
}

function apply(record: RunRecord, e: JournalEvent): void {
  const run = runOf(record, e);
  switch (e.type) {
    case 'run-start':
      Object.assign(run, { startedAt: e.t, status: 'running', spec: e.spec, tasks: [...e.tasks], workers: e.workers, command: e.command });
      return;
    case 'run-end':
      Object.assign(run, { endedAt: e.t, status: e.status, message: e.message });
      // Whatever it left running did not finish: it runs again next time.
      for (const task of Object.values(record.tasks)) {
        if (task.state === 'running' && task.run === e.run) interrupt(task, `not finished: its run ended (${e.message})`);
      }
      return;
    case 'task-start':
      record.tasks[e.task] = { ...freshTask(e.task, e.run, e.t, e.pid), attempts: e.attempt };
      return;
    case 'task-step': {
      const task = running(record, e);
      task.step = e.step;
      task.attempts = e.attempt;
      return;
    }
    case 'agent-tool':
      if (e.ok && e.path !== undefined && WRITING_TOOLS.has(e.name)) running(record, e).lastFile = e.path;
      return;
    case 'file-changed':
      if (e.change !== 'unlink') running(record, e).lastFile = e.path;
      return;
    case 'flag': {
      const task = record.tasks[e.task] ?? running(record, e);
      task.flags[e.severity === 'error' ? 'error' : 'warning']++;
      return;
    }
    case 'task-end': {
      const before = record.tasks[e.task];
      const sameRun = before !== undefined && before.run === e.run;
      const ended: TaskState = {
        task: e.task,
        state: e.status,
        attempts: e.attempts,
        startedAt: sameRun && before.startedAt !== undefined ? before.startedAt : e.t - e.durationMs,
        endedAt: e.t,
        durationMs: e.durationMs,
        tokens: { ...e.tokens },
        costUsd: e.costUsd,
        flags: sameRun ? before.flags : { warning: 0, error: 0 },
        run: e.run,
        pid: e.pid,
        message: e.message,
      };
      if (sameRun && before.lastFile !== undefined) ended.lastFile = before.lastFile;
      if (e.commit !== undefined) ended.commit = e.commit;
      if (e.reused) ended.reused = true;
      record.tasks[e.task] = ended;
      return;
    }
  }
}

function interrupt(task: TaskState, message: string): void {
  task.state = 'pending';
  task.message = message;
  delete task.step;
}

/**
 * The record after `events` (in journal order): per task its latest state, step, attempts, time,
 * tokens, cost and last file written; per run its start, end and processes. Pure: the input is
 * not changed. Events of types a task is not in (a flag before any start) open its state.
 */
export function foldEvents(record: RunRecord, events: readonly JournalEvent[], offset: number = record.offset): RunRecord {
  const next: RunRecord = structuredClone(record);
  for (const e of events) {
    apply(next, e);
    if (e.t > next.updatedAt) next.updatedAt = e.t;
  }
  next.offset = offset;
  return next;
}

/** `nx-<pid>` runs are plain `nx run-many` commands: that pid is the command itself. */
function commandPid(runId: string): number | undefined {
  const m = /^nx-(\d+)$/.exec(runId);
  return m ? Number(m[1]) : undefined;
}

export function runIsAlive(run: RunInfo, isAlive: (pid: number) => boolean): boolean {
  if (run.status !== 'running') return false;
  const nx = commandPid(run.id);
  return run.pids.some(isAlive) || (nx !== undefined && isAlive(nx));
}

/**
 * The record as it stands: a task shown running whose process is gone was killed (it runs
 * again next time), and a run none of whose processes lives was interrupted. Nothing is written;
 * `br run` journals the interruption when it recovers.
 */
export function settle(record: RunRecord, isAlive: (pid: number) => boolean): RunRecord {
  const next: RunRecord = structuredClone(record);
  for (const run of next.runs) {
    if (run.status === 'running' && !runIsAlive(run, isAlive)) {
      run.status = 'interrupted';
      run.message = 'interrupted: its processes are gone';
    }
  }
  for (const task of Object.values(next.tasks)) {
    if (task.state === 'running' && (task.pid === undefined || !isAlive(task.pid))) interrupt(task, 'interrupted: its process is gone');
  }
  return next;
}

/** The run that started last, if any. */
export function latestRun(record: RunRecord): RunInfo | undefined {
  return record.runs.reduce<RunInfo | undefined>((latest, run) => (latest === undefined || run.startedAt >= latest.startedAt ? run : latest), undefined);
}

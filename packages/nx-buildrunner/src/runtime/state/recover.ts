import { cleanLeftovers, type CleanReport } from '../git/cleanup';
import type { Repo } from '../git/repo';
import { fileJournalSink } from '../journal/file-sink';
import { journalPath } from '../journal/paths';
import { isProcessAlive } from '../lock';
import { pendingDeliveries } from './delivery';
import { runIsAlive } from './fold';
import { loadRunRecord, removeStaleRecordTemps } from './record-file';

export interface RecoveryOptions {
  repo: Repo;
  integration?: string;
  isAlive?: (pid: number) => boolean;
  env?: NodeJS.ProcessEnv;
  /** How long a run that looks alive may take to finish dying. Default 3 s. */
  settleMs?: number;
}

export interface RecoveryReport {
  /** Runs whose processes were all gone without an end: now ended as interrupted in the journal. */
  interruptedRuns: string[];
  /** Tasks left alone: running in a live process, or with a verified delivery to finish. */
  active: string[];
  cleaned?: CleanReport;
  removedTemps: string[];
  problems: string[];
}

/**
 * What a run does before it starts, so that a run killed at any moment (kill -9 included) leaves
 * nothing that gets in the way: runs whose processes are gone are ended in the journal (their
 * `running` tasks become pending again), worktrees and branches of tasks that are not running are
 * removed (unmerged work is kept; a verified delivery waiting to be finished is left for its task),
 * locks of dead owners are removed, and so are half-written run records.
 */
/**
 * The tasks of a killed `br run` end themselves within a moment of it (see the task executor's
 * lifeline): a run that looks alive is given that moment before it counts as live.
 */
const SETTLE_MS = 3_000;

async function stillAlive(run: Parameters<typeof runIsAlive>[0], isAlive: (pid: number) => boolean, settleMs: number): Promise<boolean> {
  const until = Date.now() + settleMs;
  while (runIsAlive(run, isAlive)) {
    if (Date.now() >= until) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

export async function recoverWorkspace(workspaceRoot: string, options: RecoveryOptions): Promise<RecoveryReport> {
  const isAlive = options.isAlive ?? isProcessAlive;
  const report: RecoveryReport = { interruptedRuns: [], active: [], removedTemps: [], problems: [] };
  const { record } = await loadRunRecord(workspaceRoot);

  let liveRun = false;
  for (const run of record.runs) {
    if (run.status !== 'running') continue;
    if (await stillAlive(run, isAlive, options.settleMs ?? SETTLE_MS)) {
      liveRun = true;
      continue;
    }
    const sink = fileJournalSink(journalPath(workspaceRoot), { run: run.id, ...(options.env ? { env: options.env } : {}) });
    sink.append({ type: 'run-end', status: 'failed', message: 'interrupted: its processes are gone' });
    sink.close();
    const lost = sink.problem();
    if (lost !== undefined) report.problems.push(lost);
    report.interruptedRuns.push(run.id);
  }

  const active = await pendingDeliveries(workspaceRoot);
  for (const task of Object.values(record.tasks)) {
    if (task.state === 'running' && task.pid !== undefined && isAlive(task.pid)) active.add(task.task);
  }
  report.active = [...active].sort();

  const cleaned = await cleanLeftovers(options.repo, {
    ...(options.integration === undefined ? {} : { integration: options.integration }),
    active,
    // A live run elsewhere may be about to take a parked worktree.
    keepParked: liveRun,
  });
  if (cleaned.ok) {
    const { ok: _ok, ...rest } = cleaned;
    report.cleaned = rest;
    report.problems.push(...rest.problems);
  } else {
    report.problems.push(cleaned.message);
  }
  report.removedTemps = await removeStaleRecordTemps(workspaceRoot, isAlive);
  return report;
}

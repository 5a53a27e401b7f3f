import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeFailure, firstLine, type GitOutput } from '../../runtime/git/exec';
import { mergeLockPath } from '../../runtime/git/merge';
import { headRef } from '../../runtime/git/names';
import { isAncestor, readBranchTips, updateRef } from '../../runtime/git/refs';
import type { Repo } from '../../runtime/git/repo';
import { acquireLock } from '../../runtime/lock';
import { PATCH_FILE } from '../../runtime/record/types';
import { readTaskResult } from '../../runtime/record/write';
import { integratedCommits, replayedCommitMessage } from './integrated';

/**
 * Replaying recorded tasks: when Nx restores a task's outputs from a cache (another machine ran
 * it: a teammate, CI, an Nx Cloud agent) the executor does not run, so this clone's integration
 * branch lacks the change. The record has it: `change.patch`, the change exactly as it was merged.
 * Replaying applies that patch onto the integration branch as a commit naming the task, with no
 * agent and no verification (the record says both happened). docs/distribution.md explains where
 * this runs.
 */

/** A task as it is defined now, and where its record lies. */
export interface RecordedTask {
  id: string;
  title: string;
  taskHash: string;
  featureHash?: string;
  dependencyHash?: string;
  dependsOn: readonly string[];
  /** The folder holding its `result.json` and `change.patch`. */
  outputDir: string;
}

export interface ReplayInput {
  integration: string;
  tasks: readonly RecordedTask[];
  /** How long to wait for merges of running tasks. Default 10 minutes. */
  lockTimeoutMs?: number;
}

export interface ReplayedTask {
  taskId: string;
  /** The commit the record names (on the machine that ran the task). */
  from: string;
  /** Its replay on this integration branch. */
  commit: string;
}

export type ReplayResult =
  | { ok: true; replayed: ReplayedTask[]; /** The integration tip after the last replay, when anything was replayed. */ tip?: string }
  | { ok: false; message: string; replayed: ReplayedTask[] };

interface Candidate {
  task: RecordedTask;
  /** The record's commit, or the base of a task that changed nothing. */
  from: string;
  /** Absent for a task that changed nothing: its replay is an empty commit, so it is marked done too. */
  patch?: string;
  finishedAt: string;
}

type Found = { ok: true; candidates: Candidate[] } | { ok: false; message: string };

/**
 * Records that describe the task as it is defined now and say it was merged. A record for an
 * older definition (the spec was edited since) is ignored: that task runs again instead.
 */
async function findCandidates(tasks: readonly RecordedTask[]): Promise<Found> {
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const task of tasks) {
    if (seen.has(task.id)) continue;
    seen.add(task.id);
    const read = await readTaskResult(task.outputDir);
    if (!read.ok) continue;
    const r = read.result;
    if (r.status !== 'merged' || r.taskHash !== task.taskHash) continue;
    if (task.featureHash !== undefined && r.featureHash !== task.featureHash) continue;
    if (task.dependencyHash !== undefined && r.dependencyHash !== task.dependencyHash) continue;
    const from = r.commit ?? r.integrationCommit;
    if (from === undefined) continue;
    const candidate: Candidate = { task, from, finishedAt: r.finishedAt };
    if (r.commit !== undefined) {
      const patch = path.join(task.outputDir, PATCH_FILE);
      const present = await access(patch).then(() => true, () => false);
      if (!present) return { ok: false, message: `the record of ${task.id} names commit ${r.commit.slice(0, 12)} but has no ${PATCH_FILE} in ${task.outputDir}` };
      candidate.patch = patch;
    }
    candidates.push(candidate);
  }
  return { ok: true, candidates };
}

/** Records are never checked against commits older than the oldest record less this. */
const CLOCK_MARGIN_MS = 7 * 24 * 3600 * 1000;

type Pending = { ok: true; tip: string; pending: Candidate[] } | { ok: false; message: string };

async function notIntegrated(repo: Repo, integration: string, candidates: readonly Candidate[]): Promise<Pending> {
  const tips = await readBranchTips(repo, [integration]);
  if (!tips.ok) return tips;
  const tip = tips.tips.get(integration)?.commit;
  if (tip === undefined) return { ok: false, message: `integration branch ${integration} does not exist` };
  // A task's commit is made while it runs, a replay after: neither is older than the oldest record,
  // less a margin for clocks of other machines that disagree.
  const oldest = Math.min(...candidates.map((c) => Date.parse(c.finishedAt)).filter(Number.isFinite));
  const known = await integratedCommits(repo, tip, Number.isFinite(oldest) ? new Date(oldest - CLOCK_MARGIN_MS) : undefined);
  if (!known.ok) return known;
  const pending: Candidate[] = [];
  for (const c of candidates) {
    if (known.commits.has(c.from)) continue;
    // The base of a no-change task is an ordinary commit; one this clone never saw is not an ancestor.
    const merged = await isAncestor(repo, c.from, tip);
    if (!(merged.ok && merged.isAncestor)) pending.push(c);
  }
  return { ok: true, tip, pending };
}

/** git's own words, without the command line: what a user reads to find the conflicting file. */
function gitSaid(out: GitOutput): string {
  return (out.error ?? out.stderr).trim().split('\n').filter(Boolean).slice(-3).join('; ') || `exit ${out.code}`;
}

/**
 * Dependencies first, and otherwise the order the tasks finished in where they ran, which is the
 * order their changes were merged there: each patch then meets the tree it was made against.
 */
export function replayOrder<T extends { task: { id: string; dependsOn: readonly string[] }; finishedAt: string }>(items: readonly T[]): T[] {
  const left = [...items].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt) || a.task.id.localeCompare(b.task.id));
  const waitingFor = new Set(left.map((c) => c.task.id));
  const order: T[] = [];
  while (left.length > 0) {
    const i = left.findIndex((c) => !c.task.dependsOn.some((d) => d !== c.task.id && waitingFor.has(d)));
    // A cycle cannot come from a plan; should one appear, finishing order breaks it.
    const [next] = left.splice(i < 0 ? 0 : i, 1) as [T];
    waitingFor.delete(next.task.id);
    order.push(next);
  }
  return order;
}

/**
 * Replays every given task whose record says merged, for its current definition, but whose change
 * is not in the integration branch. Under the merge lock, so it interleaves safely with tasks
 * merging; idempotent, since a replayed commit names the commit it stands for. A patch that does
 * not apply stops its task and its dependents and is reported; independent ones still go in.
 */
export async function replayRecords(repo: Repo, input: ReplayInput): Promise<ReplayResult> {
  const replayed: ReplayedTask[] = [];
  const found = await findCandidates(input.tasks);
  if (!found.ok) return { ...found, replayed };
  if (found.candidates.length === 0) return { ok: true, replayed };
  const first = await notIntegrated(repo, input.integration, found.candidates);
  if (!first.ok) return { ...first, replayed };
  if (first.pending.length === 0) return { ok: true, replayed };

  const lock = await acquireLock(mergeLockPath(repo, input.integration), {
    purpose: `replay recorded tasks into ${input.integration}`,
    timeoutMs: input.lockTimeoutMs ?? 600_000,
  });
  if (!lock.ok) return { ok: false, message: lock.message, replayed };
  try {
    // Another process may have replayed or merged some of them while we waited.
    const again = await notIntegrated(repo, input.integration, first.pending);
    if (!again.ok) return { ...again, replayed };
    if (again.pending.length === 0) return { ok: true, replayed };
    return await replayPending(repo, input.integration, again.tip, again.pending, replayed);
  } finally {
    await lock.lock.release();
  }
}

/**
 * The patches go through an index of their own, in a worktree that is never checked out: no file
 * of the user's checkout or of any task's worktree is touched, and nothing is written to disk but
 * git objects.
 */
async function replayPending(repo: Repo, integration: string, start: string, pending: Candidate[], replayed: ReplayedTask[]): Promise<ReplayResult> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'br-replay-'));
  try {
    const added = await repo.git(['worktree', 'add', '--no-checkout', '--detach', scratch, start]);
    if (added.code !== 0) return { ok: false, message: `preparing to replay: ${describeFailure(added)}`, replayed };
    const git = (args: string[], input?: string) => repo.git(args, { cwd: scratch, timeoutMs: repo.treeTimeoutMs, ...(input === undefined ? {} : { input }) });
    let tip = start;
    const reset = await git(['read-tree', tip]);
    if (reset.code !== 0) return { ok: false, message: `preparing to replay: ${describeFailure(reset)}`, replayed };

    const ids = new Set(pending.map((c) => c.task.id));
    const problems = new Map<string, string>();
    let left = replayOrder(pending);
    for (let progress = true; left.length > 0 && progress; ) {
      progress = false;
      const next: Candidate[] = [];
      for (const c of left) {
        // Strictly after its dependencies: a dependent's patch may apply without them and still be wrong.
        if (c.task.dependsOn.some((d) => ids.has(d) && !replayed.some((r) => r.taskId === d))) {
          next.push(c);
          continue;
        }
        if (c.patch !== undefined) {
          const applied = await git(['apply', '--cached', '--3way', '--whitespace=nowarn', c.patch]);
          if (applied.code !== 0) {
            problems.set(c.task.id, `its ${PATCH_FILE} does not apply here (${gitSaid(applied)})`);
            await git(['read-tree', tip]);
            next.push(c);
            continue;
          }
        }
        const tree = await git(['write-tree']);
        if (tree.code !== 0) return { ok: false, message: `replaying ${c.task.id}: ${describeFailure(tree)}`, replayed };
        const made = await git(['commit-tree', firstLine(tree), '-p', tip, '-F', '-'], replayedCommitMessage(c.task.id, c.task.title, c.from));
        if (made.code !== 0) return { ok: false, message: `replaying ${c.task.id}: ${describeFailure(made)}`, replayed };
        const commit = firstLine(made);
        const moved = await updateRef(repo, { ref: headRef(integration), to: commit, from: tip, message: `buildrunner: replay ${c.task.id}`, breakStaleLock: true });
        if (!moved.ok) return { ok: false, message: `replaying ${c.task.id}: ${moved.message}`, replayed };
        tip = commit;
        replayed.push({ taskId: c.task.id, from: c.from, commit });
        problems.delete(c.task.id);
        progress = true;
      }
      left = next;
    }
    if (left.length === 0) return { ok: true, replayed, tip };
    const lines = left.map((c) => {
      const why = problems.get(c.task.id) ?? 'a task it depends on could not be replayed';
      return `${c.task.id}: ${why}; to run it again instead, remove ${c.task.outputDir} and run it with --skip-nx-cache`;
    });
    return { ok: false, message: `cannot replay the recorded change of ${left.length} task(s) onto ${integration}:\n${lines.join('\n')}`, replayed };
  } finally {
    const removed = await repo.git(['worktree', 'remove', '--force', '--force', scratch]);
    await rm(scratch, { recursive: true, force: true });
    if (removed.code !== 0) await repo.git(['worktree', 'prune']);
  }
}

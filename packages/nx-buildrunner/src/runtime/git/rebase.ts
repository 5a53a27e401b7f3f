import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { firstLine, nulFields } from './exec';
import { conflictText, hasConflictMarkers, type ConflictResolver } from './conflict';
import type { Repo } from './repo';
import { gitFailure, type GitFailure } from './result';
import type { TaskWorktree } from './worktree';
import { rebaseInProgress } from './worktree-state';

export type RebaseResult =
  | { ok: true; commit: string }
  | { ok: false; reason: 'conflict'; message: string; files: string[] }
  | GitFailure;

/**
 * Replays the task's commit on `onto` inside the task's own worktree. A conflict gets one call of
 * `resolve`; if that fails, throws, or leaves markers behind, or the rebase still does not go
 * through, the rebase is aborted: branch and worktree are back exactly as they were.
 */
export async function rebaseTask(repo: Repo, wt: TaskWorktree, onto: string, resolve?: ConflictResolver): Promise<RebaseResult> {
  const cwd = wt.path;
  if (await rebaseInProgress(cwd)) await repo.git(['rebase', '--abort'], { cwd, timeoutMs: repo.treeTimeoutMs });
  const started = await repo.git(['rebase', '-q', '--no-autostash', onto], { cwd, timeoutMs: repo.treeTimeoutMs });
  if (started.code === 0) return head(repo, cwd);

  const files = await unmerged(repo, cwd);
  if (files.length === 0) return abort(repo, cwd, gitFailure(`rebasing ${wt.branch} onto ${onto.slice(0, 12)}`, started));
  const conflict = (why: string, names: string[] = files): RebaseResult => ({
    ok: false,
    reason: 'conflict',
    files: names,
    message: `${wt.taskId} conflicts with the integration branch in ${names.join(', ')}: ${why}`,
  });
  if (!resolve) return abort(repo, cwd, conflict('no resolver was given'));

  const contents = await Promise.all(files.map(async (p) => ({ path: p, content: await readText(cwd, p) })));
  let outcome;
  try {
    outcome = await resolve({ taskId: wt.taskId, worktree: cwd, files, conflictText: conflictText(contents) });
  } catch (err) {
    outcome = { ok: false as const, message: err instanceof Error ? err.message : String(err) };
  }
  if (!outcome.ok) return abort(repo, cwd, conflict(`the resolver failed: ${outcome.message}`));
  const left: string[] = [];
  for (const p of files) if (hasConflictMarkers(await readText(cwd, p))) left.push(p);
  if (left.length > 0) return abort(repo, cwd, conflict('conflict markers are still there after the resolver', left));

  const staged = await repo.git(['add', '-A'], { cwd, timeoutMs: repo.treeTimeoutMs });
  if (staged.code !== 0) return abort(repo, cwd, gitFailure(`staging the resolution in ${cwd}`, staged));
  const continued = await repo.git(['rebase', '--continue'], { cwd, timeoutMs: repo.treeTimeoutMs });
  if (continued.code === 0) return head(repo, cwd);
  const still = await unmerged(repo, cwd);
  return abort(repo, cwd, still.length > 0 ? conflict('still conflicting after the resolver', still) : gitFailure(`continuing the rebase in ${cwd}`, continued));
}

async function unmerged(repo: Repo, cwd: string): Promise<string[]> {
  const out = await repo.git(['diff', '--name-only', '--diff-filter=U', '-z'], { cwd });
  return out.code === 0 ? [...new Set(nulFields(out))] : [];
}

/** A deleted or unreadable file has no markers left in it. */
async function readText(cwd: string, file: string): Promise<string> {
  return fs.readFile(path.join(cwd, file), 'utf8').catch(() => '');
}

async function head(repo: Repo, cwd: string): Promise<RebaseResult> {
  const out = await repo.git(['rev-parse', 'HEAD'], { cwd });
  return out.code === 0 ? { ok: true, commit: firstLine(out) } : gitFailure(`reading HEAD in ${cwd}`, out);
}

async function abort(repo: Repo, cwd: string, result: RebaseResult): Promise<RebaseResult> {
  const out = await repo.git(['rebase', '--abort'], { cwd, timeoutMs: repo.treeTimeoutMs });
  if (out.code === 0 || result.ok) return result;
  return { ...result, message: `${result.message} (and aborting the rebase failed: ${out.stderr.trim()})` };
}

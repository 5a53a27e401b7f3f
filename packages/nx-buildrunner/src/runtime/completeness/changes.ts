import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describeFailure, nulFields } from '../git/exec';
import type { FileChange } from '../git/raw-diff';
import type { Repo } from '../git/repo';
import { worktreeGitDir } from '../git/worktree-state';
import type { CheckInput, OnceKey } from '../verify/types';

export type ChangesResult = { ok: true; changes: FileChange[] } | { ok: false; message: string };

const KINDS: Record<string, FileChange['kind']> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type-changed' };

/**
 * What the task changed, as the merge will commit it: the worktree (tracked, staged and untracked
 * files alike, ignored ones not) against `base`. Read-only: no index is written, so it can run
 * between the agent's turns. Paths are relative to the worktree root.
 */
export async function worktreeChanges(repo: Repo, worktree: string, base: string): Promise<ChangesResult> {
  const [diff, untracked] = await Promise.all([
    repo.git(['--no-optional-locks', 'diff', '--name-status', '-z', '-M', '--no-ext-diff', base, '--'], { cwd: worktree }),
    repo.git(['--no-optional-locks', 'ls-files', '--others', '--exclude-standard', '-z'], { cwd: worktree }),
  ]);
  if (diff.code !== 0) return { ok: false, message: describeFailure(diff) };
  if (untracked.code !== 0) return { ok: false, message: describeFailure(untracked) };
  const changes: FileChange[] = [];
  const fields = nulFields(diff);
  for (let i = 0; i < fields.length; ) {
    const status = fields[i++] ?? '';
    const kind = KINDS[status.charAt(0)] ?? 'modified';
    if (kind === 'renamed' || kind === 'copied') {
      const from = fields[i++] ?? '';
      changes.push({ kind, from, path: fields[i++] ?? '' });
    } else {
      changes.push({ kind, path: fields[i++] ?? '' });
    }
  }
  const known = new Set(changes.map((c) => c.path));
  for (const file of nulFields(untracked)) if (!known.has(file)) changes.push({ kind: 'added', path: file });
  return { ok: true, changes };
}

/**
 * The commit the task's change is measured against: where its worktree started, or, while the
 * merge's rebase waits for the agent to resolve a conflict, the integration tip it is rebased onto
 * (otherwise the tasks merged meanwhile would look like this task's work).
 */
export async function changeBase(worktree: string, startedFrom: string): Promise<string> {
  const gitDir = await worktreeGitDir(worktree);
  if (gitDir === undefined) return startedFrom;
  for (const dir of ['rebase-merge', 'rebase-apply']) {
    const onto = await fs.readFile(path.join(gitDir, dir, 'onto'), 'utf8').catch(() => undefined);
    if (onto !== undefined && onto.trim() !== '') return onto.trim();
  }
  return startedFrom;
}

/** A file's text at `commit`, or undefined when it is not there (or not text we can read). */
export async function textAt(repo: Repo, commit: string, file: string): Promise<string | undefined> {
  const out = await repo.git(['cat-file', 'blob', `${commit}:${file}`]);
  return out.code === 0 ? out.stdout.toString('utf8') : undefined;
}

export interface ChangesAtBase {
  /** The commit the change is measured against, asked afresh at each verification. */
  base: string;
  listed: ChangesResult;
}

const TASK_CHANGES: OnceKey<ChangesAtBase> = { name: "the task's changes" };

/** The task's changes for a check, listed once per verification however many checks ask. */
export function changesForCheck(check: CheckInput, repo: Repo, worktree: string, base: () => Promise<string>): Promise<ChangesAtBase> {
  return check.once(TASK_CHANGES, async () => {
    const at = await base();
    return { base: at, listed: await worktreeChanges(repo, worktree, at) };
  });
}

import * as path from 'node:path';
import { nulFields } from './exec';
import type { Repo } from './repo';
import { gitFailure, type GitFailure } from './result';

export interface WorktreeEntry {
  path: string;
  head?: string;
  /** Short branch name (`br/task/a`), absent when detached. */
  branch?: string;
  bare: boolean;
  locked: boolean;
  /** Registered, but its folder is gone: `git worktree prune` drops it. */
  prunable: boolean;
}

/** `git worktree list --porcelain -z`: attribute fields, one empty field after each worktree. */
export function parseWorktreeList(fields: readonly string[]): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | undefined;
  for (const field of fields) {
    if (field === '') {
      if (current) entries.push(current);
      current = undefined;
      continue;
    }
    const space = field.indexOf(' ');
    const key = space < 0 ? field : field.slice(0, space);
    const value = space < 0 ? '' : field.slice(space + 1);
    if (key === 'worktree') {
      if (current) entries.push(current);
      current = { path: path.resolve(value), bare: false, locked: false, prunable: false };
    } else if (current) {
      if (key === 'HEAD') current.head = value;
      else if (key === 'branch') current.branch = value.replace(/^refs\/heads\//, '');
      else if (key === 'bare') current.bare = true;
      else if (key === 'locked') current.locked = true;
      else if (key === 'prunable') current.prunable = true;
    }
  }
  if (current) entries.push(current);
  return entries;
}

export type WorktreeListResult = { ok: true; worktrees: WorktreeEntry[] } | GitFailure;

export async function listWorktrees(repo: Repo): Promise<WorktreeListResult> {
  const out = await repo.git(['worktree', 'list', '--porcelain', '-z']);
  if (out.code !== 0) return gitFailure('listing worktrees', out);
  return { ok: true, worktrees: parseWorktreeList(nulFields(out)) };
}

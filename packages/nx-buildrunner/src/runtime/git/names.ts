import * as path from 'node:path';

/**
 * Where a task lives in git: one branch and one worktree per task id. Branches under `br/task/`
 * are the run's scratch space; `br/failed/` keeps work that a later run would otherwise discard.
 */
export const TASK_BRANCH_PREFIX = 'br/task/';
export const FAILED_BRANCH_PREFIX = 'br/failed/';
export const DEFAULT_INTEGRATION_BRANCH = 'br/integration';

/**
 * Task ids become a path segment and a ref component, so only slug characters are accepted:
 * no `/`, no `..`, nothing git's ref rules or a file system would reinterpret.
 */
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;

export function taskIdProblem(taskId: string): string | undefined {
  if (!TASK_ID.test(taskId) || taskId.endsWith('.lock') || taskId.length > 200) {
    return `task id "${taskId}" is not usable as a branch name and folder (letters, digits, "-", "_", inner ".")`;
  }
  return undefined;
}

export function taskBranch(taskId: string): string {
  return `${TASK_BRANCH_PREFIX}${taskId}`;
}

export function taskIdOfBranch(branch: string): string | undefined {
  return branch.startsWith(TASK_BRANCH_PREFIX) ? branch.slice(TASK_BRANCH_PREFIX.length) : undefined;
}

/**
 * Named by the kept commit rather than a timestamp, so that keeping the same work twice (a
 * recovery that crashed half-way and ran again) lands on the same branch instead of a second one.
 */
export function failedBranch(taskId: string, commit: string): string {
  return `${FAILED_BRANCH_PREFIX}${taskId}-${commit.slice(0, 12)}`;
}

export function headRef(branch: string): string {
  return `refs/heads/${branch}`;
}

export function worktreePath(worktreesDir: string, taskId: string): string {
  return path.join(worktreesDir, taskId);
}

import { firstLine } from './exec';
import { DEFAULT_INTEGRATION_BRANCH, FAILED_BRANCH_PREFIX, TASK_BRANCH_PREFIX, headRef } from './names';
import { readBranchTips, updateRef } from './refs';
import type { Repo } from './repo';
import { isSettled, settle } from './settled';
import type { GitFailure } from './result';
import { listWorktrees } from './worktree-list';

export type IntegrationResult =
  | { ok: true; branch: string; tip: string; created: boolean }
  | { ok: false; reason: 'invalid-name' | 'no-commits' | 'checked-out'; message: string }
  | GitFailure;

/**
 * Makes sure the run's integration branch exists, creating it at the current HEAD commit when
 * absent. Only a ref is written: the user's checked-out branch, index and files are not touched.
 * A branch that is checked out somewhere is refused, because moving it by ref updates would make
 * that checkout's files disagree with its branch.
 */
export async function ensureIntegrationBranch(repo: Repo, branch: string = DEFAULT_INTEGRATION_BRANCH): Promise<IntegrationResult> {
  if (branch.startsWith(TASK_BRANCH_PREFIX) || branch.startsWith(FAILED_BRANCH_PREFIX)) {
    return { ok: false, reason: 'invalid-name', message: `integration branch "${branch}" is inside a namespace the runner manages (${TASK_BRANCH_PREFIX}, ${FAILED_BRANCH_PREFIX})` };
  }
  const checked = `integration branch ${branch}`;
  if (isSettled(repo, checked)) {
    const tips = await readBranchTips(repo, [branch]);
    if (!tips.ok) return tips;
    const tip = tips.tips.get(branch)?.commit;
    if (tip !== undefined) return { ok: true, branch, tip, created: false };
  }
  const [format, tips, worktrees] = await Promise.all([
    repo.git(['check-ref-format', '--branch', branch]),
    readBranchTips(repo, [branch]),
    listWorktrees(repo),
  ]);
  if (format.code !== 0) return { ok: false, reason: 'invalid-name', message: `"${branch}" is not a valid branch name` };
  if (!tips.ok) return tips;
  if (!worktrees.ok) return worktrees;
  const holder = worktrees.worktrees.find((w) => w.branch === branch);
  if (holder) {
    return {
      ok: false,
      reason: 'checked-out',
      message: `integration branch ${branch} is checked out in ${holder.path}; the runner moves it by ref updates only, so check out another branch there or configure another integration branch`,
    };
  }
  // The name is valid and no checkout holds the branch: the run itself never checks it out.
  settle(repo, checked);
  const existing = tips.tips.get(branch);
  if (existing) return { ok: true, branch, tip: existing.commit, created: false };

  const head = await repo.git(['rev-parse', '--verify', '-q', 'HEAD^{commit}']);
  if (head.code !== 0) return { ok: false, reason: 'no-commits', message: `${repo.root} has no commit to start ${branch} from; commit something first` };
  const tip = firstLine(head);
  const created = await updateRef(repo, { ref: headRef(branch), to: tip, from: '', message: 'buildrunner: start integration branch' });
  if (created.ok) return { ok: true, branch, tip, created: true };
  if (created.reason !== 'moved') return created;
  // Another process created it between our read and our write: theirs is as good as ours.
  const again = await readBranchTips(repo, [branch]);
  if (!again.ok) return again;
  const now = again.tips.get(branch);
  return now
    ? { ok: true, branch, tip: now.commit, created: false }
    : { ok: false, reason: 'git', message: `${branch} could not be created and does not exist: ${created.message}` };
}

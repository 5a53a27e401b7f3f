import { describe, expect, it } from 'vitest';
import { parseWorktreeList } from './worktree-list';

describe('parseWorktreeList', () => {
  it('reads porcelain -z records', () => {
    const fields = [
      'worktree /repo', 'HEAD aaa', 'branch refs/heads/main', '',
      'worktree /repo/.buildrunner/worktrees/t1', 'HEAD bbb', 'branch refs/heads/br/task/t1', 'locked', '',
      'worktree /gone', 'HEAD ccc', 'detached', 'prunable gitdir file points to non-existent location', '',
    ];
    expect(parseWorktreeList(fields)).toEqual([
      { path: '/repo', head: 'aaa', branch: 'main', bare: false, locked: false, prunable: false },
      { path: '/repo/.buildrunner/worktrees/t1', head: 'bbb', branch: 'br/task/t1', bare: false, locked: true, prunable: false },
      { path: '/gone', head: 'ccc', bare: false, locked: false, prunable: true },
    ]);
  });
});

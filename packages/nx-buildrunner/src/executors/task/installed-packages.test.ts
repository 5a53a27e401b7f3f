import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTaskWorktree } from '../../runtime/git/remove';
import { prepareTaskWorktree } from '../../runtime/git/worktree';
import { INTEGRATION, makeWorkspace, type Workspace } from './__fixtures__/workspace';
import { linkInstalledPackages } from './installed-packages';

let ws: Workspace | undefined;

function install(dir: string): void {
  mkdirSync(path.join(dir, 'node_modules', 'left-pad'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', 'left-pad', 'index.js'), 'module.exports = 1;\n');
}

async function worktree(w: Workspace) {
  w.repo.git(['branch', INTEGRATION]);
  const repo = await w.repo.open();
  const made = await prepareTaskWorktree(repo, 't1', { integration: INTEGRATION });
  if (!made.ok) throw new Error(made.message);
  return { repo, wt: made.worktree };
}

describe('linkInstalledPackages', () => {
  it("links the checkout's ignored node_modules from the root down to the spec's folder", async () => {
    ws = await makeWorkspace();
    install(ws.dir);
    install(path.join(ws.dir, 'app'));
    const { repo, wt } = await worktree(ws);

    expect(await linkInstalledPackages(repo, wt.path, 'app')).toEqual(['node_modules', 'app/node_modules']);
    expect(lstatSync(path.join(wt.path, 'app', 'node_modules', 'left-pad')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(wt.path, 'app', 'node_modules', 'left-pad', 'index.js'), 'utf8')).toContain('module.exports');
    // Ignored, so the task's commit never takes the links along.
    expect(ws.repo.git(['status', '--porcelain'], wt.path)).toBe('');
  });

  it('leaves node_modules alone where git would commit the link', async () => {
    ws = await makeWorkspace({ 'README.md': '# no ignores\n', 'app/PROJECT_SPEC.md': '# Spec\n' });
    install(ws.dir);
    const { repo, wt } = await worktree(ws);

    expect(await linkInstalledPackages(repo, wt.path, 'app')).toEqual([]);
    expect(existsSync(path.join(wt.path, 'node_modules'))).toBe(false);
  });

  it("never lets cleaning or removing the worktree delete the user's packages", async () => {
    ws = await makeWorkspace();
    install(ws.dir);
    const { repo, wt } = await worktree(ws);
    await linkInstalledPackages(repo, wt.path, '.');

    // How a recycled worktree is cleaned, then how one is removed.
    expect((await repo.git(['clean', '-ffdxq'], { cwd: wt.path })).code).toBe(0);
    expect(existsSync(path.join(wt.path, 'node_modules'))).toBe(false);
    await linkInstalledPackages(repo, wt.path, '.');
    const removed = await removeTaskWorktree(repo, wt);

    expect(removed.ok).toBe(true);
    expect(existsSync(wt.path)).toBe(false);
    expect(existsSync(path.join(ws.dir, 'node_modules', 'left-pad', 'index.js'))).toBe(true);
  });
});

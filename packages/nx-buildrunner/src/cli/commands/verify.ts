import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { verifyTask } from '../../executors/verify/checks';
import { linkInstalledPackages } from '../../executors/task/installed-packages';
import { taskOutputDir } from '../../plugin/paths';
import { describeFailure } from '../../runtime/git/exec';
import { DEFAULT_INTEGRATION_BRANCH } from '../../runtime/git/names';
import { readBranchTips } from '../../runtime/git/refs';
import { openRepo, type Repo } from '../../runtime/git/repo';
import { readTaskResult } from '../../runtime/record/write';
import { type CliIo, EXIT_OK, EXIT_SPEC_ERROR, UsageError } from '../io';
import { type GraphTask, readGraphTasks } from '../nx';
import { plural } from '../table';
import { workspaceRootOrThrow } from '../workspace';
import { duration } from '../format';

/** A verify command's time limit when the plugin sets none (the verify executor's default). */
const DEFAULT_TIMEOUT_MS = 600_000;

export function registerVerify(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('verify')
    .description('Check finished tasks again on the integration branch as it is now (files exist, verify commands pass)')
    .argument('[task]', 'only this task (default: every merged task)')
    .option('--spec <file>', 'only tasks of this spec')
    .action(async (id: string | undefined, opts: { spec?: string }) => done(await verify(io, id, opts.spec)));
}

/** The spec's folder inside the repository, POSIX (`.` at the root). */
function specDirIn(repo: Repo, root: string, spec: string): string {
  const rel = path.relative(repo.root, path.resolve(root, path.dirname(spec)));
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

async function verify(io: CliIo, id: string | undefined, spec: string | undefined): Promise<number> {
  const root = workspaceRootOrThrow(io.cwd);
  const graph = await readGraphTasks(root, io.env);
  if (!graph.ok) {
    io.err(graph.message);
    return EXIT_SPEC_ERROR;
  }
  const specKey = spec === undefined ? undefined : path.relative(root, path.resolve(io.cwd, spec)).split(path.sep).join('/');
  const tasks = graph.tasks.filter((t) => (specKey === undefined || t.options.spec === specKey) && (id === undefined || t.options.task.id === id));
  if (id !== undefined && tasks.length === 0) throw new UsageError(`no task "${id}"${specKey ? ` in ${specKey}` : ''} (br task list shows them)`);

  const merged: GraphTask[] = [];
  for (const t of tasks) {
    const read = await readTaskResult(taskOutputDir(root, t.options.spec, t.options.task.id));
    if (read.ok && read.result.status === 'merged') merged.push(t);
    else if (id !== undefined) {
      io.err(`br: ${id} has not been merged${read.ok ? ` (its result says ${read.result.status})` : ''}: nothing to verify yet`);
      return EXIT_SPEC_ERROR;
    }
  }
  if (merged.length === 0) {
    io.out('no merged tasks to verify');
    return EXIT_OK;
  }

  const opened = await openRepo(root);
  if (!opened.ok) {
    io.err(`br: ${opened.message}`);
    return EXIT_SPEC_ERROR;
  }
  const repo = opened.repo;
  let failed = 0;
  const byBranch = new Map<string, GraphTask[]>();
  for (const t of merged) {
    const branch = t.options.integrationBranch ?? DEFAULT_INTEGRATION_BRANCH;
    byBranch.set(branch, [...(byBranch.get(branch) ?? []), t]);
  }
  for (const [branch, group] of byBranch) {
    const tips = await readBranchTips(repo, [branch]);
    const tip = tips.ok ? tips.tips.get(branch)?.commit : undefined;
    if (tip === undefined) {
      io.err(`br: integration branch ${branch} does not exist`);
      return EXIT_SPEC_ERROR;
    }
    io.out(`verifying ${plural(group.length, 'merged task')} on ${branch} at ${tip.slice(0, 12)}`);
    // A checkout of its own, outside the workspace: the user's files and the task worktrees stay as they are.
    const dir = await fs.mkdtemp(path.join(tmpdir(), 'br-verify-'));
    try {
      const added = await repo.git(['worktree', 'add', '--detach', '-q', dir, tip], { timeoutMs: repo.treeTimeoutMs });
      if (added.code !== 0) {
        io.err(`br: checking out ${branch}: ${describeFailure(added)}`);
        return EXIT_SPEC_ERROR;
      }
      for (const t of group) {
        const specDir = specDirIn(repo, root, t.options.spec);
        await linkInstalledPackages(repo, dir, specDir);
        const report = await verifyTask(t.options.task, {
          cwd: path.join(dir, ...specDir.split('/')),
          timeoutMs: t.options.verification?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          env: { ...io.env, NX_DAEMON: 'false' },
        });
        if (!report.ok) failed++;
        io.out(`${report.ok ? 'ok  ' : 'FAIL'} ${t.options.task.id}: ${report.summary} (${duration(report.durationMs)})`);
        if (!report.ok) for (const c of report.commands.filter((x) => x.exitCode !== 0)) io.out(c.output.trimEnd().split('\n').map((l) => `     ${l}`).join('\n'));
      }
    } finally {
      await repo.git(['worktree', 'remove', '--force', '--force', dir]);
      await fs.rm(dir, { recursive: true, force: true });
      await repo.git(['worktree', 'prune']);
    }
  }
  io.out(failed === 0 ? `all ${plural(merged.length, 'merged task')} verified` : `${failed} of ${plural(merged.length, 'merged task')} failed verification`);
  return failed === 0 ? EXIT_OK : EXIT_SPEC_ERROR;
}

import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGitRunner, nulFields, text, type GitOutput, type GitRunner } from './exec';
import { gitFailure, type GitFailure } from './result';

export interface Identity {
  name: string;
  email: string;
}

/** Who commits when neither the repository nor the environment says (fresh CI machines). */
export const FALLBACK_IDENTITY: Identity = { name: 'BuildRunner', email: 'buildrunner@localhost' };

export interface GitOptions {
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

export interface Repo {
  /** Top level of the working tree the run was started from: the user's checkout. */
  root: string;
  /** The git directory shared by every worktree (refs, objects, info/exclude). */
  commonDir: string;
  /** `<root>/.buildrunner`: run state, locks and, by default, task worktrees. */
  stateDir: string;
  worktreesDir: string;
  /** Time limit for commands that write or delete a whole tree (worktree add/remove, reset). */
  treeTimeoutMs: number;
  /** git with the run's fixed settings, in `cwd` (default `root`). */
  git(args: readonly string[], options?: GitOptions): Promise<GitOutput>;
}

export interface OpenRepoOptions {
  runner?: GitRunner;
  /** Used only for what the repository does not configure itself. Default FALLBACK_IDENTITY. */
  identity?: Identity;
  /** Default `<root>/.buildrunner/worktrees`. */
  worktreesDir?: string;
  /** Default 600 s. */
  treeTimeoutMs?: number;
  /** Where identity variables (GIT_AUTHOR_NAME, ...) are looked up. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export type OpenRepoResult = { ok: true; repo: Repo } | GitFailure;

/**
 * Settings for every command: no user hooks (a husky pre-commit or an LFS post-checkout has no
 * business in a task's scratch worktree and costs time on the hot path), no automatic gc pausing
 * a merge, no signing prompt, no autostash hiding a dirty worktree.
 */
function fixedConfig(commonDir: string): string[] {
  // A hooks directory that never exists: portable, unlike /dev/null on Windows.
  const noHooks = path.join(commonDir, 'buildrunner', 'no-hooks');
  return [
    `core.hooksPath=${noHooks}`,
    'gc.auto=0',
    'maintenance.auto=false',
    'commit.gpgSign=false',
    'rebase.autoStash=false',
    'rebase.updateRefs=false',
    'advice.detachedHead=false',
  ].flatMap((kv) => ['-c', kv]);
}

function identityConfig(configured: string[], env: NodeJS.ProcessEnv, identity: Identity): string[] {
  const has = (key: 'name' | 'email'): boolean => {
    const upper = key.toUpperCase();
    const fromEnv = env[`GIT_AUTHOR_${upper}`] && env[`GIT_COMMITTER_${upper}`];
    return Boolean(fromEnv) || configured.includes(`user.${key}`);
  };
  const args: string[] = [];
  if (!has('name')) args.push('-c', `user.name=${identity.name}`);
  if (!has('email')) args.push('-c', `user.email=${identity.email}`);
  return args;
}

/**
 * Commands that look at every worktree (`worktree add`, `checkout -B`, `rebase` check that a
 * branch is not checked out elsewhere) die with "failed to read .git/worktrees/<x>/commondir"
 * while another process is half-way through `git worktree add`: parallel tasks hit this. The
 * check comes before any change, so running the command again is safe.
 */
const WORKTREE_RACE = /failed to read .*worktrees[/\\][^/\\]+[/\\](?:commondir|gitdir|HEAD)/;

async function retryingRaces(run: () => Promise<GitOutput>): Promise<GitOutput> {
  let out = await run();
  for (let attempt = 1; attempt <= 4 && out.code !== 0 && WORKTREE_RACE.test(out.stderr); attempt++) {
    await sleep(10 * attempt + Math.random() * 40);
    out = await run();
  }
  return out;
}

/** Finds the repository containing `dir` and fixes how the run talks to it. */
export async function openRepo(dir: string, options: OpenRepoOptions = {}): Promise<OpenRepoResult> {
  const runner = options.runner ?? createGitRunner();
  const cwd = path.resolve(dir);
  const [where, config] = await Promise.all([
    runner(['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-common-dir'], { cwd }),
    runner(['config', '-z', '--get-regexp', '^user\\.(name|email)$'], { cwd }),
  ]);
  if (where.code !== 0) return gitFailure(`${cwd} is not inside a git working tree`, where);
  const [root, commonDir] = text(where).trim().split('\n');
  if (!root || !commonDir) return gitFailure(`${cwd}: unexpected rev-parse output`, where);
  // `config -z --get-regexp` prints `key\nvalue\0`; exit 1 means none is set.
  const configured = config.code === 0 ? nulFields(config).map((entry) => entry.split('\n')[0] ?? '') : [];
  const prefix = [
    ...fixedConfig(commonDir),
    ...identityConfig(configured, options.env ?? process.env, options.identity ?? FALLBACK_IDENTITY),
  ];
  const stateDir = path.join(root, '.buildrunner');
  return {
    ok: true,
    repo: {
      root,
      commonDir,
      stateDir,
      worktreesDir: path.resolve(root, options.worktreesDir ?? path.join(stateDir, 'worktrees')),
      treeTimeoutMs: options.treeTimeoutMs ?? 600_000,
      git: (args, o = {}) => retryingRaces(() => runner([...prefix, ...args], { cwd: o.cwd ?? root, input: o.input, timeoutMs: o.timeoutMs })),
    },
  };
}

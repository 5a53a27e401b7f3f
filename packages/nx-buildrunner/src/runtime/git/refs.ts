import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { text, type GitOutput } from './exec';
import { headRef } from './names';
import type { Repo } from './repo';
import { gitFailure, type GitFailure } from './result';

export interface BranchTip {
  commit: string;
  tree: string;
}

export type TipsResult = { ok: true; tips: Map<string, BranchTip> } | GitFailure;

/** Tips of several branches in one git call; a branch that does not exist is absent from the map. */
export async function readBranchTips(repo: Repo, branches: readonly string[]): Promise<TipsResult> {
  const out = await repo.git(['for-each-ref', '--format=%(refname)%00%(objectname)%00%(tree)', ...branches.map(headRef)]);
  if (out.code !== 0) return gitFailure('reading branches', out);
  const wanted = new Map(branches.map((b) => [headRef(b), b]));
  const tips = new Map<string, BranchTip>();
  for (const line of text(out).split('\n')) {
    const [ref, commit, tree] = line.split('\0');
    // for-each-ref patterns also match refs below them (`br/task/a` matches `br/task/a/b`).
    const branch = ref === undefined ? undefined : wanted.get(ref);
    if (branch !== undefined && commit && tree) tips.set(branch, { commit, tree });
  }
  return { ok: true, tips };
}

export type AncestorResult = { ok: true; isAncestor: boolean } | GitFailure;

export async function isAncestor(repo: Repo, ancestor: string, descendant: string): Promise<AncestorResult> {
  if (ancestor === descendant) return { ok: true, isAncestor: true };
  const out = await repo.git(['merge-base', '--is-ancestor', ancestor, descendant]);
  if (out.code === 0 || out.code === 1) return { ok: true, isAncestor: out.code === 0 };
  return gitFailure(`comparing ${ancestor.slice(0, 12)} with ${descendant.slice(0, 12)}`, out);
}

export type RefUpdateResult =
  | { ok: true }
  /** The compare-and-swap lost: the ref is not (or no longer) at the expected value. */
  | { ok: false; reason: 'moved'; message: string }
  | GitFailure;

/** What git says when an expected old value does not hold. */
const MOVED = /but expected|reference already exists|unable to resolve reference/;
const LOCKED = /Unable to create '([^']+\.lock)': File exists/;

/**
 * A git process holds a ref's `.lock` for microseconds; one that is still there after this long
 * was left by a process killed mid-update, and would block the ref forever.
 */
const STALE_REF_LOCK_MS = 1_000;

export interface RefUpdate {
  ref: string;
  /** Object id; omitted to delete the ref. */
  to?: string;
  /** Expected current value; `''` means "must not exist yet". */
  from: string;
  message: string;
  /**
   * Set only by callers that hold the run's lock on this ref: a leftover `<ref>.lock` older than
   * a second is then known to be stale and removed.
   */
  breakStaleLock?: boolean;
}

/**
 * One atomic compare-and-swap of a ref: it either moves from `from` to `to` or stays exactly
 * where it was. This is what keeps the integration branch from ever being half-merged.
 */
export async function updateRef(repo: Repo, update: RefUpdate): Promise<RefUpdateResult> {
  const args =
    update.to === undefined
      ? ['update-ref', '-m', update.message, '-d', update.ref, update.from]
      : ['update-ref', '-m', update.message, update.ref, update.to, update.from];
  for (let attempt = 0; ; attempt++) {
    const out = await repo.git(args);
    if (out.code === 0) return { ok: true };
    const lock = LOCKED.exec(out.stderr)?.[1];
    if (lock !== undefined) {
      if (!update.breakStaleLock || attempt >= 3 || !isRefLock(repo, update.ref, lock)) return gitFailure(`updating ${update.ref}`, out);
      await clearIfStale(lock);
      continue;
    }
    if (MOVED.test(out.stderr)) return { ok: false, reason: 'moved', message: describeMove(update, out) };
    return gitFailure(`updating ${update.ref}`, out);
  }
}

function isRefLock(repo: Repo, ref: string, lock: string): boolean {
  return path.resolve(lock) === path.resolve(repo.commonDir, `${ref}.lock`);
}

async function clearIfStale(lock: string): Promise<void> {
  const stat = await fs.stat(lock).catch(() => undefined);
  if (stat === undefined) return;
  const age = Date.now() - stat.mtimeMs;
  if (age >= STALE_REF_LOCK_MS) await fs.rm(lock, { force: true });
  else await sleep(STALE_REF_LOCK_MS - age);
}

function describeMove(update: RefUpdate, out: GitOutput): string {
  const expected = update.from === '' ? 'to be absent' : `at ${update.from.slice(0, 12)}`;
  const said = out.stderr.trim().split('\n').pop() ?? '';
  return `${update.ref} changed underneath us (expected it ${expected}): ${said}`;
}

import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTurns, type Turns } from './turns';

/**
 * Cross-process locks as files: `<name>.lock` holds JSON naming its owner. Creation is
 * exclusive (O_EXCL), so exactly one process holds a lock at a time; a lock whose owner died
 * (same host, pid gone) is recovered, so `kill -9` never wedges a run.
 *
 * Recovery without races: a waiter that judges a lock stale renames it to a name of its own
 * (atomic: of several waiters exactly one gets the file, the rest get ENOENT) and then compares
 * what it renamed with what it judged. Equal: it removed exactly the dead owner's lock and
 * retries the exclusive create. Different (a live lock had replaced the dead one between the
 * read and the rename): it puts that lock back, again with O_EXCL, so it never overwrites
 * anything. Only the owner (checking its token) or such a verified breaker ever removes a lock.
 * The one window left, a third process creating a lock in the instant a displaced one is being
 * put back, is reported to the displaced owner at release (`lost`); callers whose shared state
 * matters also write it by compare-and-swap (the merge uses `git update-ref <new> <old>`).
 */

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  purpose: string;
  /** Unique per acquisition: tells two holders with the same pid (reused pids) apart. */
  token: string;
}

export interface LockOptions {
  /** Shown to whoever waits: "merge task-a into br/integration". */
  purpose: string;
  /** Default 60 s. */
  timeoutMs?: number;
  /** Backoff between attempts: starts here and doubles up to maxDelayMs (with jitter). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Injected in tests; default signal 0. */
  isAlive?: (pid: number) => boolean;
  /** Among waiters in this process, the higher goes first (default 0); across processes, first come. */
  priority?: number;
}

export interface HeldLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Removes the lock if it is still ours; safe to call more than once. */
  release(): Promise<ReleaseResult>;
}

export type ReleaseResult = { ok: true } | { ok: false; reason: 'lost'; message: string };

export type AcquireResult =
  | { ok: true; lock: HeldLock; waitedMs: number; recovered: LockOwner[] }
  | { ok: false; reason: 'timeout'; message: string; owner?: LockOwner }
  | { ok: false; reason: 'io'; message: string };

export type AcquireFailure = Exclude<AcquireResult, { ok: true }>;

/** Content that is not (yet) valid JSON: a holder between its create and its write, or one that died there. */
const UNREADABLE_GRACE_MS = 5_000;

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * A killed process whose parent has not reaped it still answers signal 0. Its orphans are
 * reparented to init, and an init that never reaps (common in containers) keeps them as zombies
 * forever: dead all the same, and their locks and runs are to be recovered.
 */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) S ...`: comm may hold spaces and parentheses, so read after the last `)`.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

type Seen = { state: 'missing' } | { state: 'held'; raw: string; owner?: LockOwner; ageMs: number };

async function inspect(file: string): Promise<Seen> {
  try {
    const [raw, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    return { state: 'held', raw, owner: parseOwner(raw), ageMs: Date.now() - stat.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw err;
  }
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const v = JSON.parse(raw) as Partial<LockOwner>;
    return typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.token === 'string'
      ? { pid: v.pid, hostname: v.hostname, startedAt: String(v.startedAt), purpose: String(v.purpose), token: v.token }
      : undefined;
  } catch {
    return undefined;
  }
}

function isStale(seen: Extract<Seen, { state: 'held' }>, isAlive: (pid: number) => boolean): boolean {
  if (!seen.owner) return seen.ageMs > UNREADABLE_GRACE_MS;
  // A pid on another machine (a shared file system) cannot be checked, so it is never taken.
  return seen.owner.hostname === os.hostname() && !isAlive(seen.owner.pid);
}

/** O_EXCL create; false when someone else holds the name. */
async function createExclusive(file: string, raw: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await handle.writeFile(raw);
  } finally {
    await handle.close();
  }
  return true;
}

/** Takes a dead owner's lock away; see the header for why this cannot remove a live one. */
async function breakStale(file: string, judged: string): Promise<boolean> {
  const aside = `${file}.stale-${process.pid}-${randomUUID()}`;
  try {
    await fs.rename(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false; // another waiter broke it
    throw err;
  }
  const taken = await fs.readFile(aside, 'utf8');
  if (taken !== judged) await createExclusive(file, taken);
  await fs.rm(aside, { force: true });
  return taken === judged;
}

function describeOwner(owner: LockOwner | undefined, alive: (pid: number) => boolean): string {
  if (!owner) return 'held by an unreadable lock file';
  const where = owner.hostname === os.hostname() ? (alive(owner.pid) ? 'running' : 'not running') : `on host ${owner.hostname}, not checked`;
  return `held by pid ${owner.pid} (${where}) since ${owner.startedAt} for "${owner.purpose}"`;
}

/**
 * Holders in one process (the tasks of a batch) line up here before they try the file, so the
 * lock passes from one to the next the moment it is released, instead of each of them polling
 * the file with a growing back-off; and the most urgent of them goes next. Keyed by absolute path.
 */
const lines = new Map<string, Turns>();

/** Waits for this process's other holders of `file`; resolves to the call that lets the next one in, or undefined on time-out. */
async function lineUp(file: string, priority: number, timeoutMs: number): Promise<(() => void) | undefined> {
  const line = lines.get(file) ?? createTurns(1);
  lines.set(file, line);
  const turn = line.take(priority);
  let timer: NodeJS.Timeout | undefined;
  const got = await Promise.race([turn, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)))]);
  clearTimeout(timer);
  // Given up: the place in line is passed on as soon as it comes.
  if (got === undefined) void turn.then((leave) => leave());
  return got;
}

export async function acquireLock(file: string, options: LockOptions): Promise<AcquireResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const minDelay = options.minDelayMs ?? 10;
  const maxDelay = options.maxDelayMs ?? 250;
  const alive = options.isAlive ?? isProcessAlive;
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), purpose: options.purpose, token: randomUUID() };
  const raw = `${JSON.stringify(owner)}\n`;
  const started = Date.now();
  const recovered: LockOwner[] = [];
  let last: Seen = { state: 'missing' };
  const next = await lineUp(path.resolve(file), options.priority ?? 0, timeoutMs);
  if (next === undefined) {
    return { ok: false, reason: 'timeout', message: `timed out after ${timeoutMs} ms waiting for lock ${file}: held by this process (pid ${process.pid}) for another purpose` };
  }
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    for (let attempt = 0; attempt === 0 || Date.now() - started < timeoutMs; attempt++) {
      if (await createExclusive(file, raw)) {
        return { ok: true, lock: heldLock(file, owner, raw, next), waitedMs: Date.now() - started, recovered };
      }
      last = await inspect(file);
      if (last.state === 'missing') continue;
      if (isStale(last, alive)) {
        if (await breakStale(file, last.raw) && last.owner) recovered.push(last.owner);
        continue;
      }
      const left = timeoutMs - (Date.now() - started);
      const backoff = Math.min(maxDelay, minDelay * 2 ** Math.min(attempt, 16));
      await sleep(Math.max(0, Math.min(left, backoff / 2 + Math.random() * (backoff / 2))));
    }
  } catch (err) {
    next();
    return { ok: false, reason: 'io', message: `lock ${file}: ${String(err)}` };
  }
  next();
  const holder = last.state === 'held' ? last.owner : undefined;
  const message = `timed out after ${timeoutMs} ms waiting for lock ${file}: ${describeOwner(holder, alive)}`;
  return holder ? { ok: false, reason: 'timeout', message, owner: holder } : { ok: false, reason: 'timeout', message };
}

function heldLock(file: string, owner: LockOwner, raw: string, next: () => void): HeldLock {
  let released = false;
  return {
    path: file,
    owner,
    async release() {
      if (released) return { ok: true };
      released = true;
      try {
        const now = await fs.readFile(file, 'utf8').catch(() => undefined);
        if (now !== raw) return { ok: false, reason: 'lost', message: `lock ${file} was no longer ours at release (taken as stale while held)` };
        await fs.rm(file, { force: true });
        return { ok: true };
      } finally {
        next();
      }
    },
  };
}

export type WithLockResult<T> = { ok: true; value: T } | AcquireFailure;

/** Runs `fn` holding the lock; the lock is released however `fn` ends. */
export async function withLock<T>(file: string, options: LockOptions, fn: (lock: HeldLock) => Promise<T>): Promise<WithLockResult<T>> {
  const acquired = await acquireLock(file, options);
  if (!acquired.ok) return acquired;
  try {
    return { ok: true, value: await fn(acquired.lock) };
  } finally {
    await acquired.lock.release();
  }
}

export type StaleLockResult = { state: 'free' } | { state: 'held'; owner?: LockOwner } | { state: 'removed'; owner?: LockOwner };

/** For recovery sweeps: removes the lock only if its owner is dead, with the same care as acquire. */
export async function removeStaleLock(file: string, isAlive: (pid: number) => boolean = isProcessAlive): Promise<StaleLockResult> {
  const seen = await inspect(file);
  if (seen.state === 'missing') return { state: 'free' };
  if (!isStale(seen, isAlive)) return { state: 'held', owner: seen.owner };
  return (await breakStale(file, seen.raw)) ? { state: 'removed', owner: seen.owner } : { state: 'free' };
}

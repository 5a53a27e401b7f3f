import * as path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { JournalSink } from '../journal/types';
import { NO_JOURNAL, type TaskFlags } from './flags';
import type { IgnoreFilter } from './ignore';
import type { ScopePolicy } from './policy';
import type { TaskScope } from './scope';
import { specRelative } from './spec-paths';

export type FileChangeKind = 'add' | 'change' | 'unlink';

export interface WatchOptions {
  taskId: string;
  /** Absolute path of the task's worktree. */
  worktree: string;
  /** The spec's folder inside it, POSIX (`.` for the root): events name paths relative to it. */
  specDir: string;
  scope: TaskScope;
  /** `off`: no live flags; otherwise a write out of scope is flagged at once as a warning. */
  policy: ScopePolicy;
  flags: TaskFlags;
  journal?: JournalSink;
  /** Drops paths git ignores (build output, caches): they are never part of the task's change. */
  ignored: IgnoreFilter;
  /** Changes are gathered this long, so a burst of writes costs one `ignored` call. Default 100 ms. */
  flushMs?: number;
  /** Told once when the watcher breaks down; the checks on the committed change still decide. */
  onError?: (message: string) => void;
  /** A tree whose initial scan takes longer is not watched (the task goes on without a live feed). Default 30 s. */
  readyTimeoutMs?: number;
}

export interface WorktreeMonitor {
  /** Stops watching and reports what was still pending; afterwards nothing is held open. */
  close(): Promise<void>;
}

/** Never watched: git's own files, installed packages (linked into worktrees), run state. */
const SKIPPED = new Set(['.git', 'node_modules', '.buildrunner']);

/** Two changes to one path within a flush: what they amount to, or undefined when nothing happened. */
export function combine(first: FileChangeKind | undefined, next: FileChangeKind): FileChangeKind | undefined {
  if (first === undefined) return next;
  if (first === 'add') return next === 'unlink' ? undefined : 'add';
  if (first === 'unlink') return next === 'unlink' ? 'unlink' : 'change';
  return next === 'unlink' ? 'unlink' : 'change';
}

/**
 * The live feed of a task: every file written, changed or deleted in its worktree becomes a
 * `file-changed` event (with whether the task declared it), and a write outside the task's scope
 * an early `scope` warning. What is watched: the spec's folder, all of it, and the files at the
 * worktree's root; a monorepo's other folders would cost a watch each per running task, and a
 * stray write there is still found by the scope check. Early, not final: a watcher can miss events
 * (overflowing kernel queues, limits on watches), so the scope check on the task's committed
 * change decides. Resolves once the initial scan is done, so nothing the agent does afterwards is
 * missed.
 */
export async function watchWorktree(options: WatchOptions): Promise<WorktreeMonitor> {
  const journal = options.journal ?? NO_JOURNAL;
  const root = path.resolve(options.worktree);
  const pending = new Map<string, FileChangeKind>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let failed = false;

  const report = (message: string) => {
    if (failed) return;
    failed = true;
    options.onError?.(`watching ${root}: ${message}`);
  };

  const emit = async (batch: Array<[string, FileChangeKind]>) => {
    const ignored = await options.ignored(batch.map(([p]) => p)).catch(() => new Set<string>());
    for (const [rel, change] of batch) {
      if (ignored.has(rel)) continue;
      const file = specRelative(rel, options.specDir);
      const verdict = options.scope.judge(file);
      journal.append({ type: 'file-changed', task: options.taskId, path: file, change, declared: verdict.declared });
      if (options.policy !== 'off' && !verdict.inScope) {
        options.flags.raise({ severity: 'warning', rule: 'scope', message: `${file} ${verdict.reason}`, path: file });
      }
    }
  };

  const flush = () => {
    timer = undefined;
    const batch = [...pending.entries()];
    pending.clear();
    if (batch.length > 0) flushing = flushing.then(() => emit(batch));
    return flushing;
  };

  const onEvent = (event: string, p: string) => {
    if (event !== 'add' && event !== 'change' && event !== 'unlink') return;
    const rel = path.relative(root, p).split(path.sep).join('/');
    const kind = combine(pending.get(rel), event);
    if (kind === undefined) pending.delete(rel);
    else pending.set(rel, kind);
    timer ??= setTimeout(flush, options.flushMs ?? 100);
  };
  const ignored = (p: string) => path.relative(root, p).split(path.sep).some((s) => SKIPPED.has(s));
  const targets: Array<{ dir: string; depth?: number }> =
    options.specDir === '.' ? [{ dir: root }] : [{ dir: path.join(root, ...options.specDir.split('/')) }, { dir: root, depth: 0 }];
  const watchers: FSWatcher[] = targets.map(({ dir, depth }) =>
    watch(dir, { ignoreInitial: true, followSymlinks: false, ignorePermissionErrors: true, ignored, ...(depth === undefined ? {} : { depth }) }).on('all', onEvent),
  );
  const closeAll = () => Promise.all(watchers.map((w) => w.close()));

  let slow: NodeJS.Timeout | undefined;
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const tooSlow = new Promise<never>((_, reject) => {
    slow = setTimeout(() => reject(new Error(`the initial scan took more than ${timeoutMs} ms`)), timeoutMs);
  });
  const ready = watchers.map(
    (watcher) =>
      new Promise<void>((resolve, reject) => {
        const onError = (error: unknown) => reject(error instanceof Error ? error : new Error(String(error)));
        watcher.once('error', onError);
        watcher.once('ready', () => {
          watcher.off('error', onError);
          resolve();
        });
      }),
  );
  await Promise.race([Promise.all(ready), tooSlow])
    .catch(async (error: Error) => {
      await closeAll();
      throw error;
    })
    .finally(() => clearTimeout(slow));
  for (const watcher of watchers) watcher.on('error', (error) => report(error instanceof Error ? error.message : String(error)));

  return {
    async close() {
      if (timer !== undefined) clearTimeout(timer);
      await closeAll();
      await flush();
    },
  };
}

/** Gives a turn back; calling it again does nothing. */
export type Release = () => void;

/**
 * A fixed number of turns handed out by priority: whoever waits with the highest priority gets
 * the next free turn, ties in order of asking. The tasks of a batch take turns this way at their
 * agents and at the merge lock, so the task heading the longest chain of remaining work is never
 * stuck behind one that can wait.
 *
 * A turn can also be kept for a task that is about to ask: when a task's agent is done, its
 * successor on the critical chain still has to wait for the merge and set up its worktree before
 * it asks. Handing the turn to a less urgent task meanwhile would make the chain wait for that
 * task's whole agent run; keeping it costs the turn that short gap instead. A kept turn goes to
 * its task the moment it asks, to anyone more urgent who asks first, and back to the others when
 * dropped. At most `count - 1` turns are kept at once, so the tasks that hold up the one a turn is
 * kept for (it may not even be started yet) always have a turn to finish with.
 */
export interface Turns {
  /** Waits for a turn; `key` names the asker, whose kept turn (see `keep`) is then its at once. */
  take(priority: number, key?: string): Promise<Release>;
  /** Keeps the next free turn for `key`, unless someone more urgent is waiting for it. */
  keep(key: string, priority: number): void;
  /** `key` will not ask after all: its kept turn, or its place in line for one, goes to the others. */
  drop(key: string): void;
  /** Whether a turn is kept for `key`, or waited for on its behalf. */
  keeps(key: string): boolean;
}

interface Waiter {
  priority: number;
  order: number;
  /** Set for a turn kept for `key`; unset for a task waiting itself. */
  keepFor?: string;
  grant?: (release: Release) => void;
}

export function createTurns(count: number): Turns {
  const total = Math.max(1, Math.floor(count));
  let free = total;
  let asked = 0;
  const waiting: Waiter[] = [];
  /** Turns kept for a task that has not asked yet, by its key: the priority they were kept at. */
  const kept = new Map<string, number>();

  const releaser = (): Release => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      free += 1;
      grantNext();
    };
  };

  const grantNext = () => {
    while (free > 0) {
      const mayKeep = kept.size < total - 1;
      let best = -1;
      for (let i = 0; i < waiting.length; i++) {
        const w = waiting[i]!;
        if (w.keepFor !== undefined && !mayKeep) continue;
        const b = best < 0 ? undefined : waiting[best]!;
        if (!b || w.priority > b.priority || (w.priority === b.priority && w.order < b.order)) best = i;
      }
      if (best < 0) return;
      const w = waiting.splice(best, 1)[0]!;
      free -= 1;
      if (w.keepFor !== undefined) kept.set(w.keepFor, w.priority);
      else w.grant!(releaser());
    }
  };

  /** A kept turn less urgent than `priority`, given back to the line so `priority` can have it. */
  const unkeepFor = (priority: number) => {
    let lowest: [string, number] | undefined;
    for (const entry of kept) if (entry[1] < priority && (!lowest || entry[1] < lowest[1])) lowest = entry;
    if (!lowest) return;
    kept.delete(lowest[0]);
    free += 1;
    waiting.push({ priority: lowest[1], order: asked++, keepFor: lowest[0] });
  };

  const queuedKeep = (key: string) => waiting.findIndex((w) => w.keepFor === key);

  return {
    take(priority, key) {
      if (key !== undefined && kept.delete(key)) return Promise.resolve(releaser());
      return new Promise<Release>((resolve) => {
        // A turn waited for on `key`'s behalf keeps its place in line for it.
        const at = key === undefined ? -1 : queuedKeep(key);
        const order = at < 0 ? asked++ : waiting.splice(at, 1)[0]!.order;
        waiting.push({ priority, order, grant: resolve });
        if (free === 0) unkeepFor(priority);
        grantNext();
      });
    },
    keep(key, priority) {
      if (kept.has(key) || queuedKeep(key) >= 0) return;
      waiting.push({ priority, order: asked++, keepFor: key });
      grantNext();
    },
    drop(key) {
      if (kept.delete(key)) {
        free += 1;
        grantNext();
        return;
      }
      const at = queuedKeep(key);
      if (at >= 0) waiting.splice(at, 1);
    },
    keeps(key) {
      return kept.has(key) || queuedKeep(key) >= 0;
    },
  };
}

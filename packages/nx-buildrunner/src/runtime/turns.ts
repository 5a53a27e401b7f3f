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
 *
 * A task that has started but is still setting up can claim its place: a free turn then does not
 * go to a less urgent task that happens to be ready first. Tasks that start together (the first
 * ones of a run) would otherwise get their agents in the order their worktrees were ready, and
 * the head of the longest chain could wait for another task's whole agent run.
 */
export interface Turns {
  /** Waits for a turn; `key` names the asker, whose kept turn (see `keep`) is then its at once. */
  take(priority: number, key?: string): Promise<Release>;
  /** Keeps the next free turn for `key`, unless someone more urgent is waiting for it. */
  keep(key: string, priority: number): void;
  /**
   * `key` has started and will ask at `priority` once it is set up: until then, free turns go to
   * less urgent askers only while more turns are free than more urgent tasks have claimed.
   */
  claim(key: string, priority: number): void;
  /** `key` will not ask after all: its claim, its kept turn, or its place in line for one, goes to the others. */
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
  /** Tasks setting up that will ask: their priority and place in line. */
  const claims = new Map<string, { priority: number; order: number }>();
  const before = (a: { priority: number; order: number }, b: { priority: number; order: number }) =>
    a.priority > b.priority || (a.priority === b.priority && a.order < b.order);

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
        if (!b || before(w, b)) best = i;
      }
      if (best < 0) return;
      let ahead = 0;
      for (const c of claims.values()) if (before(c, waiting[best]!)) ahead += 1;
      // The free turns are spoken for by more urgent tasks still setting up.
      if (ahead >= free) return;
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
      const claim = key === undefined ? undefined : claims.get(key);
      if (key !== undefined) claims.delete(key);
      if (key !== undefined && kept.delete(key)) {
        // Its claim no longer holds a turn back from the others.
        grantNext();
        return Promise.resolve(releaser());
      }
      return new Promise<Release>((resolve) => {
        // A turn waited for on `key`'s behalf, or a claim, keeps its place in line for it.
        const at = key === undefined ? -1 : queuedKeep(key);
        const order = at >= 0 ? waiting.splice(at, 1)[0]!.order : (claim?.order ?? asked++);
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
    claim(key, priority) {
      // A task a turn is kept for, or waited for, has its place already.
      if (claims.has(key) || kept.has(key) || queuedKeep(key) >= 0) return;
      claims.set(key, { priority, order: asked++ });
    },
    drop(key) {
      if (claims.delete(key)) grantNext();
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

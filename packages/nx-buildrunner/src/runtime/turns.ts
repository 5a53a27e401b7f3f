/**
 * A fixed number of turns handed out by priority: whoever waits with the highest priority gets
 * the next free turn, ties in order of asking. The tasks of a batch take turns this way at their
 * agents and at the merge lock, so the task heading the longest chain of remaining work is never
 * stuck behind one that can wait.
 */
export function prioritySlots(count: number): (priority: number) => Promise<() => void> {
  let free = Math.max(1, Math.floor(count));
  let asked = 0;
  const waiting: Array<{ priority: number; order: number; grant: () => void }> = [];

  const grantNext = () => {
    while (free > 0 && waiting.length > 0) {
      let best = 0;
      for (let i = 1; i < waiting.length; i++) {
        const w = waiting[i]!;
        const b = waiting[best]!;
        if (w.priority > b.priority || (w.priority === b.priority && w.order < b.order)) best = i;
      }
      free -= 1;
      waiting.splice(best, 1)[0]!.grant();
    }
  };

  return (priority) =>
    new Promise((resolve) => {
      waiting.push({
        priority,
        order: asked++,
        grant: () => {
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            free += 1;
            grantNext();
          });
        },
      });
      grantNext();
    });
}

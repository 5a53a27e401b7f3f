/** Handles that keep a process alive after watching: what a leaked watcher leaves behind. */
export function watchHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap' || r === 'StatWatcher').length;
}

/** Waits for a condition the file system makes true some time later. */
export async function until(predicate: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

import type { Repo } from './repo';

/**
 * Checks whose answer holds for as long as one repository handle lives. A batch shares one handle
 * across all its tasks (executors/task/batch.ts), so each such check asks git once per batch
 * instead of once per task; a handle per task, as a task process has, asks every time.
 */
const settled = new WeakMap<Repo, Set<string>>();

export function isSettled(repo: Repo, check: string): boolean {
  return settled.get(repo)?.has(check) ?? false;
}

export function settle(repo: Repo, check: string): void {
  const done = settled.get(repo) ?? new Set<string>();
  done.add(check);
  settled.set(repo, done);
}

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { TOOL_LIMITS } from './limits';

/** Never listed or searched: git's own store, and dependency trees nobody should read whole. */
const SKIPPED = new Set(['.git', 'node_modules']);

export interface WalkEntry {
  /** Worktree-relative POSIX path. */
  rel: string;
  abs: string;
  /** Symlinks are reported but never followed or read, so they cannot lead outside. */
  symlink: boolean;
}

export interface Walk {
  entries: WalkEntry[];
  /** The walk stopped at the file limit before seeing everything. */
  truncated: boolean;
}

/** Files under `startAbs` (itself inside the worktree at `startRel`), depth-first in name order. */
export async function walkFiles(startAbs: string, startRel: string): Promise<Walk> {
  const entries: WalkEntry[] = [];
  const pending: Array<{ abs: string; rel: string }> = [{ abs: startAbs, rel: startRel === '.' ? '' : startRel }];
  while (pending.length > 0) {
    const dir = pending.pop();
    if (dir === undefined) break;
    let children;
    try {
      children = await readdir(dir.abs, { withFileTypes: true });
    } catch {
      continue; // unreadable directories are skipped, not fatal
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: Array<{ abs: string; rel: string }> = [];
    for (const child of children) {
      if (SKIPPED.has(child.name.toLowerCase())) continue;
      const abs = path.join(dir.abs, child.name);
      const rel = dir.rel ? `${dir.rel}/${child.name}` : child.name;
      if (child.isDirectory()) subdirs.push({ abs, rel });
      else if (child.isFile() || child.isSymbolicLink()) {
        if (entries.length >= TOOL_LIMITS.maxWalkFiles) return { entries, truncated: true };
        entries.push({ rel, abs, symlink: child.isSymbolicLink() });
      }
    }
    // Reversed onto the stack so the first subdirectory is visited first.
    pending.push(...subdirs.reverse());
  }
  return { entries, truncated: false };
}

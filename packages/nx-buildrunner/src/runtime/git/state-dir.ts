import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Repo } from './repo';
import { gitFailure, type GitFailure } from './result';
import { isSettled, settle } from './settled';

const EXCLUDED = 'run folders excluded';

export type ExcludeResult = { ok: true; added: string[] } | GitFailure | { ok: false; reason: 'io'; message: string };

/** Folders of the run that live inside the user's tree, as root-relative POSIX paths. */
function runFolders(repo: Repo): string[] {
  const rels = new Set(
    [repo.stateDir, repo.worktreesDir]
      .map((dir) => path.relative(repo.root, dir))
      .filter((rel) => rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel))
      .map((rel) => rel.split(path.sep).join('/')),
  );
  return [...rels].filter((rel) => ![...rels].some((other) => rel.startsWith(`${other}/`)));
}

/**
 * Keeps `.buildrunner/` (state, locks, worktrees) out of the user's `git status`. The user's
 * `.gitignore` is theirs and is never edited: the pattern goes to `info/exclude`, which git reads
 * for every worktree of the repository and never commits. Cheap when already done (one file read).
 */
export async function ensureStateDirExcluded(repo: Repo): Promise<ExcludeResult> {
  if (isSettled(repo, EXCLUDED)) return { ok: true, added: [] };
  const excludeFile = path.join(repo.commonDir, 'info', 'exclude');
  let current = '';
  try {
    current = await fs.readFile(excludeFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, reason: 'io', message: `${excludeFile}: ${String(err)}` };
  }
  const lines = new Set(current.split(/\r?\n/).map((l) => l.trim()));
  const added: string[] = [];
  for (const rel of runFolders(repo)) {
    const pattern = `/${rel}/`;
    if (lines.has(pattern)) continue;
    const check = await repo.git(['check-ignore', '-q', `${rel}/`]);
    if (check.code === 0) continue;
    if (check.code !== 1) return gitFailure(`cannot tell whether ${rel}/ is ignored`, check);
    added.push(pattern);
  }
  if (added.length === 0) {
    settle(repo, EXCLUDED);
    return { ok: true, added };
  }
  try {
    await fs.mkdir(path.dirname(excludeFile), { recursive: true });
    const lead = current === '' || current.endsWith('\n') ? '' : '\n';
    await fs.appendFile(excludeFile, `${lead}# nx-buildrunner run state and task worktrees\n${added.join('\n')}\n`);
  } catch (err) {
    return { ok: false, reason: 'io', message: `${excludeFile}: ${String(err)}` };
  }
  settle(repo, EXCLUDED);
  return { ok: true, added };
}

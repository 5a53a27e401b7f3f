/**
 * What a conflict looks like to whoever resolves it (one agent turn, supplied by the executor),
 * and how we check that it is really gone afterwards.
 */

export interface ConflictInfo {
  taskId: string;
  /** The task's worktree, stopped in a rebase with conflict markers in `files`. */
  worktree: string;
  /** Worktree-relative POSIX paths with unresolved conflicts. */
  files: string[];
  /** Each conflict with a few lines around it and line numbers, bounded in size. */
  conflictText: string;
}

export type ResolveOutcome = { ok: true } | { ok: false; message: string };

/**
 * Edits the files in `info.worktree` so that no conflict remains. Throwing counts as failing.
 * It must not commit or continue the rebase: that is the merge's job.
 */
export type ConflictResolver = (info: ConflictInfo) => Promise<ResolveOutcome>;

const OPENING = /^<{7}(?: |$)/;
const CLOSING = /^>{7}(?: |$)/;

export function hasConflictMarkers(content: string): boolean {
  return content.split('\n').some((line) => OPENING.test(line) || CLOSING.test(line));
}

export interface ExcerptLimits {
  contextLines: number;
  maxChars: number;
}

export const DEFAULT_EXCERPT_LIMITS: ExcerptLimits = { contextLines: 3, maxChars: 24_000 };

/** Line ranges (0-based, inclusive) from each `<<<<<<<` to its `>>>>>>>`. */
function conflictRanges(lines: readonly string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let open = -1;
  lines.forEach((line, i) => {
    if (OPENING.test(line) && open < 0) open = i;
    else if (CLOSING.test(line) && open >= 0) {
      ranges.push([open, i]);
      open = -1;
    }
  });
  if (open >= 0) ranges.push([open, lines.length - 1]);
  return ranges;
}

/** The conflicts of one file, each with context, as numbered lines. */
export function conflictExcerpt(file: string, content: string, contextLines = DEFAULT_EXCERPT_LIMITS.contextLines): string {
  const lines = content.split('\n');
  const ranges = conflictRanges(lines);
  if (ranges.length === 0) return `=== ${file}: conflicted, no markers in the text (a file deleted on one side, or binary)\n`;
  const width = String(lines.length).length;
  const parts = ranges.map(([from, to], n) => {
    const start = Math.max(0, from - contextLines);
    const end = Math.min(lines.length - 1, to + contextLines);
    const body = lines.slice(start, end + 1).map((l, i) => `${String(start + i + 1).padStart(width)}| ${l}`);
    return `=== ${file} (conflict ${n + 1} of ${ranges.length}, lines ${from + 1}-${to + 1})\n${body.join('\n')}\n`;
  });
  return parts.join('');
}

/** All files' excerpts, cut at `maxChars` with a note saying what was left out. */
export function conflictText(files: ReadonlyArray<{ path: string; content: string }>, limits: ExcerptLimits = DEFAULT_EXCERPT_LIMITS): string {
  let out = '';
  for (const [i, f] of files.entries()) {
    const part = conflictExcerpt(f.path, f.content, limits.contextLines);
    if (out.length + part.length > limits.maxChars) {
      const room = Math.max(0, limits.maxChars - out.length);
      const rest = files.slice(i + 1).map((g) => g.path);
      const unseen = rest.length > 0 ? `; not shown: ${rest.join(', ')}` : '';
      return `${out}${part.slice(0, room)}\n[... cut at ${limits.maxChars} characters in ${f.path}${unseen}; read the files themselves]\n`;
    }
    out += part;
  }
  return out;
}

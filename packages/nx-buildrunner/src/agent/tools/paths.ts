import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The sandbox boundary of the file tools: every path the model names is resolved to a real
 * location inside the worktree, or refused with a reason the model can act on. Symlinks are
 * followed before judging, so a link inside the worktree cannot lend access to what is outside;
 * `.git` is refused at any depth, because writing there rewrites history behind verification.
 */

export interface Sandbox {
  /** The worktree as given (absolute). */
  readonly root: string;
  /** Its real path; everything resolved must stay under it. */
  readonly realRoot: string;
}

export interface SandboxPath {
  /** Real absolute path. */
  abs: string;
  /** Worktree-relative POSIX path of the real location ('.' for the root). */
  rel: string;
}

export type PathResult = { ok: true; path: SandboxPath } | { ok: false; error: string };

export async function openSandbox(worktree: string): Promise<Sandbox> {
  const root = path.resolve(worktree);
  return { root, realRoot: await realpath(root) };
}

export async function resolveInSandbox(sandbox: Sandbox, input: string): Promise<PathResult> {
  if (input.includes('\0')) return refuse(`path ${JSON.stringify(input)} contains a NUL byte`);
  if (input.trim() === '') return refuse('path is empty');

  const lexical = lexicalPath(sandbox, input);
  if (lexical === undefined) return refuse(`${input} is outside the worktree; use a path relative to the worktree root`);
  if (touchesGit(lexical)) return refuse(`${input} is inside .git, which tools may not read or write`);

  const real = await realLocation(path.join(sandbox.realRoot, lexical));
  if (!real.ok) return refuse(`${input}: ${real.error}`);
  const rel = path.relative(sandbox.realRoot, real.abs);
  if (escapes(rel)) return refuse(`${input} leads outside the worktree through a symbolic link`);
  if (touchesGit(rel)) return refuse(`${input} leads into .git through a symbolic link`);
  return { ok: true, path: { abs: real.abs, rel: toPosix(rel) || '.' } };
}

/** Like resolveInSandbox, for a directory that must exist. */
export async function resolveDirectory(sandbox: Sandbox, input: string): Promise<PathResult> {
  const resolved = await resolveInSandbox(sandbox, input);
  if (!resolved.ok) return resolved;
  const { abs, rel } = resolved.path;
  try {
    if (!(await stat(abs)).isDirectory()) return refuse(`${rel} is a file, not a directory`);
  } catch {
    return refuse(`${rel} does not exist`);
  }
  return resolved;
}

/** Worktree-relative form of `input`, or undefined when it names a place outside. */
function lexicalPath(sandbox: Sandbox, input: string): string | undefined {
  if (!path.isAbsolute(input)) {
    const rel = path.relative(sandbox.realRoot, path.resolve(sandbox.realRoot, input));
    return escapes(rel) ? undefined : rel;
  }
  // Absolute paths are welcome when they point into the worktree by either of its names.
  for (const base of [sandbox.root, sandbox.realRoot]) {
    const rel = path.relative(base, path.resolve(input));
    if (!escapes(rel)) return rel;
  }
  return undefined;
}

function escapes(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

function touchesGit(rel: string): boolean {
  // Case-insensitive: on macOS and Windows `.GIT` is the same directory.
  return rel.split(path.sep).some((part) => part.toLowerCase() === '.git');
}

/**
 * The real path of `abs`: its nearest existing ancestor resolved through symlinks, plus the
 * components that do not exist yet. A dangling symlink is refused, since writing through it
 * would create its target wherever that is.
 */
async function realLocation(abs: string): Promise<{ ok: true; abs: string } | { ok: false; error: string }> {
  const missing: string[] = [];
  let current = abs;
  for (;;) {
    try {
      return { ok: true, abs: path.join(await realpath(current), ...missing) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') return { ok: false, error: 'a component of the path is a file, not a directory' };
      if (code !== 'ENOENT') return { ok: false, error: `cannot resolve (${code ?? 'unknown error'})` };
    }
    if (await isSymlink(current)) return { ok: false, error: 'is a symbolic link to a missing target' };
    const parent = path.dirname(current);
    if (parent === current) return { ok: false, error: 'no part of the path exists' };
    missing.unshift(path.basename(current));
    current = parent;
  }
}

async function isSymlink(abs: string): Promise<boolean> {
  try {
    return (await lstat(abs)).isSymbolicLink();
  } catch {
    return false;
  }
}

function toPosix(rel: string): string {
  return rel.split(path.sep).join('/');
}

function refuse(error: string): PathResult {
  return { ok: false, error };
}

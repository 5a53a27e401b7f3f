import { isAbsolute, join, posix, relative, sep } from 'node:path';

/**
 * Where things of a task live. A spec is named by its workspace-relative POSIX path everywhere
 * (its "key"): unique, readable, and the same on every machine, so cached outputs restore anywhere.
 */

/** The folder, in every workspace, holding what BuildRunner writes at run time (git-ignored). */
export const RUNTIME_DIR = '.buildrunner';

export function specKey(workspaceRoot: string, specFile: string): string {
  const rel = isAbsolute(specFile) ? relative(workspaceRoot, specFile) : specFile;
  return posix.normalize(rel.split(sep).join('/'));
}

/** The spec's folder, workspace-relative (`.` for a spec at the root). */
export function specDirectory(spec: string): string {
  return posix.dirname(spec);
}

/** Workspace-relative folder of a task's declared outputs: its `result.json` and `change.patch`. */
export function taskOutputPath(spec: string, taskId: string): string {
  return posix.join(RUNTIME_DIR, 'results', spec, taskId);
}

/** Absolute folder the task executor writes `result.json` and `change.patch` into. */
export function taskOutputDir(workspaceRoot: string, specFile: string, taskId: string): string {
  return join(workspaceRoot, ...taskOutputPath(specKey(workspaceRoot, specFile), taskId).split('/'));
}

/**
 * Root of a task's virtual project: inside the spec's folder so the graph shows tasks next to
 * their spec, one folder per feature so `nx graph --groupByFolder` groups tasks by feature, and the
 * spec's file name in the path so two specs in one folder never share a root. Nothing is on disk.
 */
export function taskProjectRoot(spec: string, featureId: string, taskId: string): string {
  return posix.join(specDirectory(spec), RUNTIME_DIR, posix.basename(spec), featureId, taskId);
}

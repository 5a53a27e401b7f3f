import { posix } from 'node:path';
import type { Task } from '../../plan/types';
import { isTestFile, sourceStem, testStem } from '../completeness/test-files';
import { inDomain, isManifest } from './domains';
import { isOutside } from './spec-paths';

export type ScopedTask = Pick<Task, 'files' | 'domain'>;

/** Why a path is or is not the task's business; `reason` reads after the path in a message. */
export interface ScopeVerdict {
  declared: boolean;
  inScope: boolean;
  reason: string;
}

export interface TaskScope {
  judge(file: string): ScopeVerdict;
}

const trimSlash = (p: string): string => p.replace(/\/+$/, '');

/**
 * A task's scope, for paths relative to its spec's folder: its declared files (a declared folder
 * covers what is under it); what lies in the folders of its declared files (below them too,
 * except at the spec's root, where only the root's own files count); tests of its declared files
 * wherever the project keeps tests; dependency manifests; and what its domain writes (`domains.ts`).
 * Never in scope: anything outside the spec's folder, and the spec itself.
 */
export function taskScope(task: ScopedTask, specFile?: string): TaskScope {
  const declared = task.files.map((f) => trimSlash(posix.normalize(f)));
  const folders = declared.map((f) => posix.dirname(f));
  const stems = new Set(declared.map(sourceStem));
  const isDeclared = (file: string) => declared.some((d) => file === d || file.startsWith(`${d}/`));

  const judge = (file: string): ScopeVerdict => {
    if (isDeclared(file)) return { declared: true, inScope: true, reason: 'declared by the task' };
    if (isOutside(file)) return { declared: false, inScope: false, reason: "outside the spec's folder" };
    if (specFile !== undefined && file === specFile) return { declared: false, inScope: false, reason: 'is the spec itself' };
    const dir = posix.dirname(file);
    if (folders.some((f) => dir === f || (f !== '.' && dir.startsWith(`${f}/`)))) {
      return { declared: false, inScope: true, reason: 'in the folder of a declared file' };
    }
    if (isTestFile(file) && stems.has(testStem(file))) return { declared: false, inScope: true, reason: 'a test of a declared file' };
    if (isManifest(file)) return { declared: false, inScope: true, reason: 'a dependency manifest' };
    if (inDomain(task.domain, file)) return { declared: false, inScope: true, reason: `${task.domain} work` };
    return { declared: false, inScope: false, reason: `neither declared by the task nor ${task.domain} work` };
  };
  return { judge };
}

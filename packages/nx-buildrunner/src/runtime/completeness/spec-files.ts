import { posix } from 'node:path';
import type { Task } from '../../plan/types';
import type { Component, Requirement } from '../../spec/types';
import { fileState } from '../verify/files';
import type { CheckResult, VerifyCheck } from '../verify/types';
import type { TaskFlags } from '../monitor/flags';

export const SPEC_FILES_CHECK = 'spec-files';

export interface SpecFilesInput {
  task: Pick<Task, 'id' | 'files' | 'requirements'>;
  /** The requirements the task covers, with their text and line, when the spec could be read. */
  requirements?: readonly Requirement[];
  /** The components of the task's feature: which line of the spec names which file. */
  components?: readonly Component[];
  flags?: TaskFlags;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&');
}

/** A file named in prose: its whole path or its base name, not as part of a longer name. */
function namePattern(file: string): RegExp {
  const trimmed = file.replace(/\/+$/, '');
  const names = [trimmed, posix.basename(trimmed)].map(escapeRegExp).join('|');
  return new RegExp(`(?<![\\w.-])(?:${names})(?![\\w-])`);
}

/**
 * The requirements a file serves: those whose text names it, else those on whose line the spec
 * names it as a component, else those naming none of the task's other files, else all the task's
 * requirements (ids alone when no text is known).
 */
export function requirementsNaming(file: string, input: Omit<SpecFilesInput, 'flags'>): string[] {
  const known = input.requirements ?? [];
  const describe = (r: Requirement) => `${r.id} "${r.text.length > 80 ? `${r.text.slice(0, 77)}...` : r.text}" (line ${r.line})`;
  const name = namePattern(file);
  const byText = known.filter((r) => name.test(r.text));
  if (byText.length > 0) return byText.map(describe);
  const lines = new Set((input.components ?? []).filter((c) => c.path.replace(/\/+$/, '') === file.replace(/\/+$/, '')).map((c) => c.line));
  const byLine = known.filter((r) => lines.has(r.line));
  if (byLine.length > 0) return byLine.map(describe);
  // Requirements that name another of the task's files are that file's.
  const others = input.task.files.filter((f) => f !== file).map((f) => namePattern(f));
  const unclaimed = known.filter((r) => !others.some((p) => p.test(r.text)));
  if (unclaimed.length > 0) return unclaimed.map(describe);
  return known.length > 0 ? known.map(describe) : [...input.task.requirements];
}

/**
 * Files the spec names for a task that are not there when the agent says it is done: the phantom
 * completion in its plainest form. The verification engine already fails a task on them; this
 * check says loudly which requirement each missing file was for, in the feedback for the next
 * attempt and in the final failure.
 */
export function specFilesCheck(input: SpecFilesInput): VerifyCheck {
  return {
    name: SPEC_FILES_CHECK,
    async run({ cwd }): Promise<CheckResult> {
      const problems: string[] = [];
      for (const file of input.task.files) {
        const state = await fileState(cwd, file);
        if (state === 'present') continue;
        const serves = requirementsNaming(file, input);
        const forWhat = serves.length > 0 ? ` (for requirement ${serves.join('; ')})` : '';
        problems.push(`${file} is ${state}${forWhat}`);
        input.flags?.raise({ severity: 'error', rule: 'missing-files', message: `${file} is ${state} after the agent finished${forWhat}`, path: file });
      }
      const n = input.task.files.length;
      if (problems.length === 0) return { name: SPEC_FILES_CHECK, ok: true, message: `all ${n} file${n === 1 ? '' : 's'} the spec names for task ${input.task.id} are there` };
      return { name: SPEC_FILES_CHECK, ok: false, message: `NOT DONE: the spec names files for task ${input.task.id} that the agent did not deliver: ${problems.join('; ')}` };
    },
  };
}

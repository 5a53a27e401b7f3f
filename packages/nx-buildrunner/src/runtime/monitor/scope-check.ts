import type { Repo } from '../git/repo';
import { changesForCheck } from '../completeness/changes';
import type { CheckResult, VerifyCheck } from '../verify/types';
import type { TaskFlags } from './flags';
import type { ScopePolicy } from './policy';
import type { TaskScope } from './scope';
import { specRelative } from './spec-paths';

export const SCOPE_CHECK = 'scope';

export interface ScopeCheckInput {
  repo: Repo;
  /** Absolute path of the task's worktree. */
  worktree: string;
  specDir: string;
  /** The commit the task's change is measured against, asked afresh at each verification. */
  base: () => Promise<string>;
  scope: TaskScope;
  policy: Exclude<ScopePolicy, 'off'>;
  flags: TaskFlags;
}

const MAX_LISTED = 10;

/**
 * The authoritative scope decision, on the change as it will be committed (not on what the
 * watcher happened to see): every path the task added, changed, deleted or renamed, judged by
 * `TaskScope`. With `warn` the check passes and each stray path is flagged; with `fail` it fails,
 * naming the paths, and the agent's next attempt is told to undo them.
 */
export function scopeCheck(input: ScopeCheckInput): VerifyCheck {
  return {
    name: SCOPE_CHECK,
    async run(check): Promise<CheckResult> {
      const { task } = check;
      const { listed } = await changesForCheck(check, input.repo, input.worktree, input.base);
      if (!listed.ok) return { name: SCOPE_CHECK, ok: false, message: `cannot list the task's changes: ${listed.message}` };
      const paths = [...new Set(listed.changes.flatMap((c) => (c.from === undefined ? [c.path] : [c.from, c.path])))];
      const stray = paths
        .map((p) => specRelative(p, input.specDir))
        .map((file) => ({ file, verdict: input.scope.judge(file) }))
        .filter(({ verdict }) => !verdict.inScope);
      const severity = input.policy === 'fail' ? 'error' : 'warning';
      for (const { file, verdict } of stray) input.flags.raise({ severity, rule: 'scope', message: `${file} ${verdict.reason}`, path: file });
      if (stray.length === 0) return { name: SCOPE_CHECK, ok: true, message: `all ${paths.length} changed files are within task ${task.id}'s scope` };
      const shown = stray.slice(0, MAX_LISTED).map(({ file, verdict }) => `${file} (${verdict.reason})`);
      const more = stray.length > MAX_LISTED ? ` and ${stray.length - MAX_LISTED} more` : '';
      const what = `${stray.length} changed file${stray.length === 1 ? '' : 's'} outside task ${task.id}'s scope: ${shown.join(', ')}${more}`;
      return input.policy === 'fail'
        ? { name: SCOPE_CHECK, ok: false, message: `${what}; undo the changes to ${stray.length === 1 ? 'it' : 'them'} and keep to the task's files` }
        : { name: SCOPE_CHECK, ok: true, message: `warning: ${what}` };
    },
  };
}

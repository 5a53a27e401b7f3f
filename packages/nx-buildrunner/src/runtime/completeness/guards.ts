import type { TaskDefinition } from '../../plugin/target-options';
import type { Component, Requirement } from '../../spec/types';
import type { Repo } from '../git/repo';
import type { TaskWorktree } from '../git/worktree';
import type { JournalSink } from '../journal/types';
import { TaskFlags } from '../monitor/flags';
import { gitIgnored } from '../monitor/ignore';
import { DEFAULT_SCOPE_POLICY, type ScopePolicy } from '../monitor/policy';
import { taskScope } from '../monitor/scope';
import { scopeCheck } from '../monitor/scope-check';
import { watchWorktree, type WorktreeMonitor } from '../monitor/watcher';
import type { VerifyCheck } from '../verify/types';
import { changeBase } from './changes';
import { specFilesCheck } from './spec-files';
import { taskWords } from './test-compare';
import { testGuardCheck } from './test-guard';

/** The plugin's `verification` settings these guards read. */
export interface GuardSettings {
  /** Writes outside the task's files and domain: `off`, `warn` (default) or `fail`. */
  scope?: ScopePolicy;
  /** Fail a task that deletes, skips or weakens tests, or edits its spec. Default true. */
  guardTests?: boolean;
}

export interface TaskGuardsInput {
  repo: Repo;
  task: TaskDefinition;
  worktree: TaskWorktree;
  /** The spec's folder inside the worktree, POSIX. */
  specDir: string;
  /** The spec's path relative to its folder. */
  specFile: string;
  settings?: GuardSettings;
  requirements?: readonly Requirement[];
  /** The components of the task's feature. */
  components?: readonly Component[];
  journal?: JournalSink;
  log?: (line: string) => void;
}

export interface TaskGuards {
  /** For the verification engine: run on the worktree at every verification of the task. */
  checks: VerifyCheck[];
  /**
   * Starts the live monitor on the worktree (undefined, and a line in the log, when it cannot be
   * started: the checks still decide). Its flags and the checks' go to the journal once each.
   */
  watch(): Promise<WorktreeMonitor | undefined>;
}

/**
 * Everything that keeps one task honest: the checks that decide, on the change as it will be
 * committed, whether the spec's files are there, whether it kept to its scope and whether it left
 * the tests alone; and the live monitor of its worktree.
 */
export function taskGuards(input: TaskGuardsInput): TaskGuards {
  const { task, repo, specDir } = input;
  const policy = input.settings?.scope ?? DEFAULT_SCOPE_POLICY;
  const flags = new TaskFlags(task.id, input.journal);
  const scope = taskScope(task, input.specFile);
  const worktree = input.worktree.path;
  const base = () => changeBase(worktree, input.worktree.base);
  const requirementText = (input.requirements ?? []).map((r) => r.text);
  const words = [task.title, task.description, ...task.acceptance, ...requirementText].join('\n');

  const checks: VerifyCheck[] = [
    specFilesCheck({
      task,
      flags,
      ...(input.requirements === undefined ? {} : { requirements: input.requirements }),
      ...(input.components === undefined ? {} : { components: input.components }),
    }),
  ];
  if (policy !== 'off') checks.push(scopeCheck({ repo, worktree, specDir, base, scope, policy, flags }));
  if (input.settings?.guardTests !== false) {
    checks.push(
      testGuardCheck({ repo, worktree, specDir, specFile: input.specFile, base, declared: (f) => scope.judge(f).declared, justifies: taskWords(words), flags }),
    );
  }

  const watch = () =>
    watchWorktree({
      taskId: task.id,
      worktree,
      specDir,
      scope,
      policy,
      flags,
      ...(input.journal === undefined ? {} : { journal: input.journal }),
      ignored: gitIgnored(repo, worktree),
      ...(input.log === undefined ? {} : { onError: input.log }),
    }).catch((error: unknown) => {
      input.log?.(`[${task.id}] no live monitor (${error instanceof Error ? error.message : String(error)}); the checks on its change still apply`);
      return undefined;
    });
  return { checks, watch };
}

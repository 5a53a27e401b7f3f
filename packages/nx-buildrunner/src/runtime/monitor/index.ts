/** The live monitor of task worktrees and the scope policy (docs/completeness.md). */
export { NO_JOURNAL, TaskFlags, type Flag } from './flags';
export { gitIgnored, type IgnoreFilter } from './ignore';
export { DEFAULT_SCOPE_POLICY, isScopePolicy, SCOPE_POLICIES, type ScopePolicy } from './policy';
export { taskScope, type ScopedTask, type ScopeVerdict, type TaskScope } from './scope';
export { SCOPE_CHECK, scopeCheck, type ScopeCheckInput } from './scope-check';
export { watchWorktree, type FileChangeKind, type WatchOptions, type WorktreeMonitor } from './watcher';

import { join, relative } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { specKey, taskOutputDir, taskOutputPath } from '../../plugin/paths';
import { cleanLeftovers } from '../../runtime/git/cleanup';
import { DEFAULT_INTEGRATION_BRANCH } from '../../runtime/git/names';
import { openRepo } from '../../runtime/git/repo';
import { fileJournalSink, type FileJournalSink } from '../../runtime/journal/file-sink';
import { journalPath } from '../../runtime/journal/paths';
import { newRunId, RUN_ID_ENV } from '../../runtime/journal/run-id';
import { RUN_PID_ENV } from '../../executors/task/lifeline';
import { resultTokens } from '../../runtime/journal/task-events';
import type { JournalEvent } from '../../runtime/journal/types';
import { acquireLock } from '../../runtime/lock';
import type { TaskResult } from '../../runtime/record/types';
import { readTaskResult } from '../../runtime/record/write';
import { foldEvents } from '../../runtime/state/fold';
import { classifyRun, type TaskOutcome } from '../../runtime/state/outcome';
import { loadRunRecord, writeRunRecord } from '../../runtime/state/record-file';
import { recoverWorkspace, type RecoveryReport } from '../../runtime/state/recover';
import { traceRequirements } from '../../runtime/completeness/trace';
import type { RunRecord } from '../../runtime/state/types';
import { type CliIo, EXIT_OK, EXIT_SPEC_ERROR, UsageError } from '../io';
import { loadPlan, reportDiagnostics, resolveSpecFile } from '../load-plan';
import { pluginPlanOptions } from '../plugin-options';
import { type GraphTask, readGraphTasks, runNx } from '../nx';
import { renderRunSummary } from '../run-summary';
import { plural } from '../table';
import { workspaceRootOrThrow } from '../workspace';

/** How often the journal is read while Nx runs (progress checkpoints, not output). */
const POLL_MS = 500;
/** Independent tasks at once with `--parallel` and no `--workers`: Nx's own default. */
const DEFAULT_PARALLEL = 3;

interface RunOptions {
  auto?: boolean;
  task?: string;
  spec?: string;
  parallel?: boolean;
  workers?: number;
  /** False with `--no-batch`. */
  batch: boolean;
}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return n;
}

export function registerRun(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('run')
    .description('Carry out the tasks of a spec through Nx: each in its own worktree, verified, merged')
    .option('--auto', 'run every task of the spec')
    .option('--task <id>', 'run one task, after the tasks it depends on')
    .option('--spec <file>', 'the spec (default PROJECT_SPEC.md in the current directory)')
    .option('--parallel', `run independent tasks at the same time (${DEFAULT_PARALLEL} agents at once unless --workers says)`)
    .option('--workers <n>', 'how many agents work at once (default 1, or 3 with --parallel)', parseWorkers)
    .option('--no-batch', 'give each task an Nx process of its own instead of running them all in one batch process')
    .action(async (opts: RunOptions) => done(await runSpec(io, opts)));
}

/** The task, and every task it depends on, directly or not. */
export function withDependencies(tasks: readonly GraphTask[], id: string): GraphTask[] {
  const byId = new Map(tasks.map((t) => [t.options.task.id, t]));
  const picked = new Set<string>();
  const visit = (taskId: string) => {
    const t = byId.get(taskId);
    if (t === undefined || picked.has(taskId)) return;
    picked.add(taskId);
    t.options.task.dependsOn.forEach(visit);
  };
  visit(id);
  return tasks.filter((t) => picked.has(t.options.task.id));
}

async function runSpec(io: CliIo, opts: RunOptions): Promise<number> {
  if (!opts.auto && opts.task === undefined) throw new UsageError('say what to run: --auto for every task of the spec, or --task ID');
  if (opts.auto && opts.task !== undefined) throw new UsageError('--auto and --task exclude each other');
  const root = workspaceRootOrThrow(io.cwd);
  const spec = specKey(root, resolveSpecFile(io, opts.spec));
  // Nx works out the graph in its own process while this one plans the spec: a second saved each run.
  const graphRead = readGraphTasks(root, io.env);
  const loaded = loadPlan(io, opts.spec, pluginPlanOptions(root, spec));
  reportDiagnostics(io, loaded);
  if (!loaded.ok) {
    await graphRead;
    return EXIT_SPEC_ERROR;
  }

  const graph = await graphRead;
  if (!graph.ok) {
    io.err(graph.message);
    return EXIT_SPEC_ERROR;
  }
  const ofSpec = graph.tasks.filter((t) => t.options.spec === spec);
  if (ofSpec.length === 0) {
    io.err(`br: Nx has no task projects for ${spec}: is the nx-buildrunner plugin registered in nx.json with a "specs" glob that matches it?`);
    return EXIT_SPEC_ERROR;
  }
  const selected = opts.task === undefined ? ofSpec : withDependencies(ofSpec, opts.task);
  if (selected.length === 0) throw new UsageError(`${spec} has no task "${opts.task}" (br task list shows them)`);
  const workers = opts.workers ?? (opts.parallel ? DEFAULT_PARALLEL : 1);
  const integration = selected[0]?.options.integrationBranch ?? DEFAULT_INTEGRATION_BRANCH;

  const opened = await openRepo(root);
  if (!opened.ok) {
    io.err(`br: ${opened.message}`);
    return EXIT_SPEC_ERROR;
  }
  const repo = opened.repo;
  const lock = await acquireLock(join(repo.stateDir, 'locks', 'run.lock'), { purpose: `br run of ${spec}`, timeoutMs: 1_000 });
  if (!lock.ok) {
    io.err(`br: another run is going on in this workspace: ${lock.message}`);
    return EXIT_SPEC_ERROR;
  }
  try {
    const recovery = await recoverWorkspace(root, { repo, integration, env: io.env });
    reportRecovery(io, recovery);
    const started = Date.now();
    const runId = newRunId(new Date(started));
    const sink = fileJournalSink(journalPath(root), { run: runId, env: io.env });
    const command = ['br run', opts.auto ? '--auto' : `--task ${opts.task}`, ...(opts.spec ? [`--spec ${opts.spec}`] : []), `--workers ${workers}`, ...(opts.batch ? [] : ['--no-batch'])].join(' ');
    sink.append({ type: 'run-start', spec, tasks: selected.map((t) => t.options.task.id), workers, command });

    const follow = await followJournal(root, io.env);
    const exit = await startNx(io, root, runId, selected, opts.task, { workers, batch: opts.batch });
    let record = await follow.stop();

    const results = await readResults(root, selected);
    const outcomes = classifyRun(selected.map((t) => t.options.task), record, runId, (id) => current(results.get(id), selected));
    journalOutcomes(sink, outcomes);
    // A run of one task answers for that task only; a run of the spec for every requirement in it.
    const trace = traceRequirements(loaded.plan, results);
    const interrupted = exit.interrupted;
    const complete = !interrupted && outcomes.every((o) => o.state === 'merged') && (opts.task !== undefined || trace.complete);
    sink.append({
      type: 'run-end',
      status: complete ? 'complete' : interrupted ? 'failed' : 'incomplete',
      message: interrupted ? 'interrupted by a signal' : `${plural(outcomes.filter((o) => o.state === 'merged').length, 'task')} merged of ${outcomes.length}`,
    });
    sink.close();
    record = await follow.latest();
    await checkpoint(root, record, io.env);

    const cleaned = await cleanLeftovers(repo, { integration });
    if (!cleaned.ok) io.err(`br: cleaning up after the run: ${cleaned.message}`);
    io.out(
      renderRunSummary({
        runId,
        spec,
        outcomes,
        states: record.tasks,
        batches: loaded.plan.batches.length,
        levels: loaded.plan.graph.levels.length,
        workers,
        wallMs: Date.now() - started,
        results: taskOutputPath(spec, '').replace(/\/$/, ''),
        journal: relative(root, journalPath(root)).split('\\').join('/'),
        integration,
        coverage: trace.totals,
        complete,
        interrupted,
      }),
    );
    return complete ? EXIT_OK : EXIT_SPEC_ERROR;
  } finally {
    await lock.lock.release();
  }
}

function reportRecovery(io: CliIo, r: RecoveryReport): void {
  const parts: string[] = [];
  if (r.interruptedRuns.length > 0) parts.push(`ended ${plural(r.interruptedRuns.length, 'interrupted run')}`);
  const c = r.cleaned;
  if (c && c.removedWorktrees.length > 0) parts.push(`removed ${plural(c.removedWorktrees.length, 'leftover worktree')}`);
  if (c && c.deletedBranches.length > 0) parts.push(`deleted ${plural(c.deletedBranches.length, 'leftover branch', 'leftover branches')}`);
  if (c && c.removedLocks.length > 0) parts.push(`removed ${plural(c.removedLocks.length, 'stale lock')}`);
  if (r.removedTemps.length > 0) parts.push(`removed ${plural(r.removedTemps.length, 'half-written run record')}`);
  if (parts.length > 0) io.err(`br: recovered from an earlier run: ${parts.join(', ')}`);
  for (const p of r.problems) io.err(`br: recovery: ${p}`);
}

/**
 * Reads the journal while Nx runs and checkpoints the run record after each task ends, so
 * `br status` starts from a recent record. Writes never overlap: each waits for the last.
 */
async function followJournal(root: string, env: NodeJS.ProcessEnv): Promise<{ stop(): Promise<RunRecord>; latest(): Promise<RunRecord> }> {
  const loaded = await loadRunRecord(root);
  let record = loaded.record;
  let writing: Promise<unknown> = checkpoint(root, record, env);
  const poll = () => {
    let events: JournalEvent[];
    try {
      events = loaded.tail.poll();
    } catch {
      // Unreadable for a moment (a disk hiccup): the next poll catches up from the same offset.
      return;
    }
    if (events.length === 0) return;
    record = foldEvents(record, events, loaded.tail.offset);
    // Tasks of a batch often end within one poll of each other: all of them prompted this write.
    const ended = events.flatMap((e) => (e.type === 'task-end' ? [e.task] : []));
    if (ended.length > 0) {
      const snapshot = record;
      writing = writing.then(() => checkpoint(root, snapshot, env, ended));
    }
  };
  const timer = setInterval(poll, POLL_MS);
  /** The record with everything journaled so far, once pending checkpoints are written. */
  const latest = async () => {
    poll();
    await writing;
    return record;
  };
  return {
    latest,
    stop() {
      clearInterval(timer);
      return latest();
    },
  };
}

/** Writes the record; a checkpoint that cannot be written is rebuilt from the journal later. */
async function checkpoint(root: string, record: RunRecord, env: NodeJS.ProcessEnv, after?: readonly string[]): Promise<void> {
  try {
    await writeRunRecord(root, record, { ...(after === undefined ? {} : { after }), env });
  } catch {
    // The journal is the truth; the record is only a shortcut to it.
  }
}

/**
 * Nx with the selected tasks. In batch mode (the default) Nx hands every task of the task
 * executor to one process (executors/task/batch.ts), which learns how many may run at once from
 * NX_PARALLEL, since Nx does not pass `--parallel` on to a batch.
 */
async function startNx(
  io: CliIo,
  root: string,
  runId: string,
  selected: readonly GraphTask[],
  one: string | undefined,
  how: { workers: number; batch: boolean },
): Promise<{ interrupted: boolean }> {
  const common = [`--parallel=${how.workers}`, '--nxBail=false', '--outputStyle=static', `--batch=${how.batch}`];
  const target = selected[0]?.target ?? 'br-task';
  const project = selected.find((t) => t.options.task.id === one)?.project;
  const args =
    project !== undefined
      ? ['run', `${project}:${target}`, ...common]
      : ['run-many', `--targets=${target}`, `--projects=${selected.map((t) => t.project).join(',')}`, ...common];
  let interrupted = false;
  let stop: ((signal: NodeJS.Signals) => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    stop?.(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const exit = await runNx({
      root,
      args,
      env: { ...io.env, [RUN_ID_ENV]: runId, [RUN_PID_ENV]: String(process.pid), NX_PARALLEL: String(how.workers) },
      onLine: (line) => io.out(line),
      started: (s) => {
        stop = s;
      },
    });
    return { interrupted: interrupted || exit.signal !== null };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function readResults(root: string, tasks: readonly GraphTask[]): Promise<Map<string, TaskResult>> {
  const found = new Map<string, TaskResult>();
  for (const t of tasks) {
    const read = await readTaskResult(taskOutputDir(root, t.options.spec, t.options.task.id));
    if (read.ok) found.set(t.options.task.id, read.result);
  }
  return found;
}

/** The result, when it is for the task as defined now (its definition, its feature's, its dependencies'). */
function current(result: TaskResult | undefined, tasks: readonly GraphTask[]): TaskResult | undefined {
  const t = tasks.find((x) => x.options.task.id === result?.taskId);
  if (result === undefined || t === undefined) return undefined;
  const { task, featureHash, dependencyHash } = t.options;
  return result.taskHash === task.hash && result.featureHash === featureHash && result.dependencyHash === dependencyHash ? result : undefined;
}

/** What the task processes could not journal themselves: cache hits, deaths, and blocked tasks. */
function journalOutcomes(sink: FileJournalSink, outcomes: readonly TaskOutcome[]): void {
  const zero = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  for (const o of outcomes) {
    if (o.source === 'reused' && o.result !== undefined) {
      const r = o.result;
      sink.append({
        type: 'task-end',
        task: o.task,
        status: r.status,
        attempts: r.attempts.length,
        durationMs: r.timings.totalMs,
        tokens: resultTokens(r),
        costUsd: r.usage.totals.costUsd,
        ...(r.commit === undefined ? {} : { commit: r.commit }),
        message: o.message,
        reused: true,
      });
    } else if (o.source === 'interrupted' || o.source === 'blocked') {
      sink.append({ type: 'task-end', task: o.task, status: o.state === 'blocked' ? 'blocked' : 'failed', attempts: 0, durationMs: 0, tokens: zero, costUsd: 0, message: o.message });
    }
  }
}

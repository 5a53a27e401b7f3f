import type { Plan } from '../plan/types';
import type { TaskResult } from '../runtime/record/types';
import { latestRun } from '../runtime/state/fold';
import { renderTrace } from '../runtime/completeness/render-trace';
import { traceRequirements, type Trace } from '../runtime/completeness/trace';
import { allTokens, totals, type Totals } from '../runtime/state/totals';
import type { RunInfo, RunRecord, TaskState } from '../runtime/state/types';
import { resultTokens } from '../runtime/journal/task-events';
import { count, duration, usd } from './format';
import { plural, renderTable } from './table';

/** What `br status` shows, and what `--json` prints. */
export interface StatusView {
  workspace: string;
  spec?: string;
  run?: RunInfo;
  tasks: TaskState[];
  totals: Totals;
  /** From every requirement and acceptance criterion to its tasks and their verification (runtime/completeness). */
  requirements?: Trace;
  /** Every task merged and every requirement and criterion verified. */
  complete: boolean;
}

function pendingTask(task: string): TaskState {
  return { task, state: 'pending', attempts: 0, durationMs: 0, tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, costUsd: 0, flags: { warning: 0, error: 0 }, run: '' };
}

/** A task the journal knows nothing of, from its result on disk (a plain Nx run restored it from a cache). */
export function stateFromResult(r: TaskResult): TaskState {
  return {
    task: r.taskId,
    state: r.status,
    attempts: r.attempts.length,
    startedAt: Date.parse(r.startedAt),
    endedAt: Date.parse(r.finishedAt),
    durationMs: r.timings.totalMs,
    tokens: resultTokens(r),
    costUsd: r.usage.totals.costUsd,
    flags: { warning: 0, error: 0 },
    run: '',
    message: r.error ?? 'from its result.json',
    ...(r.commit === undefined ? {} : { commit: r.commit }),
  };
}

/**
 * Every task of the plan (or, without one, every task the journal knows) with its state, in plan
 * order; the latest run; totals; and, given a plan, the requirement trace.
 */
export function statusView(input: {
  workspace: string;
  record: RunRecord;
  plan?: Plan;
  results?: ReadonlyMap<string, TaskResult>;
}): StatusView {
  const { record, plan } = input;
  const ids = plan ? plan.tasks.map((t) => t.id) : Object.keys(record.tasks).sort();
  const tasks = ids.map((id) => {
    const known = record.tasks[id];
    if (known !== undefined) return known;
    const result = input.results?.get(id);
    return result === undefined ? pendingTask(id) : stateFromResult(result);
  });
  const run = latestRun(record);
  const view: StatusView = { workspace: input.workspace, tasks, totals: totals(tasks), complete: tasks.length > 0 && tasks.every((t) => t.state === 'merged') };
  if (run !== undefined) view.run = run;
  if (plan !== undefined) {
    view.spec = plan.spec.path;
    view.requirements = traceRequirements(plan, input.results ?? new Map());
    view.complete = view.complete && view.requirements.complete;
  }
  return view;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const clock = (t: number) => new Date(t).toISOString().slice(11, 19);

function detail(t: TaskState): string {
  if (t.state === 'running') return t.lastFile === undefined ? '' : `wrote ${t.lastFile}`;
  if (t.state === 'merged') return t.reused ? 'already done' : t.commit === undefined ? '' : `commit ${t.commit.slice(0, 12)}`;
  return clip((t.message ?? '').split('\n')[0] ?? '', 80);
}

/** The table `br status` prints; `now` makes running tasks' times tick. */
export function renderStatus(view: StatusView, now: number, withRequirements = false): string {
  const lines: string[] = [];
  const run = view.run;
  if (run === undefined) lines.push(`no run yet in ${view.workspace}${view.spec ? ` (${view.spec})` : ''}`);
  else {
    const took = (run.endedAt ?? now) - run.startedAt;
    lines.push(`run ${run.id}: ${run.status}, started ${clock(run.startedAt)} UTC, ${duration(took)}${run.spec ? ` · ${run.spec}` : ''}${run.workers ? ` · ${plural(run.workers, 'worker')}` : ''}`);
  }
  lines.push('');
  lines.push(
    renderTable(
      ['task', 'state', 'step', 'attempts', 'time', 'tokens', 'cost', ''],
      view.tasks.map((t) => {
        const time = t.state === 'running' && t.startedAt !== undefined ? now - t.startedAt : t.durationMs;
        const flags = t.flags.error + t.flags.warning > 0 ? ` [${t.flags.error} errors, ${t.flags.warning} warnings flagged]` : '';
        return [
          t.task,
          t.state,
          t.step ?? '-',
          t.attempts > 0 ? String(t.attempts) : '-',
          time > 0 ? duration(time) : '-',
          allTokens(t.tokens) > 0 ? count(allTokens(t.tokens)) : '-',
          t.costUsd > 0 ? usd(t.costUsd) : '-',
          `${detail(t)}${flags}`,
        ];
      }),
    ),
  );
  const s = view.totals;
  const states = Object.entries(s.byState)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  lines.push('');
  lines.push(`${s.tasks} tasks: ${states || 'none'}; time ${duration(s.durationMs)}, tokens ${count(allTokens(s.tokens))}, cost ${usd(s.costUsd)}`);
  const trace = view.requirements;
  if (trace !== undefined) {
    const { requirements: r, acceptance: a } = trace.totals;
    lines.push(`requirements: ${r.verified} of ${r.total} verified; acceptance criteria: ${a.verified} of ${a.total} verified`);
    if (withRequirements) lines.push('', renderTrace(trace));
  }
  return lines.join('\n');
}

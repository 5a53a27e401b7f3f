import type { TokenTotals } from '../runtime/journal/types';
import type { TaskOutcome } from '../runtime/state/outcome';
import type { Tally } from '../runtime/completeness/trace';
import { allTokens } from '../runtime/state/totals';
import type { TaskState } from '../runtime/state/types';
import { count, duration, usd } from './format';
import { plural } from './table';

export interface RunSummaryInput {
  runId: string;
  spec: string;
  outcomes: readonly TaskOutcome[];
  /** The run record's task states (what ran journaled its tokens and cost there). */
  states: Readonly<Record<string, TaskState>>;
  batches: number;
  levels: number;
  workers: number;
  wallMs: number;
  /** Workspace-relative folder of the spec's task results. */
  results: string;
  journal: string;
  integration: string;
  coverage: { requirements: Tally; acceptance: Tally };
  complete: boolean;
  /** Stopped by Ctrl-C (or a signal) rather than run to the end. */
  interrupted: boolean;
}

const addTokens = (a: TokenTotals, b: TokenTotals): TokenTotals => ({
  input: a.input + b.input,
  output: a.output + b.output,
  cacheRead: a.cacheRead + b.cacheRead,
  cacheWrite: a.cacheWrite + b.cacheWrite,
});

/** What a run did, for people: counts, time, spend, what failed and why, where to look. */
export function renderRunSummary(s: RunSummaryInput): string {
  const by = (state: string) => s.outcomes.filter((o) => o.state === state);
  const merged = by('merged');
  const reused = merged.filter((o) => o.source === 'reused').length;
  const ranHere = s.outcomes.filter((o) => o.source === 'ran' || o.source === 'interrupted').map((o) => s.states[o.task]).filter((x): x is TaskState => x !== undefined && !x.reused);
  let tokens: TokenTotals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  let spent = 0;
  for (const st of ranHere) {
    tokens = addTokens(tokens, st.tokens);
    spent += st.costUsd;
  }
  const mergedCost = merged.reduce((sum, o) => sum + (o.result?.usage.totals.costUsd ?? s.states[o.task]?.costUsd ?? 0), 0);
  const status = s.interrupted ? 'interrupted' : s.complete ? 'complete' : 'incomplete';
  const lines = [
    `BuildRunner run ${s.runId} of ${s.spec}: ${status}`,
    `  tasks     ${merged.length} merged${reused > 0 ? ` (${reused} already done)` : ''}, ${by('failed').length} failed, ${by('blocked').length} blocked, ${by('pending').length} not run (of ${s.outcomes.length})`,
    `  plan      ${plural(s.batches, 'batch', 'batches')} in ${plural(s.levels, 'parallel level')}; ${plural(s.workers, 'worker')}`,
    `  time      ${duration(s.wallMs)} wall`,
    `  tokens    ${count(allTokens(tokens))} (input ${count(tokens.input)}, output ${count(tokens.output)}, cache read ${count(tokens.cacheRead)}, cache write ${count(tokens.cacheWrite)})`,
    `  cost      ${usd(spent)} this run; ${usd(mergedCost)} for all merged work`,
    `  coverage  ${s.coverage.requirements.verified} of ${plural(s.coverage.requirements.total, 'requirement')} and ${s.coverage.acceptance.verified} of ${plural(s.coverage.acceptance.total, 'acceptance criterion', 'acceptance criteria')} verified (br status --requirements)`,
  ];
  for (const o of [...by('failed'), ...by('blocked')]) lines.push(`  ${o.state.padEnd(8)}  ${o.task}: ${firstLine(o.message)}`);
  lines.push(
    `  results   ${s.results}/<task>/result.json (prompt.md, change.patch)`,
    `  journal   ${s.journal} (br status, br status --watch)`,
    `  merged    into ${s.integration} (git log ${s.integration})`,
  );
  if (!s.complete && !s.interrupted) lines.push('  run the same command again to retry: finished tasks are not redone');
  return lines.join('\n');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

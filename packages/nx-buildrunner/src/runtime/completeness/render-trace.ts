import type { CoverageState, ItemTrace, TaskTrace, Trace } from './trace';

/** Loud where it matters: what is not verified stands out in a terminal and in a log alike. */
const LABEL: Record<CoverageState, string> = {
  verified: 'verified',
  pending: 'pending',
  stale: 'STALE',
  blocked: 'BLOCKED',
  failed: 'FAILED',
  uncovered: 'UNCOVERED',
};
const WIDTH = Math.max(...Object.values(LABEL).map((l) => l.length));

const oneLine = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
};

function taskNote(t: TaskTrace | undefined, id: string): string {
  if (t === undefined) return `${id} (not in the plan)`;
  const tries = t.attempts > 0 ? ` after ${t.attempts} attempt${t.attempts === 1 ? '' : 's'}` : '';
  if (t.state === 'failed' || t.state === 'blocked') return `${t.id} ${t.state}${tries}${t.error === undefined ? '' : `: ${oneLine(t.error, 160)}`}`;
  if (t.state === 'stale') return `${t.id} stale (the task changed since it ran)`;
  return `${t.id} ${t.state}`;
}

function itemLines(item: ItemTrace, tasks: ReadonlyMap<string, TaskTrace>): string[] {
  const kind = item.kind === 'acceptance' ? 'criterion ' : '';
  const head = `  ${LABEL[item.state].padEnd(WIDTH)}  ${item.id}  ${kind}${oneLine(item.text, 90)} (line ${item.line})`;
  if (item.tasks.length === 0) return [head, `  ${' '.repeat(WIDTH)}    no task covers it`];
  return [head, ...item.tasks.map((id) => `  ${' '.repeat(WIDTH)}    <- ${taskNote(tasks.get(id), id)}`)];
}

/** `br status --requirements`: every feature, each requirement and criterion with its tasks, and the verdict. */
export function renderTrace(trace: Trace): string {
  const { requirements, acceptance, tasks } = trace.totals;
  const byId = new Map(trace.tasks.map((t) => [t.id, t]));
  const lines = [
    `Requirements of ${trace.spec.title} (${trace.spec.path})`,
    `  requirements ${requirements.verified}/${requirements.total} verified, acceptance criteria ${acceptance.verified}/${acceptance.total} verified, tasks ${tasks.merged}/${tasks.total} merged`,
  ];
  for (const feature of trace.features) {
    lines.push('', `Feature ${feature.title} (${feature.id}, line ${feature.line}): ${LABEL[feature.state]}`);
    const items = [...feature.requirements, ...feature.acceptance];
    if (items.length === 0) lines.push('  (no requirements or acceptance criteria)');
    for (const item of items) lines.push(...itemLines(item, byId));
  }
  const open = [...trace.features.flatMap((f) => [...f.requirements, ...f.acceptance])].filter((i) => i.state !== 'verified');
  const counts = new Map<CoverageState, number>();
  for (const i of open) counts.set(i.state, (counts.get(i.state) ?? 0) + 1);
  const unmerged = trace.tasks.filter((t) => t.state !== 'merged').length;
  lines.push('');
  if (trace.complete) lines.push('COMPLETE: every requirement and acceptance criterion is covered by a verified task.');
  else {
    const parts = [...counts.entries()].map(([state, n]) => `${n} ${LABEL[state].toLowerCase()}`);
    if (unmerged > 0) parts.push(`${unmerged} task${unmerged === 1 ? '' : 's'} not merged`);
    lines.push(`INCOMPLETE: ${parts.join(', ')}.`);
  }
  return lines.join('\n');
}

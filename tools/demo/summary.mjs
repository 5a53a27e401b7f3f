// The demo's closing summary: what ran, what it cost, what was checked and where to look.

const count = (n) => n.toLocaleString('en-US');
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How a task that took more than one attempt ended. */
function attemptNote(r) {
  const n = r.attempts.length;
  return r.status === 'merged' ? `${r.taskId} passed on attempt ${n}` : `${r.taskId} ${r.status} after ${plural(n, 'attempt')}`;
}

function totals(records) {
  const sum = { calls: 0, inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, costUsd: 0 };
  for (const r of records) for (const key of Object.keys(sum)) sum[key] += r.usage.totals[key];
  return sum;
}

/**
 * The summary as lines. `results` are the planned tasks' records (see outcome.mjs), `runMs` the
 * wall time of the Nx run and `totalMs` that of the whole demo.
 */
export function summaryLines({ plan, results, integration, branch, agent, parallel, runMs, totalMs, where }) {
  const records = results.filter((r) => r.result).map((r) => r.result);
  const merged = records.filter((r) => r.status === 'merged');
  const attempts = records.reduce((n, r) => n + r.attempts.length, 0);
  const retried = records.filter((r) => r.attempts.length > 1).map(attemptNote);
  const sum = totals(records);
  const models = [...new Set(records.flatMap((r) => r.usage.calls.map((c) => c.model)))];
  const billed = agent === 'offline' ? 'offline: usage of the scripted replies, nothing billed' : 'billed by Anthropic';
  const batches = plan.batches.map((b) => `${b.id} ${b.tasks.join(', ')}`).join(' | ');
  const tests = integration.exists ? integration.tests : undefined;
  const checked = !integration.exists
    ? `${branch} does not exist`
    : `${branch} at ${integration.tip.slice(0, 12)}: ${plural(integration.committed.size, 'task commit')}, ` +
      `node --test in a fresh checkout: ${tests.pass} passed, ${tests.fail} failed`;
  return [
    'Summary',
    `  tasks    ${merged.length} of ${plan.tasks.length} merged, ${plural(attempts, 'attempt')}${retried.length > 0 ? ` (${retried.join('; ')})` : ''}`,
    `  batches  ${plan.batches.length}: ${batches}; Nx ran ${parallel} at a time`,
    `  time     ${seconds(runMs)} for the run, ${seconds(totalMs)} in all`,
    `  tokens   ${count(sum.inputTokens)} input, ${count(sum.cacheCreationInputTokens)} cache write, ` +
      `${count(sum.cacheReadInputTokens)} cache read, ${count(sum.outputTokens)} output (${plural(sum.calls, 'call')})`,
    `  cost     $${sum.costUsd.toFixed(4)} at ${models.join(', ') || 'no model'} prices (${billed})`,
    `  checked  ${checked}`,
    `  where    ${where.workspace}${where.removed ? ' (removed now; --keep keeps it)' : ''}`,
    `           results  ${where.results}/<task>/ (result.json, prompt.md, change.patch)`,
    ...(where.journal ? [`           journal  ${where.journal}`] : []),
    `           branch   git -C ${where.workspace} log --stat ${branch}`,
  ];
}

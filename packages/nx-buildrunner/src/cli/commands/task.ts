import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { planToJson, planToTaskmaster } from '../../plan';
import type { Plan } from '../../plan/types';
import { DOMAINS, type Domain } from '../../spec/types';
import { type CliIo, EXIT_OK, EXIT_SPEC_ERROR, UsageError } from '../io';
import { type LoadedPlan, loadPlan, reportDiagnostics } from '../load-plan';
import { plural, renderTable } from '../table';
import { writeFileAtomic } from '../write-file';

export const PLAN_FILE = '.buildrunner/plan.json';
export const TASKMASTER_FILE = '.taskmaster/tasks/tasks.json';

const stringify = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function onlyDomain(plan: Plan, domain: Domain | undefined): Plan {
  if (!domain) return plan;
  const keep = new Set(plan.tasks.filter((t) => t.domain === domain).map((t) => t.id));
  return {
    ...plan,
    tasks: plan.tasks.filter((t) => keep.has(t.id)),
    graph: { ...plan.graph, levels: plan.graph.levels.map((l) => l.filter((id) => keep.has(id))).filter((l) => l.length > 0) },
    batches: plan.batches.filter((b) => b.domain === domain),
  };
}

function printTasks(io: CliIo, loaded: LoadedPlan, plan: Plan): void {
  io.out(
    renderTable(
      ['task', 'domain', 'complexity', 'min', 'depends on', 'title'],
      plan.tasks.map((t) => [t.id, t.domain, t.complexity, String(t.estimateMinutes), t.dependsOn.join(', ') || '-', t.title]),
    ),
  );
  const { graph } = loaded.plan;
  io.out('');
  io.out(
    `${plural(plan.tasks.length, 'task')} in ${plural(graph.levels.length, 'parallel level')} and ${plural(plan.batches.length, 'batch', 'batches')}; ` +
      `critical path ${graph.criticalPathMinutes} min: ${graph.criticalPath.join(' -> ') || '-'}`,
  );
  if (plan.batches.length > 0) {
    io.out('');
    io.out(renderTable(['batch', 'domain', 'min', 'tasks'], plan.batches.map((b) => [b.id, b.domain, String(b.minutes), b.tasks.join(', ')])));
  }
}

const domainOption = () => new Option('--domain <domain>', 'only tasks of this domain').choices(DOMAINS);
const specOption = () => new Option('--spec <file>', 'the spec to plan').default(undefined, 'PROJECT_SPEC.md in the current directory');

export function registerTask(task: Command, io: CliIo, done: (code: number) => void): void {
  task
    .command('generate')
    .description(`Plan every feature of the spec into tasks and write ${PLAN_FILE}`)
    .option('--all', 'plan every feature (the only mode today; kept for the seed\'s command line)')
    .addOption(specOption())
    .addOption(new Option('--format <format>', 'what to write').choices(['buildrunner', 'taskmaster']).default('buildrunner'))
    .option('--out <file>', `where to write (default ${PLAN_FILE}, or ${TASKMASTER_FILE} for taskmaster)`)
    .option('--json', 'also print the plan JSON to stdout')
    .action((opts: { all?: boolean; spec?: string; format: 'buildrunner' | 'taskmaster'; out?: string; json?: boolean }) => {
      if (!opts.all) throw new UsageError('say which features to plan: --all');
      const loaded = loadPlan(io, opts.spec);
      reportDiagnostics(io, loaded);
      if (!loaded.ok) return done(EXIT_SPEC_ERROR);
      const contract = planToJson(loaded.plan);
      const body = opts.format === 'taskmaster' ? planToTaskmaster(loaded.plan) : contract;
      const out = resolve(io.cwd, opts.out ?? (opts.format === 'taskmaster' ? TASKMASTER_FILE : PLAN_FILE));
      writeFileAtomic(out, stringify(body));
      if (opts.json) io.out(stringify(contract));
      else io.err(`wrote ${plural(loaded.plan.tasks.length, 'task')} to ${out}`);
      done(EXIT_OK);
    });

  task
    .command('list')
    .description('Print the tasks of the spec as a table, or as the JSON plan contract')
    .addOption(specOption())
    .addOption(domainOption())
    .option('--json', 'print the plan as JSON (features, tasks, graph, batches, diagnostics)')
    .action((opts: { spec?: string; domain?: Domain; json?: boolean }) => {
      const loaded = loadPlan(io, opts.spec);
      reportDiagnostics(io, loaded);
      const plan = onlyDomain(loaded.plan, opts.domain);
      if (opts.json) io.out(stringify(planToJson(plan)));
      else printTasks(io, loaded, plan);
      done(loaded.ok ? EXIT_OK : EXIT_SPEC_ERROR);
    });
}

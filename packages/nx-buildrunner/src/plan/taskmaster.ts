import type { Feature, Priority } from '../spec/types';
import type { Plan, Task } from './types';

/** Task Master's `tasks.json` (tagged layout, `master` tag): the fields it reads, nothing more. */
export interface TaskmasterTask {
  id: number;
  title: string;
  description: string;
  details: string;
  testStrategy: string;
  priority: 'high' | 'medium' | 'low';
  dependencies: number[];
  status: 'pending' | 'done';
  subtasks: [];
}

export interface TaskmasterFile {
  master: {
    tasks: TaskmasterTask[];
    metadata: { created: string; updated: string; description: string };
  };
}

/**
 * The file must be the same bytes for the same spec, so its timestamps are fixed: the epoch
 * says "generated, not edited" without making every export a diff.
 */
const FIXED_TIME = new Date(0).toISOString();

const PRIORITY: Readonly<Record<Priority, TaskmasterTask['priority']>> = {
  critical: 'high',
  high: 'high',
  medium: 'medium',
  low: 'low',
};

const FINISHED = /^(done|complete|completed|finished|shipped|implemented)\b|✅/i;

/** Done when its feature says so, or when everything the task covers is checked off. */
function isDone(task: Task, feature: Feature | undefined): boolean {
  if (feature === undefined) return false;
  if (feature.status !== undefined && FINISHED.test(feature.status.trim())) return true;
  const covered = new Set(task.requirements);
  const texts = new Set(task.acceptance);
  const items = [
    ...feature.requirements.filter((r) => covered.has(r.id)),
    ...feature.acceptance.filter((a) => texts.has(a.text)),
  ];
  return items.length > 0 && items.every((item) => item.done);
}

function section(heading: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : [`${heading}:`, ...lines.map((line) => `- ${line}`)];
}

/** The plan as Task Master's `tasks.json`, tasks numbered from 1 in plan order. */
export function planToTaskmaster(plan: Plan): TaskmasterFile {
  const number = new Map(plan.tasks.map((t, i) => [t.id, i + 1]));
  const features = new Map<string, Feature>();
  for (const f of plan.features) if (!features.has(f.id)) features.set(f.id, f);
  const tasks = plan.tasks.map((task, i): TaskmasterTask => {
    const feature = features.get(task.featureId);
    const requirementText = new Map(feature?.requirements.map((r) => [r.id, r.text]));
    const details = [
      `Feature: ${feature?.title ?? task.featureId} (${plan.spec.path}:${task.line})`,
      `Domain: ${task.domain}; complexity: ${task.complexity}; estimate: ${task.estimateMinutes} minutes`,
      ...section('Files', task.files),
      ...section('Requirements', task.requirements.map((id) => requirementText.get(id) ?? id)),
    ].join('\n');
    return {
      id: i + 1,
      title: task.title,
      description: task.description,
      details,
      testStrategy: [
        ...section('Acceptance criteria', task.acceptance),
        ...section('Verify with', task.verify.map((command) => `\`${command}\``)),
      ].join('\n'),
      priority: PRIORITY[task.priority],
      dependencies: task.dependsOn.flatMap((id) => number.get(id) ?? []),
      status: isDone(task, feature) ? 'done' : 'pending',
      subtasks: [],
    };
  });
  return {
    master: {
      tasks,
      metadata: {
        created: FIXED_TIME,
        updated: FIXED_TIME,
        description:
          `${plan.spec.title}: ${tasks.length} tasks planned by nx-buildrunner ` +
          `from ${plan.spec.path} (spec ${plan.spec.hash.slice(0, 16)})`,
      },
    },
  };
}

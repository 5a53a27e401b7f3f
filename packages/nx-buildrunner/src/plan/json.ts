import type { Diagnostic } from '../spec/diagnostic';
import type { Domain, Priority } from '../spec/types';
import type { Complexity, Plan } from './types';

/** The JSON contract of DESIGN.md that `br task list --json` prints and checks rely on. */
export interface PlanJson {
  spec: { path: string; title: string; hash: string };
  features: Array<{
    id: string;
    title: string;
    line: number;
    priority?: Priority;
    domain?: Domain;
    requirements: Array<{ id: string; text: string; line: number }>;
    acceptance: Array<{ text: string; done: boolean; line: number }>;
    components: string[];
    dependsOn: string[];
  }>;
  tasks: Array<{
    id: string;
    featureId: string;
    title: string;
    domain: Domain;
    complexity: Complexity;
    estimateMinutes: number;
    files: string[];
    acceptance: string[];
    requirements: string[];
    dependsOn: string[];
    verify: string[];
  }>;
  graph: { levels: string[][]; criticalPath: string[]; criticalPathMinutes: number };
  batches: Array<{ id: string; domain: Domain; tasks: string[]; minutes: number }>;
  diagnostics: Diagnostic[];
}

/**
 * The plan in the contract's shape, built key by key so its key order (and so its bytes once
 * stringified) never depends on how the plan was assembled; optional fields appear only when set.
 */
export function planToJson(plan: Plan): PlanJson {
  return {
    spec: { path: plan.spec.path, title: plan.spec.title, hash: plan.spec.hash },
    features: plan.features.map((f) => ({
      id: f.id,
      title: f.title,
      line: f.line,
      ...(f.priority === undefined ? {} : { priority: f.priority }),
      ...(f.domain === undefined ? {} : { domain: f.domain }),
      requirements: f.requirements.map((r) => ({ id: r.id, text: r.text, line: r.line })),
      acceptance: f.acceptance.map((a) => ({ text: a.text, done: a.done, line: a.line })),
      components: f.components.map((c) => c.path),
      dependsOn: [...f.dependsOn],
    })),
    tasks: plan.tasks.map((t) => ({
      id: t.id,
      featureId: t.featureId,
      title: t.title,
      domain: t.domain,
      complexity: t.complexity,
      estimateMinutes: t.estimateMinutes,
      files: [...t.files],
      acceptance: [...t.acceptance],
      requirements: [...t.requirements],
      dependsOn: [...t.dependsOn],
      verify: [...t.verify],
    })),
    graph: {
      levels: plan.graph.levels.map((level) => [...level]),
      criticalPath: [...plan.graph.criticalPath],
      criticalPathMinutes: plan.graph.criticalPathMinutes,
    },
    batches: plan.batches.map((b) => ({ id: b.id, domain: b.domain, tasks: [...b.tasks], minutes: b.minutes })),
    diagnostics: plan.diagnostics.map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.line,
      ...(d.column === undefined ? {} : { column: d.column }),
    })),
  };
}

/** The bytes `plan.json` holds: the same plan always gives the same text. */
export function stringifyPlan(plan: Plan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}

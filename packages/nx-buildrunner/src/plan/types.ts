import type { Diagnostic } from '../spec/diagnostic';
import type { Domain, Priority, Spec } from '../spec/types';

export const COMPLEXITIES = ['simple', 'medium', 'complex', 'critical'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

/** Tasks are sized to what one agent session finishes well. */
export type EstimateMinutes = 60 | 90 | 120;

export interface Task {
  /** Stable slug: `<featureId>` or `<featureId>-<part>`; other features' edits never change it. */
  id: string;
  featureId: string;
  title: string;
  /** What to build, in the spec's words; the prompt builder starts from this. */
  description: string;
  domain: Domain;
  complexity: Complexity;
  estimateMinutes: EstimateMinutes;
  priority: Priority;
  /** Files the task creates or changes (workspace-relative, POSIX). */
  files: string[];
  acceptance: string[];
  /** Requirement ids covered. */
  requirements: string[];
  dependsOn: string[];
  /** Shell commands that must pass for the task to count as done. */
  verify: string[];
  /** Line of the feature heading the task comes from. */
  line: number;
  /** sha256 (hex, 16 chars) of the task's definition: what Nx hashes for this task. */
  hash: string;
}

export interface TaskGraph {
  /** Tasks grouped by longest distance from a root: everything in a level can run at once. */
  levels: string[][];
  criticalPath: string[];
  criticalPathMinutes: number;
}

export interface Batch {
  id: string;
  domain: Domain;
  tasks: string[];
  minutes: number;
}

export interface Plan {
  spec: Pick<Spec, 'path' | 'title' | 'hash'>;
  features: Spec['features'];
  tasks: Task[];
  graph: TaskGraph;
  batches: Batch[];
  diagnostics: Diagnostic[];
}

export interface PlanOptions {
  /** Commands that verify a task whose feature names none (say, the project's test command). */
  defaultVerify?: string[];
}

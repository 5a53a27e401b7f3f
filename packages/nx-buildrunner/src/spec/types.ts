import type { Diagnostic } from './diagnostic';

/** Where work belongs; batches never mix frontend, backend and database. */
export const DOMAINS = ['frontend', 'backend', 'database', 'infra', 'docs', 'test', 'general'] as const;
export type Domain = (typeof DOMAINS)[number];

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Which reader understood the document. */
export type SpecFormat = 'buildrunner' | 'freeform' | 'speckit' | 'kiro';

export interface Requirement {
  /** Stable within its feature: `<featureId>.r<N>` (N counts from 1 in document order). */
  id: string;
  text: string;
  line: number;
  /** Checklist items keep their state; plain list items are not done. */
  done: boolean;
  /** Spec Kit's `[P]`: this piece of work can run alongside the feature's other parallel ones. */
  parallel?: boolean;
}

export interface AcceptanceCriterion {
  text: string;
  done: boolean;
  line: number;
}

export type ComponentAction = 'create' | 'update' | 'reference';

/** A path the spec names under Implementation (or elsewhere in backticks that look like paths). */
export interface Component {
  path: string;
  action: ComponentAction;
  line: number;
}

/** A dependency as written, before and after resolution to a feature id. */
export interface DependencyRef {
  text: string;
  line: number;
  /** Feature ids this reference resolved to (a tier or phase reference may name several). */
  resolved: string[];
}

export interface Feature {
  /** Stable slug of the title, unique in the spec (`task-storage`). */
  id: string;
  /** The N of `Feature N:` when the spec numbers features. */
  number?: number;
  title: string;
  /** Line of the feature's heading; `endLine` is the last line of its section. */
  line: number;
  endLine: number;
  /** `(Build 2A)` in the heading, a phase, a tier: the group the feature belongs to. */
  group?: string;
  priority?: Priority;
  status?: string;
  /** As written (`1 day`, `90 min`); the planner turns it into minutes. */
  duration?: string;
  domain?: Domain;
  description?: string;
  requirements: Requirement[];
  acceptance: AcceptanceCriterion[];
  components: Component[];
  dependencyRefs: DependencyRef[];
  /** Resolved feature ids, unique, in the order written. */
  dependsOn: string[];
  /** Commands the spec says verify this feature (`**Verify:**` items in backticks). */
  verify: string[];
  /** Spec Kit's `[P]` and similar explicit markers. */
  parallel?: boolean;
  /** sha256 (hex, 16 chars) of the section's text: what changes when this feature is edited. */
  hash: string;
}

export interface Spec {
  path: string;
  title: string;
  /** sha256 (hex) of the whole file's bytes. */
  hash: string;
  format: SpecFormat;
  /** YAML front matter and `**Key:** value` lines of the preamble. */
  metadata: Record<string, unknown>;
  features: Feature[];
  diagnostics: Diagnostic[];
}

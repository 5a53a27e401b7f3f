import type { PhraseStrength } from './dependency-phrases';
import type { AcceptanceCriterion, Component } from './types';

/**
 * A feature as a reader found it, before ids, dependency resolution and checks (finalize.ts).
 * Readers know the layout; finalize knows the rules that hold for every layout.
 */
export interface FeatureDraft {
  title: string;
  number?: number;
  line: number;
  endLine: number;
  group?: string;
  /** sha256 prefix of the feature's source text. */
  hash: string;
  priority?: WrittenValue;
  status?: WrittenValue;
  duration?: WrittenValue;
  domain?: WrittenValue;
  description: WrittenValue[];
  requirements: RequirementDraft[];
  acceptance: AcceptanceCriterion[];
  components: Component[];
  refs: DraftRef[];
  verify: string[];
  parallel?: boolean;
  /** Other names the feature answers to in dependency references (`T012`, `2.1`). */
  aliases: string[];
}

export interface WrittenValue {
  text: string;
  line: number;
}

export interface RequirementDraft {
  text: string;
  line: number;
  done: boolean;
  parallel?: boolean;
}

/**
 * - `explicit`: a `Depends on` field; naming nothing known is an error.
 * - `prose`: a phrase in a sentence; see dependency-phrases.ts for strong and weak.
 * - `fixed`: an order the layout itself implies (Spec Kit phases, Kiro's numbered tasks),
 *   already resolved to draft indices.
 */
export type DraftRef =
  | { kind: 'explicit'; text: string; line: number }
  | { kind: 'prose'; text: string; line: number; strength: PhraseStrength }
  | { kind: 'fixed'; text: string; line: number; targets: number[] };

export function newDraft(title: string, line: number, endLine: number, hash: string): FeatureDraft {
  return {
    title,
    line,
    endLine,
    hash,
    description: [],
    requirements: [],
    acceptance: [],
    components: [],
    refs: [],
    verify: [],
    aliases: [],
  };
}

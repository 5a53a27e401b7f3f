import type { AcceptanceCriterion, Component, ComponentAction, Domain, Feature, Priority, Spec } from '../../spec/types';

/** A feature as a test writes it: only what the test is about, the rest filled in. */
export interface FeatureInput {
  id: string;
  title?: string;
  line?: number;
  priority?: Priority;
  domain?: Domain;
  duration?: string;
  description?: string;
  status?: string;
  requirements?: Array<string | { text: string; done: boolean }>;
  acceptance?: Array<string | { text: string; done: boolean }>;
  components?: Array<string | { path: string; action: ComponentAction }>;
  dependsOn?: string[];
  verify?: string[];
}

/**
 * A `Spec` as the parser would give it for these features: lines count up through the
 * document unless a feature says where it is.
 */
export function makeSpec(features: readonly FeatureInput[], path = 'PROJECT_SPEC.md'): Spec {
  let cursor = 3;
  const built = features.map((input): Feature => {
    const line = input.line ?? cursor;
    cursor = line + 1;
    const next = (): number => cursor++;
    const requirements = (input.requirements ?? []).map((r, i) => {
      const item = typeof r === 'string' ? { text: r, done: false } : r;
      return { id: `${input.id}.r${i + 1}`, text: item.text, done: item.done, line: next() };
    });
    const components = (input.components ?? []).map((c): Component => {
      const item = typeof c === 'string' ? { path: c, action: 'create' as const } : c;
      return { ...item, line: next() };
    });
    const acceptance = (input.acceptance ?? []).map((a): AcceptanceCriterion => {
      const item = typeof a === 'string' ? { text: a, done: false } : a;
      return { ...item, line: next() };
    });
    const dependsOn = input.dependsOn ?? [];
    const feature: Feature = {
      id: input.id,
      title: input.title ?? input.id,
      line,
      endLine: cursor,
      requirements,
      acceptance,
      components,
      dependencyRefs: dependsOn.map((id) => ({ text: id, line, resolved: [id] })),
      dependsOn,
      verify: input.verify ?? [],
      hash: `hash-${input.id}`,
    };
    cursor += 2;
    if (input.priority !== undefined) feature.priority = input.priority;
    if (input.domain !== undefined) feature.domain = input.domain;
    if (input.duration !== undefined) feature.duration = input.duration;
    if (input.description !== undefined) feature.description = input.description;
    if (input.status !== undefined) feature.status = input.status;
    return feature;
  });
  return {
    path,
    title: 'Test Spec',
    hash: 'f'.repeat(64),
    format: 'buildrunner',
    metadata: {},
    features: built,
    diagnostics: [],
  };
}

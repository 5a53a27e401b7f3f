import type { Component, Feature } from '../spec/types';
import { complexityOf } from './complexity';
import { featureDomain } from './domain';
import { durationMinutes } from './duration';
import { WORK, componentWork, estimateOf } from './estimate';
import { type Part, splitFeature } from './split';
import type { Task } from './types';

/** A task before the graph is known: its hash covers its final dependencies. */
export type DraftTask = Omit<Task, 'hash'>;

/** Files the feature creates or changes, each once (so in one part only); files it only reads are no work. */
function workComponents(components: readonly Component[]): Component[] {
  const seen = new Set<string>();
  return components.filter((c) => c.action !== 'reference' && !seen.has(c.path) && seen.add(c.path));
}

function contentMinutes(feature: Feature, components: readonly Component[]): number {
  return (
    WORK.feature +
    feature.requirements.length * WORK.requirement +
    feature.acceptance.length * WORK.criterion +
    components.reduce((total, c) => total + componentWork(c), 0)
  );
}

/**
 * The feature's checks, less those that run a file a later part creates: an earlier part
 * cannot pass them, since the file is not there yet.
 */
function verifyFor(parts: readonly Part[], index: number, commands: readonly string[]): string[] {
  const later = parts.slice(index + 1).flatMap((p) => p.components.map((c) => c.path));
  return commands.filter((command) => !later.some((file) => command.includes(file)));
}

/**
 * One feature's tasks, in build order, each after the one before. The `Duration` label, when it
 * names an amount, is the author's measure of the work; otherwise the spec's content is.
 */
export function decomposeFeature(feature: Feature, defaultVerify: readonly string[]): DraftTask[] {
  const components = workComponents(feature.components);
  const domain = featureDomain(feature, components);
  const labelled = feature.duration === undefined ? undefined : durationMinutes(feature.duration);
  const parts = splitFeature(feature, domain, components, labelled ?? contentMinutes(feature, components));
  const base = feature.description ?? feature.title;
  const ids = parts.map((p) => (p.slug === '' ? feature.id : `${feature.id}-${p.slug}`));
  return parts.map((part, index): DraftTask => {
    const estimate = estimateOf(part.minutes);
    const files = part.components.map((c) => c.path);
    const subject = [
      feature.title,
      feature.description ?? '',
      ...part.requirements.map((r) => r.text),
      ...part.acceptance.map((a) => a.text),
      ...files,
    ];
    const verify = verifyFor(parts, index, feature.verify);
    const previous = ids[index - 1];
    return {
      id: ids[index] ?? feature.id,
      featureId: feature.id,
      title: part.label === '' ? feature.title : `${feature.title}: ${part.label}`,
      description: part.label === '' ? base : `${base}\n\nPart ${index + 1} of ${parts.length}: ${part.label}.`,
      domain: part.domain,
      complexity: complexityOf(part.domain, estimate, subject),
      estimateMinutes: estimate,
      priority: feature.priority ?? 'medium',
      files,
      acceptance: part.acceptance.map((a) => a.text),
      requirements: part.requirements.map((r) => r.id),
      dependsOn: previous === undefined ? [] : [previous],
      verify: verify.length > 0 ? verify : [...defaultVerify],
      line: feature.line,
    };
  });
}

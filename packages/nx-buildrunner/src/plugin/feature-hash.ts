import { createHash } from 'node:crypto';
import type { Feature } from '../spec/types';

/**
 * A hash of what a feature asks for: its wording, files, dependencies and checks. The prompt
 * quotes the feature, so rewording a requirement must rerun its tasks even though no field of
 * the tasks changes. Left out on purpose: lines, the heading's number and the dependency phrases
 * (inserting a feature renumbers all later ones without changing them), and done marks and
 * status (ticking a box records progress, it asks for no new work).
 */
export function featureHash(feature: Feature): string {
  const definition = {
    id: feature.id,
    title: feature.title,
    group: feature.group,
    priority: feature.priority,
    duration: feature.duration,
    domain: feature.domain,
    description: feature.description,
    requirements: feature.requirements.map((r) => [r.id, r.text]),
    acceptance: feature.acceptance.map((a) => a.text),
    components: feature.components.map((c) => [c.path, c.action]),
    dependsOn: feature.dependsOn,
    verify: feature.verify,
    parallel: feature.parallel === true,
  };
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 16);
}

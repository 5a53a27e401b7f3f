import type { CreateDependencies, ProjectConfiguration, RawProjectGraphDependency } from '@nx/devkit';
import { Minimatch } from 'minimatch';
import { DependencyType } from 'nx/src/config/project-graph';
import { type BuildRunnerPluginOptions, normalizeOptions } from './options';
import { specDirectory } from './paths';
import { TASK_TAG } from './task-project';

/**
 * Every task depends on the project that owns its spec's folder, so that editing the spec makes
 * the spec's tasks affected. That project is found by root, never by name: when the folder
 * already is a project (project.json, a workspace package), its own name wins over the plugin's.
 *
 * Why here and not as `directory:<folder>` in each task's `implicitDependencies`: Nx matches such
 * a pattern against every project in the workspace, once per task, which is quadratic; with
 * 5,000 tasks it was 9 of the 13 seconds of `nx show projects`. Here Nx hands over the projects
 * with their final names, and one pass over them gives the same edges.
 */
export const createDependencies: CreateDependencies<BuildRunnerPluginOptions> = (options, context) =>
  specOwnerDependencies(context.projects, normalizeOptions(options).specs);

export function specOwnerDependencies(
  projects: Readonly<Record<string, ProjectConfiguration>>,
  specGlobs: readonly string[],
): RawProjectGraphDependency[] {
  const globs = specGlobs.map((glob) => new Minimatch(glob));
  const ours = new Map<string, boolean>();
  const isOurs = (spec: string) => {
    let matched = ours.get(spec);
    if (matched === undefined) ours.set(spec, (matched = globs.some((glob) => glob.match(spec))));
    return matched;
  };
  const ownerByRoot = new Map<string, string>();
  for (const [name, project] of Object.entries(projects)) ownerByRoot.set(project.root, name);
  const dependencies: RawProjectGraphDependency[] = [];
  for (const [name, project] of Object.entries(projects)) {
    const spec: unknown = project.metadata?.['spec'];
    // Only this registration's tasks: the plugin may be registered once per set of specs.
    if (!project.tags?.includes(TASK_TAG) || typeof spec !== 'string' || !isOurs(spec)) continue;
    const owner = ownerByRoot.get(specDirectory(spec));
    if (owner !== undefined && owner !== name) dependencies.push({ source: name, target: owner, type: DependencyType.implicit });
  }
  return dependencies;
}

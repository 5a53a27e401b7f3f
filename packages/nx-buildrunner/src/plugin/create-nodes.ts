import { join } from 'node:path';
import type {
  CreateNodes,
  CreateNodesContext,
  CreateNodesResult,
  CreateNodesResultArray,
  ProjectConfiguration,
} from '@nx/devkit';
import { Minimatch } from 'minimatch';
// From Nx itself rather than `@nx/devkit`, whose index costs ~80 ms to load in a plugin worker
// that has Nx's own modules loaded already; `nx/src/...` is also where cache-directory comes from.
import { createNodesFromFiles } from 'nx/src/project-graph/plugins/utils';
import { workspaceDataDirectoryForWorkspace } from 'nx/src/utils/cache-directory';
import type { Plan, PlanOptions } from '../plan/types';
import { error, formatDiagnostic, hasErrors } from '../spec/diagnostic';
import { dependencyHashes } from './dependency-hash';
import { pluginExternalDependencies } from './external-dependencies';
import { featureHash } from './feature-hash';
import { loadPlan, type Planner } from './load-plan';
import { assignNames, type NameRequest, slugifyPath } from './names';
import { type BuildRunnerPluginOptions, type NormalizedOptions, normalizeOptions, type VerificationSettings } from './options';
import { diskPlanCache, type PlanCache } from './plan-cache';
import { specDirectory, taskProjectRoot } from './paths';
import { taskProject } from './task-project';
import { PACKAGE_NAME } from './version';

/**
 * Nx needs a static glob, while the `specs` option is the user's: Nx hands over every Markdown
 * path in the workspace (paths only, nothing is read) and `specs` picks the spec files among
 * them. The price is that any `.md` edit makes Nx call the plugin, which then answers from its
 * plan cache; the gain is that specs can be named anything ending in `.md` without a new release.
 */
export const SPEC_FILE_GLOB = '**/*.md';

export function planCacheDirectory(workspaceRoot: string): string {
  return join(workspaceDataDirectoryForWorkspace(workspaceRoot), PACKAGE_NAME, 'plans');
}

/** The side effects of createNodes, swappable in tests. */
export interface CreateNodesEffects {
  planner: Planner;
  cache: (workspaceRoot: string) => PlanCache;
}

const defaultEffects: CreateNodesEffects = {
  // Loaded on the first cache miss only: the Markdown parser alone takes ~100 ms to load, which
  // a `nx show projects` answered from the plan cache must not pay.
  planner: async (source, spec, options) => (await import('./plan-from-source.js')).planFromSource(source, spec, options),
  cache: (workspaceRoot) => diskPlanCache(planCacheDirectory(workspaceRoot)),
};

function planOptions(verification: VerificationSettings): PlanOptions {
  const commands = verification.commands;
  return commands === undefined ? {} : { defaultVerify: commands };
}

/**
 * A spec's plan as createNodes made it, for the task executor: read from the plan cache, where
 * Nx's graph computation left it, instead of parsing the spec again in every task's process
 * (a 200-feature spec takes about a second to parse).
 */
export function specPlan(workspaceRoot: string, spec: string, verification: VerificationSettings): Promise<Plan> {
  return loadPlan(workspaceRoot, spec, planOptions(verification), defaultEffects.cache(workspaceRoot), defaultEffects.planner);
}

/** A spec Nx cannot use: its errors as `FILE:LINE: error: message` lines (warnings are not errors). */
function specError(spec: string, plan: Plan): Error {
  const lines = plan.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(spec, d));
  return new Error(lines.join('\n'));
}

async function planOrError(
  workspaceRoot: string,
  spec: string,
  options: PlanOptions,
  cache: PlanCache,
  planner: Planner,
): Promise<Plan | Error> {
  try {
    const plan = await loadPlan(workspaceRoot, spec, options, cache, planner);
    return hasErrors(plan.diagnostics) ? specError(spec, plan) : plan;
  } catch (e) {
    // Unreadable file, or a bug in planning: this spec fails, the others still make projects.
    const reason = e instanceof Error ? e.message : String(e);
    return new Error(formatDiagnostic(spec, error(`cannot plan this spec: ${reason}`, 0)));
  }
}

/** Names for every spec folder's project and every task's project, unique across all specs. */
function nameProjects(plans: ReadonlyMap<string, Plan>, options: NormalizedOptions): Map<string, string> {
  const requests = new Map<string, NameRequest>();
  for (const [spec, plan] of plans) {
    const dir = specDirectory(spec);
    const slug = slugifyPath(dir);
    const specName = `${options.specProjectPrefix}${slug}`;
    requests.set(dir, { key: dir, short: specName, qualified: specName });
    for (const task of plan.tasks) {
      const root = taskProjectRoot(spec, task.featureId, task.id);
      requests.set(root, {
        key: root,
        short: `${options.projectPrefix}${task.id}`,
        qualified: `${options.projectPrefix}${slug}-${task.id}`,
      });
    }
  }
  return assignNames([...requests.values()]);
}

function specNodes(
  spec: string,
  plan: Plan,
  names: ReadonlyMap<string, string>,
  options: NormalizedOptions,
  externalDependencies: string[],
): CreateNodesResult {
  const dir = specDirectory(spec);
  const roots = new Map(plan.tasks.map((t) => [t.id, taskProjectRoot(spec, t.featureId, t.id)]));
  const featureTitles = new Map(plan.features.map((f) => [f.id, f.title]));
  const featureHashes = new Map(plan.features.map((f) => [f.id, featureHash(f)]));
  const hashes = dependencyHashes(plan.tasks, featureHashes);
  const projects: Record<string, ProjectConfiguration> = {
    // The real project that owns the spec file, so `nx affected` sees spec edits. When the folder
    // already is a project (project.json, package.json), Nx merges this into it and its own name
    // wins: tasks reach it by root, so nothing here depends on the name.
    [dir]: { root: dir, name: names.get(dir) as string, tags: ['br:spec'] },
  };
  for (const task of plan.tasks) {
    const root = roots.get(task.id) as string;
    projects[root] = taskProject({
      spec,
      task,
      featureTitle: featureTitles.get(task.featureId) ?? task.featureId,
      featureHash: featureHashes.get(task.featureId) ?? '',
      name: names.get(root) as string,
      dependencyNames: task.dependsOn.flatMap((id) => {
        const dependency = roots.get(id);
        return dependency === undefined ? [] : [names.get(dependency) as string];
      }),
      dependencyHash: hashes.get(task.id) as string,
      options,
      externalDependencies,
    });
  }
  return { projects };
}

export async function createNodesInternal(
  configFiles: readonly string[],
  options: BuildRunnerPluginOptions | undefined,
  context: CreateNodesContext,
  effects: CreateNodesEffects = defaultEffects,
): Promise<CreateNodesResultArray> {
  const normalized = normalizeOptions(options);
  const globs = normalized.specs.map((glob) => new Minimatch(glob));
  const specs = configFiles.filter((file) => globs.some((glob) => glob.match(file)));
  if (specs.length === 0) return [];
  const cache = effects.cache(context.workspaceRoot);
  const byPlanning = planOptions(normalized.verification);
  const loaded = new Map<string, Plan | Error>();
  for (const spec of specs) loaded.set(spec, await planOrError(context.workspaceRoot, spec, byPlanning, cache, effects.planner));
  const plans = new Map<string, Plan>();
  for (const [spec, result] of loaded) if (!(result instanceof Error)) plans.set(spec, result);
  const names = nameProjects(plans, normalized);
  const externalDependencies = pluginExternalDependencies(context.workspaceRoot);

  return createNodesFromFiles(
    (spec: string) => {
      const result = loaded.get(spec) as Plan | Error;
      if (result instanceof Error) throw result;
      return specNodes(spec, result, names, normalized, externalDependencies);
    },
    specs,
    options,
    context,
  );
}

export const createNodes: CreateNodes<BuildRunnerPluginOptions> = [
  SPEC_FILE_GLOB,
  (configFiles, options, context) => createNodesInternal(configFiles, options, context),
];

/** The same tuple under the name Nx 22 and 24 also read. */
export const createNodesV2: CreateNodes<BuildRunnerPluginOptions> = createNodes;

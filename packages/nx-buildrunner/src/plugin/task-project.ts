import { posix } from 'node:path';
import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import type { Task } from '../plan/types';
import type { NormalizedOptions } from './options';
import { specDirectory, taskOutputPath, taskProjectRoot } from './paths';
import { type TaskTargetOptions, type VerifyTargetOptions, taskDefinition } from './target-options';
import { PACKAGE_NAME } from './version';

type Input = NonNullable<TargetConfiguration['inputs']>[number];

/** Tag of every task project: `-p tag:br:task`, and how `spec-dependencies.ts` finds them. */
export const TASK_TAG = 'br:task';

export interface TaskProjectInput {
  /** Workspace-relative path of the spec. */
  spec: string;
  task: Task;
  featureTitle: string;
  /** Hash of what the task's feature asks for. */
  featureHash: string;
  name: string;
  /** Project names of the tasks this one depends on. */
  dependencyNames: string[];
  dependencyHash: string;
  options: NormalizedOptions;
  /** Packages whose version is part of the task's hash (see `external-dependencies.ts`). */
  externalDependencies: string[];
}

/**
 * Upstream outputs (a finished dependency's result and patch) feed the hash, so a dependency
 * that redoes its work redoes its dependents; only the named packages count, so an unrelated
 * lockfile change reruns nothing. No `{projectRoot}` fileset and no default inputs: a virtual
 * project has no files, and Nx fails to hash those.
 */
function sharedInputs(externalDependencies: string[]): Input[] {
  return [{ dependentTasksOutputFiles: '**/*', transitive: true }, { externalDependencies }];
}

/** Task files are paths, not globs: `app/[id]/page.tsx` must match itself only. */
function literalGlob(path: string): string {
  return path.replace(/[[\]*?{}]/g, (c) => `[${c}]`);
}

/**
 * What `br-verify` checks lives in the task's files, so their content is part of its hash: edit a
 * file and its verification runs again. Paths leaving the workspace cannot be inputs.
 */
function fileInputs(spec: string, files: readonly string[]): string[] {
  const inputs: string[] = [];
  for (const file of files) {
    const path = posix.join(specDirectory(spec), file);
    if (posix.isAbsolute(file) || path === '..' || path.startsWith('../')) continue;
    const pattern = literalGlob(path.replace(/\/+$/, ''));
    inputs.push(`{workspaceRoot}/${pattern}${file.endsWith('/') ? '/**/*' : ''}`);
  }
  return [...new Set(inputs)];
}

export function taskProject(input: TaskProjectInput): ProjectConfiguration {
  const { spec, task, options } = input;
  const facts = {
    title: task.title,
    spec,
    feature: task.featureId,
    featureTitle: input.featureTitle,
    domain: task.domain,
    complexity: task.complexity,
    priority: task.priority,
    estimateMinutes: task.estimateMinutes,
    line: task.line,
  };
  const base = { spec, task: taskDefinition(task), featureHash: input.featureHash, dependencyHash: input.dependencyHash };
  const taskOptions: TaskTargetOptions = { ...base };
  if (options.agent !== undefined) taskOptions.agent = options.agent;
  if (Object.keys(options.verification).length > 0) taskOptions.verification = options.verification;
  if (options.integrationBranch !== undefined) taskOptions.integrationBranch = options.integrationBranch;
  const verifyOptions: VerifyTargetOptions = { ...base };
  if (options.verification.timeoutMs !== undefined) verifyOptions.timeoutMs = options.verification.timeoutMs;

  const runTarget: TargetConfiguration<TaskTargetOptions> = {
    executor: `${PACKAGE_NAME}:task`,
    cache: true,
    dependsOn: [`^${options.targetName}`],
    inputs: sharedInputs(input.externalDependencies),
    outputs: [`{workspaceRoot}/${taskOutputPath(spec, task.id)}`],
    options: taskOptions,
    metadata: {
      ...facts,
      description: `Carry out "${task.title}" with an agent, verify it and merge it`,
      technologies: [PACKAGE_NAME],
    },
  };
  const verifyTarget: TargetConfiguration<VerifyTargetOptions> = {
    executor: `${PACKAGE_NAME}:verify`,
    cache: true,
    dependsOn: [`^${options.verifyTargetName}`],
    inputs: [...fileInputs(spec, task.files), ...sharedInputs(input.externalDependencies)],
    outputs: [],
    options: verifyOptions,
    metadata: {
      ...facts,
      description: `Check the files and run the verify commands of "${task.title}", without an agent`,
      technologies: [PACKAGE_NAME],
    },
  };

  return {
    root: taskProjectRoot(spec, task.featureId, task.id),
    name: input.name,
    tags: [TASK_TAG, `br:feature:${task.featureId}`, `br:domain:${task.domain}`],
    // The edge to the project owning the spec's folder comes from createDependencies (see
    // spec-dependencies.ts): a `directory:` pattern here would cost Nx quadratic time.
    implicitDependencies: input.dependencyNames,
    metadata: {
      ...facts,
      description: task.title,
      technologies: [PACKAGE_NAME],
      targetGroups: { BuildRunner: [options.targetName, options.verifyTargetName] },
    },
    targets: {
      [options.targetName]: runTarget,
      [options.verifyTargetName]: verifyTarget,
    },
  };
}

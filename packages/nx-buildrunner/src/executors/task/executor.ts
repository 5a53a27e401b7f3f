import { holdLifeline } from './lifeline';
import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { createAgent } from '../../agent/create';
import type { AgentOptions } from '../../agent/options';
import type { AgentBackend, AgentLimits } from '../../agent/types';
import { specDirectory, specKey } from '../../plugin/paths';
import type { TaskTargetOptions } from '../../plugin/target-options';
import { PACKAGE_NAME } from '../../plugin/version';
import { fileJournalSink } from '../../runtime/journal/file-sink';
import { journalPath } from '../../runtime/journal/paths';
import { runIdFromEnv } from '../../runtime/journal/run-id';
import { scrubSecrets } from '../../runtime/secrets';
import { chooseAgent } from './agent-choice';
import { upstreamTasks } from './graph-tasks';
import { specSection } from './requirements';
import { runTask } from './run-task';
import { promptTokenCounter } from './token-counter';
import type { TaskRunDeps } from './types';
import { workspaceTestCommand } from './workspace-test';

/** Target options as the plugin writes them, plus what nx.json's targetDefaults may add. */
export interface TaskExecutorOptions extends TaskTargetOptions {
  contextBudget?: number;
  limits?: Partial<AgentLimits>;
}

export interface TaskExecutorEffects {
  print?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  createAgent?: (options: AgentOptions) => AgentBackend;
  /** Everything else `runTask` accepts (clock, git, verify runner, ...). */
  deps?: Partial<Omit<TaskRunDeps, 'agent' | 'log'>>;
  /**
   * Ids of tasks this process has merged in this run. Their records need no replay check, which
   * otherwise reads every upstream record for every task: quadratic over a long batch.
   */
  mergedHere?: ReadonlySet<string>;
}

/**
 * Executor `nx-buildrunner:task`, the `br-task` target of every task project: `runTask` with the
 * agent the options name, the task's requirements from its spec, and the workspace's test target
 * as the verify command of last resort. Everything it prints is scrubbed of secrets, since Nx
 * keeps terminal output with the cache entry.
 */
export default async function taskExecutor(
  options: TaskExecutorOptions,
  context: ExecutorContext,
  effects: TaskExecutorEffects = {},
): Promise<{ success: boolean }> {
  const env = effects.env ?? process.env;
  const releaseLifeline = holdLifeline(env);
  // console, as Nx's logger.info prints these lines; loading @nx/devkit for it would cost every task's process ~100 ms.
  const print = (text: string) => (effects.print ?? ((t: string) => console.info(t)))(scrubSecrets(text, env));
  const { task } = options;
  const choice = chooseAgent(options.agent, env, context.root);
  if (!choice.ok) {
    print(`[${task.id}] ${choice.message}`);
    releaseLifeline();
    return { success: false };
  }
  const spec = specKey(context.root, options.spec);
  const verification = options.verification ?? {};
  const workspaceTest =
    verification.commands !== undefined && verification.commands.length > 0
      ? undefined
      : workspaceTestCommand(context.projectsConfigurations?.projects ?? {}, specDirectory(spec), `${PACKAGE_NAME}:`);
  // Every task run journals, whether `br run` started Nx or the user did.
  const ownJournal = effects.deps?.journal === undefined ? fileJournalSink(journalPath(context.root), { run: runIdFromEnv(env), env }) : undefined;
  const journal = effects.deps?.journal ?? ownJournal;
  try {
    const { requirements, components } = await specSection(context.root, spec, task, verification);
    const counter = effects.deps?.tokenCounter ?? promptTokenCounter(choice.options);
    const upstream = upstreamTasks(context.projectGraph?.nodes ?? {}, context.targetName ?? 'br-task', context.root, { ...options, spec }).filter(
      (t) => !effects.mergedHere?.has(t.id),
    );
    const outcome = await runTask(
      {
        task,
        workspaceRoot: context.root,
        spec,
        ...(options.featureHash === undefined ? {} : { featureHash: options.featureHash }),
        ...(options.dependencyHash === undefined ? {} : { dependencyHash: options.dependencyHash }),
        ...(options.integrationBranch === undefined ? {} : { integrationBranch: options.integrationBranch }),
        verification: { ...verification, ...(workspaceTest === undefined ? {} : { workspaceTest }) },
        ...(options.contextBudget === undefined ? {} : { contextBudget: options.contextBudget }),
        ...(options.limits === undefined ? {} : { limits: options.limits }),
        ...(requirements === undefined ? {} : { requirements }),
        ...(components === undefined ? {} : { components }),
        env,
        upstream,
      },
      {
        ...effects.deps,
        ...(journal === undefined ? {} : { journal }),
        agent: (effects.createAgent ?? createAgent)(choice.options),
        log: print,
        ...(counter === undefined ? {} : { tokenCounter: counter }),
      },
    );
    print(`[${task.id}] ${outcome.success ? 'done' : 'FAILED'}: result in ${path.relative(context.root, outcome.outputDir) || '.'}`);
    return { success: outcome.success };
  } catch (error) {
    print(`[${task.id}] FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return { success: false };
  } finally {
    ownJournal?.close();
    releaseLifeline();
  }
}

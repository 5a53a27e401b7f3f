import * as path from 'node:path';
import { totalCost } from '../../agent/usage';
import { taskOutputDir } from '../../plugin/paths';
import type { DependencyOutput } from '../../runtime/context/types';
import { DEFAULT_CONTEXT_BUDGET } from '../../runtime/context/types';
import { ensureIntegrationBranch } from '../../runtime/git/integration';
import { DEFAULT_INTEGRATION_BRANCH } from '../../runtime/git/names';
import { openRepo, type Repo } from '../../runtime/git/repo';
import { prepareTaskWorktree, type TaskWorktree } from '../../runtime/git/worktree';
import type { TaskResultInput } from '../../runtime/record/build';
import type { TaskStatus } from '../../runtime/record/types';
import { scrubSecrets } from '../../runtime/secrets';
import { resolveVerifyCommands } from '../../runtime/verify/commands';
import { runVerification } from '../../runtime/verify/verify';
import { runAttempts, type AttemptsResult } from './attempts';
import { systemClock, timed } from './clock';
import { conflictTurn } from './conflict-turn';
import { agentLimits, DEFAULT_RETRIES } from './defaults';
import { readDependencies } from './dependencies';
import { deliver } from './deliver';
import { linkInstalledPackages } from './installed-packages';
import { usd } from './progress';
import { recordTask, type RecordInput } from './record';
import { reusableResult } from './reuse';
import type { TaskRunDeps, TaskRunInput, TaskRunOutcome } from './types';

/** Verify commands in a worktree must not leave an Nx daemon behind per task. */
const VERIFY_ENV = { NX_DAEMON: 'false' };

/** The spec's folder relative to the repository root, POSIX; undefined when it is outside. */
function specDirInRepo(repo: Repo, workspaceRoot: string, spec: string): string | undefined {
  const rel = path.relative(repo.root, path.resolve(workspaceRoot, path.dirname(spec)));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

/**
 * One task, start to finish: worktree, context, prompt, agent, verification with retries, merge,
 * record. Every outcome, success or not, ends in a written `result.json` (except when an earlier
 * run's merged result makes running pointless: then nothing is touched). Never throws for what
 * the task, the agent or git do; only a failure to write the result itself propagates.
 */
export async function runTask(input: TaskRunInput, deps: TaskRunDeps): Promise<TaskRunOutcome> {
  const { task } = input;
  const env = input.env ?? process.env;
  const clock = deps.clock ?? systemClock;
  const log = (line: string) => deps.log?.(scrubSecrets(line, env));
  const started = clock.now();
  const outputDir = taskOutputDir(input.workspaceRoot, input.spec, task.id);
  const integration = input.integrationBranch ?? DEFAULT_INTEGRATION_BRANCH;
  const limits = agentLimits(input.limits);
  const timings: TaskResultInput['timings'] = {};
  const hashes = {
    ...(input.featureHash === undefined ? {} : { featureHash: input.featureHash }),
    ...(input.dependencyHash === undefined ? {} : { dependencyHash: input.dependencyHash }),
  };
  const base = { taskId: task.id, title: task.title, taskHash: task.hash, ...hashes };

  const finish = async (status: TaskStatus, message: string, rest: Partial<RecordInput> = {}): Promise<TaskRunOutcome> => {
    const finished = clock.now();
    const record: RecordInput = {
      ...base,
      status,
      attempts: [],
      prompts: [],
      ...rest,
      timings: { ...timings, totalMs: finished - started },
      startedAt: new Date(started),
      finishedAt: new Date(finished),
    };
    if (status !== 'merged') record.error = message;
    const result = await recordTask(outputDir, record, env);
    log(`[${task.id}] ${message}`);
    return { success: status === 'merged', status, message: scrubSecrets(message, env), outputDir, result, reused: false };
  };

  const opened = await (deps.openRepo ?? ((dir: string) => openRepo(dir)))(input.workspaceRoot);
  if (!opened.ok) return finish('failed', opened.message);
  const repo = opened.repo;
  const specDir = specDirInRepo(repo, input.workspaceRoot, input.spec);
  if (specDir === undefined) return finish('failed', `the spec ${input.spec} is outside the git repository at ${repo.root}`);
  const ensured = await ensureIntegrationBranch(repo, integration);
  if (!ensured.ok) return finish('failed', ensured.message);

  const reused = await reusableResult(repo, { outputDir, taskHash: task.hash, ...hashes, integrationTip: ensured.tip });
  if (reused !== undefined) {
    const message = `already merged into ${integration} as ${(reused.commit ?? reused.integrationCommit ?? '').slice(0, 12)}; nothing to do`;
    log(`[${task.id}] ${message}`);
    return { success: true, status: 'merged', message, outputDir, result: reused, reused: true };
  }

  const dependencies = await readDependencies(repo, ensured.tip, task.dependsOn, (id) => taskOutputDir(input.workspaceRoot, input.spec, id), integration);
  if (!dependencies.ok) return finish('blocked', dependencies.message);

  const [prepared, worktreeMs] = await timed(clock, async () => {
    const made = await prepareTaskWorktree(repo, task.id, { integration });
    if (made.ok) await linkInstalledPackages(repo, made.worktree.path, specDir);
    return made;
  });
  timings.worktreeMs = worktreeMs;
  if (!prepared.ok) return finish('failed', prepared.message);
  const wt = prepared.worktree;
  if (prepared.kept !== undefined) log(`[${task.id}] unmerged work of an earlier run is kept on ${prepared.kept}`);
  log(`[${task.id}] worktree ${wt.path} at ${integration} ${wt.base.slice(0, 12)}`);

  return carryOut(input, deps, { repo, wt, specDir, integration, limits, dependencies: dependencies.outputs, env, clock, log, timings, finish });
}

interface Prepared {
  repo: Repo;
  wt: TaskWorktree;
  specDir: string;
  integration: string;
  limits: ReturnType<typeof agentLimits>;
  dependencies: DependencyOutput[];
  env: NodeJS.ProcessEnv;
  clock: NonNullable<TaskRunDeps['clock']>;
  log: (line: string) => void;
  timings: TaskResultInput['timings'];
  finish: (status: TaskStatus, message: string, rest?: Partial<RecordInput>) => Promise<TaskRunOutcome>;
}

/** Steps 2 to 7, once the task has its worktree. */
async function carryOut(input: TaskRunInput, deps: TaskRunDeps, p: Prepared): Promise<TaskRunOutcome> {
  const { task } = input;
  const { repo, wt, clock, log, timings, finish } = p;
  const cwd = path.join(wt.path, ...p.specDir.split('/'));
  const verification = input.verification ?? {};
  const verifyCommands = resolveVerifyCommands(task, {
    ...(verification.commands === undefined ? {} : { plugin: verification.commands }),
    ...(verification.workspaceTest === undefined ? {} : { workspace: verification.workspaceTest }),
  }).commands;
  // The conflict turn works in the same worktree, so one verifier serves the attempts and the turn.
  const verify = () =>
    runVerification(task, {
      cwd,
      commands: verifyCommands,
      env: { ...p.env, ...VERIFY_ENV },
      ...(verification.timeoutMs === undefined ? {} : { timeoutMs: verification.timeoutMs }),
      ...(deps.verifyRunner === undefined ? {} : { runner: deps.verifyRunner }),
      ...(deps.checks === undefined ? {} : { checks: deps.checks }),
    });

  const tried: AttemptsResult = await runAttempts(
    {
      task,
      worktree: wt.path,
      specDir: p.specDir,
      dependencies: p.dependencies,
      ...(input.requirements === undefined ? {} : { requirements: input.requirements }),
      verifyCommands,
      budget: input.contextBudget ?? DEFAULT_CONTEXT_BUDGET,
      maxAttempts: 1 + (verification.retries ?? DEFAULT_RETRIES),
      limits: p.limits,
      env: p.env,
    },
    {
      agent: deps.agent,
      clock,
      log,
      verify,
      ...(deps.tokenCounter === undefined ? {} : { tokenCounter: deps.tokenCounter }),
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    },
  );
  Object.assign(timings, { contextMs: tried.contextMs, agentMs: tried.agentMs, verifyMs: tried.verifyMs });
  const attemptFields: Partial<RecordInput> = {
    attempts: tried.attempts,
    prompts: tried.prompts,
    ...(tried.context === undefined ? {} : { context: tried.context }),
    ...(tried.promptTokens === undefined ? {} : { promptTokens: tried.promptTokens }),
  };
  if (!tried.passed) {
    return finish('failed', `${tried.error ?? 'verification failed'}; the worktree is kept at ${wt.path}`, { ...attemptFields, worktree: wt.path });
  }

  const turn = conflictTurn(
    { task, attempt: tried.attempts.length + 1, verifyCommands, limits: p.limits, spentUsd: tried.spentUsd, env: p.env },
    {
      agent: deps.agent,
      clock,
      log,
      verify,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    },
  );
  const [delivered, deliverMs] = await timed(clock, () =>
    deliver(repo, { worktree: wt, title: task.title, integration: p.integration, resolveConflict: turn.resolve, env: p.env }),
  );
  const conflict = turn.record();
  // The conflict turn's agent and verification time count as such, not as merging.
  timings.mergeMs = deliverMs - (conflict?.agentMs ?? 0) - (conflict?.verifyMs ?? 0);
  timings.agentMs = tried.agentMs + (conflict?.agentMs ?? 0);
  timings.verifyMs = tried.verifyMs + (conflict?.verifyMs ?? 0);
  const recorded: Partial<RecordInput> = {
    ...attemptFields,
    prompts: conflict === undefined ? tried.prompts : [...tried.prompts, conflict.prompt],
    ...(conflict === undefined ? {} : { conflictAgent: conflict.agent }),
    files: delivered.files,
    ...(delivered.commit === undefined ? {} : { commit: delivered.commit }),
    ...(delivered.patch === undefined ? {} : { patch: delivered.patch }),
  };
  if (!delivered.ok) return finish('failed', delivered.message, { ...recorded, worktree: wt.path });
  if (delivered.cleanupProblem !== undefined) log(`[${task.id}] merged, but cleaning up failed: ${delivered.cleanupProblem}`);
  const cost = tried.spentUsd + totalCost(conflict?.agent.calls ?? []);
  const what = delivered.commit === undefined ? 'nothing to merge: the verified worktree had no change' : `merged ${delivered.commit.slice(0, 12)} into ${p.integration}${conflict !== undefined ? ' after resolving a conflict' : delivered.rebased ? ' after a rebase' : ''}`;
  const n = tried.attempts.length;
  return finish('merged', `${what} (${n} attempt${n === 1 ? '' : 's'}, ${usd(cost)})`, { ...recorded, integrationCommit: delivered.integrationCommit });
}

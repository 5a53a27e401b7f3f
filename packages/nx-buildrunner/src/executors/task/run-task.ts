import * as path from 'node:path';
import { totalCost } from '../../agent/usage';
import { taskOutputDir } from '../../plugin/paths';
import { taskGuards, type TaskGuards } from '../../runtime/completeness/guards';
import type { DependencyOutput } from '../../runtime/context/types';
import { DEFAULT_CONTEXT_BUDGET } from '../../runtime/context/types';
import { ensureIntegrationBranch } from '../../runtime/git/integration';
import { DEFAULT_INTEGRATION_BRANCH } from '../../runtime/git/names';
import { openRepo, type Repo } from '../../runtime/git/repo';
import { prepareTaskWorktree, type TaskWorktree } from '../../runtime/git/worktree';
import { taskJournal, type TaskJournal } from '../../runtime/journal/task-events';
import type { TaskResultInput } from '../../runtime/record/build';
import type { TaskStatus } from '../../runtime/record/types';
import { scrubSecrets } from '../../runtime/secrets';
import { clearDelivery, deliveryPath, loadDelivery, saveDelivery } from '../../runtime/state/delivery';
import { testPause } from '../../runtime/state/test-pause';
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
import { replayRecords } from './replay';
import { planResume } from './resume';
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
  await testPause('task-start', task.id, env);
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
  const journal = taskJournal(deps.journal, task.id);
  const delivery = deliveryPath(input.workspaceRoot, input.spec, task.id);

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
    journal.step('record', Math.max(1, record.attempts.length));
    const result = await recordTask(outputDir, record, env);
    await clearDelivery(delivery);
    const said = scrubSecrets(message, env);
    journal.end(result, said);
    log(`[${task.id}] ${message}`);
    return { success: status === 'merged', status, message: said, outputDir, result, reused: false };
  };

  const opened = await (deps.openRepo ?? ((dir: string) => openRepo(dir)))(input.workspaceRoot);
  if (!opened.ok) return finish('failed', opened.message);
  const repo = opened.repo;
  const specDir = specDirInRepo(repo, input.workspaceRoot, input.spec);
  if (specDir === undefined) return finish('failed', `the spec ${input.spec} is outside the git repository at ${repo.root}`);
  const ensured = await ensureIntegrationBranch(repo, integration);
  if (!ensured.ok) return finish('failed', ensured.message);

  // Records restored from a cache, this task's own included, become changes here before anything runs.
  const replay = await replayRecords(repo, {
    integration,
    tasks: [...(input.upstream ?? []), { id: task.id, title: task.title, taskHash: task.hash, ...hashes, dependsOn: task.dependsOn, outputDir }],
  });
  for (const r of replay.replayed) log(`[${task.id}] replayed ${r.taskId} from its record onto ${integration} as ${r.commit.slice(0, 12)}`);
  if (!replay.ok) return finish('blocked', replay.message);
  const tip = replay.tip ?? ensured.tip;

  const reused = await reusableResult(repo, { outputDir, taskHash: task.hash, ...hashes, integrationTip: tip });
  if (reused !== undefined) {
    const message = `already merged into ${integration} as ${(reused.commit ?? reused.integrationCommit ?? '').slice(0, 12)}; nothing to do`;
    log(`[${task.id}] ${message}`);
    await clearDelivery(delivery);
    journal.end(reused, message, true);
    return { success: true, status: 'merged', message, outputDir, result: reused, reused: true };
  }
  journal.start(1);

  const checkpoint = await loadDelivery(delivery, base);
  if (checkpoint !== undefined) {
    const plan = await planResume(repo, checkpoint);
    Object.assign(timings, checkpoint.timings);
    const verified: Verified = { ...checkpoint, agentMs: checkpoint.timings.agentMs, verifyMs: checkpoint.timings.verifyMs };
    const guards = guardsFor(input, deps, { repo, wt: checkpoint.worktree, specDir: checkpoint.specDir, log });
    const p = { repo, wt: checkpoint.worktree, specDir: checkpoint.specDir, integration, limits, env, clock, log, timings, finish, journal, delivery, guards };
    if (plan.kind === 'merged') {
      if (plan.cleanupProblem !== undefined) log(`[${task.id}] recorded, but cleaning up failed: ${plan.cleanupProblem}`);
      const { commit, integrationCommit, files, patch } = plan;
      return finish('merged', `merged ${commit.slice(0, 12)} into ${integration} (the run that merged it stopped before recording it)`, {
        ...attemptRecord(verified),
        files,
        commit,
        integrationCommit,
        ...(patch === undefined ? {} : { patch }),
      });
    }
    if (plan.kind === 'deliver') {
      log(`[${task.id}] finishing the delivery of work verified by an earlier run`);
      return deliverVerified(input, deps, p, verified);
    }
    log(`[${task.id}] cannot finish the delivery an earlier run left (${plan.reason}); starting over`);
    await clearDelivery(delivery);
  }

  const dependencies = await readDependencies(repo, tip, task.dependsOn, (id) => taskOutputDir(input.workspaceRoot, input.spec, id), integration);
  if (!dependencies.ok) return finish('blocked', dependencies.message);

  journal.step('worktree', 1);
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

  const guards = guardsFor(input, deps, { repo, wt, specDir, log });
  return carryOut(input, deps, { repo, wt, specDir, integration, limits, env, clock, log, timings, finish, journal, delivery, guards }, dependencies.outputs);
}

interface Prepared {
  repo: Repo;
  wt: TaskWorktree;
  specDir: string;
  integration: string;
  limits: ReturnType<typeof agentLimits>;
  env: NodeJS.ProcessEnv;
  clock: NonNullable<TaskRunDeps['clock']>;
  log: (line: string) => void;
  timings: TaskResultInput['timings'];
  finish: (status: TaskStatus, message: string, rest?: Partial<RecordInput>) => Promise<TaskRunOutcome>;
  journal: TaskJournal;
  /** The delivery checkpoint's file (runtime/state/delivery.ts). */
  delivery: string;
  /** The completeness checks and the live monitor (runtime/completeness/guards.ts). */
  guards: TaskGuards;
}

/** The default checks of every task, from the `verification` settings; the deps' checks come on top. */
function guardsFor(input: TaskRunInput, deps: TaskRunDeps, at: { repo: Repo; wt: TaskWorktree; specDir: string; log: (line: string) => void }): TaskGuards {
  return taskGuards({
    repo: at.repo,
    task: input.task,
    worktree: at.wt,
    specDir: at.specDir,
    specFile: path.posix.basename(input.spec),
    ...(input.verification === undefined ? {} : { settings: input.verification }),
    ...(input.requirements === undefined ? {} : { requirements: input.requirements }),
    ...(input.components === undefined ? {} : { components: input.components }),
    ...(deps.journal === undefined ? {} : { journal: deps.journal }),
    log: at.log,
  });
}

/** What passed verification: all that the delivery and the record need from the attempts. */
type Verified = Pick<AttemptsResult, 'attempts' | 'prompts' | 'context' | 'promptTokens' | 'spentUsd' | 'agentMs' | 'verifyMs'>;

function attemptRecord(v: Verified): Partial<RecordInput> {
  return {
    attempts: v.attempts,
    prompts: v.prompts,
    ...(v.context === undefined ? {} : { context: v.context }),
    ...(v.promptTokens === undefined ? {} : { promptTokens: v.promptTokens }),
  };
}

/** The task's verify commands, and a verifier of its worktree as it is at the time of the call. */
function verifierFor(input: TaskRunInput, deps: TaskRunDeps, p: Prepared) {
  const { task } = input;
  const cwd = path.join(p.wt.path, ...p.specDir.split('/'));
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
      checks: [...(deps.checks ?? []), ...p.guards.checks],
    });
  return { verifyCommands, verify };
}

/** Steps 2 to 5, once the task has its worktree; then delivery. */
async function carryOut(input: TaskRunInput, deps: TaskRunDeps, p: Prepared, dependencies: DependencyOutput[]): Promise<TaskRunOutcome> {
  const { task } = input;
  const { wt, clock, log, timings, finish } = p;
  const verificationSettings = input.verification ?? {};
  const { verifyCommands, verify } = verifierFor(input, deps, p);
  let monitor: Awaited<ReturnType<TaskGuards['watch']>> | undefined;
  let tried: AttemptsResult;
  try {
    // The live monitor watches the agent's attempts only: the merge's clean-up is not the task's work.
    monitor = await p.guards.watch();
    tried = await runAttempts(
      {
        task,
        worktree: wt.path,
        specDir: p.specDir,
        dependencies,
        ...(input.requirements === undefined ? {} : { requirements: input.requirements }),
        verifyCommands,
        budget: input.contextBudget ?? DEFAULT_CONTEXT_BUDGET,
        maxAttempts: 1 + (verificationSettings.retries ?? DEFAULT_RETRIES),
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
        ...(deps.agentSlot === undefined ? {} : { agentSlot: deps.agentSlot }),
        journal: p.journal,
      },
    );
  } finally {
    await monitor?.close();
  }
  Object.assign(timings, { contextMs: tried.contextMs, agentMs: tried.agentMs, verifyMs: tried.verifyMs });
  if (!tried.passed) {
    return finish('failed', `${tried.error ?? 'verification failed'}; the worktree is kept at ${wt.path}`, { ...attemptRecord(tried), worktree: wt.path });
  }
  // From here a killed process resumes at the delivery instead of running the agent again.
  await saveDelivery(
    p.delivery,
    {
      version: 1,
      taskId: task.id,
      taskHash: task.hash,
      ...(input.featureHash === undefined ? {} : { featureHash: input.featureHash }),
      ...(input.dependencyHash === undefined ? {} : { dependencyHash: input.dependencyHash }),
      integration: p.integration,
      worktree: wt,
      specDir: p.specDir,
      attempts: tried.attempts,
      prompts: tried.prompts,
      ...(tried.context === undefined ? {} : { context: tried.context }),
      ...(tried.promptTokens === undefined ? {} : { promptTokens: tried.promptTokens }),
      spentUsd: tried.spentUsd,
      timings: { ...timings, contextMs: tried.contextMs, agentMs: tried.agentMs, verifyMs: tried.verifyMs },
    },
    p.env,
  );
  return deliverVerified(input, deps, p, tried);
}

/** Steps 6 and 7: commit, merge (with one agent turn for a conflict), record. */
async function deliverVerified(input: TaskRunInput, deps: TaskRunDeps, p: Prepared, tried: Verified): Promise<TaskRunOutcome> {
  const { task } = input;
  const { repo, wt, clock, log, timings, finish } = p;
  const { verifyCommands, verify } = verifierFor(input, deps, p);
  p.journal.step('merge', Math.max(1, tried.attempts.length));
  const turn = conflictTurn(
    { task, attempt: tried.attempts.length + 1, verifyCommands, limits: p.limits, spentUsd: tried.spentUsd, env: p.env },
    {
      agent: deps.agent,
      clock,
      log,
      verify,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      ...(deps.agentSlot === undefined ? {} : { agentSlot: deps.agentSlot }),
    },
  );
  const [delivered, deliverMs] = await timed(clock, () =>
    deliver(repo, {
      worktree: wt,
      title: task.title,
      integration: p.integration,
      resolveConflict: turn.resolve,
      env: p.env,
      ...(deps.priority === undefined ? {} : { priority: deps.priority }),
    }),
  );
  if (delivered.ok) await testPause('merge-done', task.id, p.env);
  const conflict = turn.record();
  // The conflict turn's agent and verification time count as such, not as merging.
  timings.mergeMs = deliverMs - (conflict?.agentMs ?? 0) - (conflict?.verifyMs ?? 0);
  timings.agentMs = tried.agentMs + (conflict?.agentMs ?? 0);
  timings.verifyMs = tried.verifyMs + (conflict?.verifyMs ?? 0);
  const recorded: Partial<RecordInput> = {
    ...attemptRecord(tried),
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

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CreateNodesContext, CreateNodesResultArray, ProjectConfiguration } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { specTemplate } from '../generators/spec/template';
import type { Plan } from '../plan/types';
import { createNodes, createNodesInternal, createNodesV2, planCacheDirectory, SPEC_FILE_GLOB } from './create-nodes';
import { featureHash } from './feature-hash';
import type { Planner } from './load-plan';
import type { BuildRunnerPluginOptions } from './options';
import { diskPlanCache } from './plan-cache';
import { planFromSource } from './plan-from-source';
import type { TaskTargetOptions, VerifyTargetOptions } from './target-options';

const REPO = resolve(__dirname, '../../../..');
const TEXTKIT = join(REPO, 'examples/textkit/PROJECT_SPEC.md');
const SHARED = resolve(REPO, '../shared/specs');

let root: string;
let context: CreateNodesContext;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'br-nodes-'));
  writeFileSync(join(root, 'nx.json'), '{}');
  context = { nxJsonConfiguration: {}, workspaceRoot: root };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): string {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  return path;
}

function addSpec(path: string, from: string): string {
  return write(path, readFileSync(from, 'utf8'));
}

/** The real planner, counted: how the tests see whether a spec was planned or read from the cache. */
function countingPlanner(): Planner & { calls: string[] } {
  const calls: string[] = [];
  const planner = ((source, spec, options) => {
    calls.push(spec);
    return planFromSource(source, spec, options);
  }) as Planner & { calls: string[] };
  planner.calls = calls;
  return planner;
}

async function run(files: string[], options?: BuildRunnerPluginOptions, planner: Planner = countingPlanner()) {
  const cache = () => diskPlanCache(join(root, 'plan-cache'));
  return createNodesInternal(files, options, context, { planner, cache });
}

function projectsOf(results: CreateNodesResultArray): Record<string, ProjectConfiguration> {
  const all: Record<string, ProjectConfiguration> = {};
  for (const [, result] of results) Object.assign(all, result.projects);
  return all;
}

function byName(results: CreateNodesResultArray): Record<string, ProjectConfiguration> {
  return Object.fromEntries(Object.values(projectsOf(results)).map((p) => [p.name as string, p]));
}

function planOf(path: string, options = {}): Promise<Plan> {
  return planFromSource(readFileSync(join(root, path)), path, options);
}

const taskOptions = (p: ProjectConfiguration, target = 'br-task') => p.targets?.[target]?.options as TaskTargetOptions;

describe('createNodes', () => {
  it('is one tuple under both names, globbing Markdown files', () => {
    expect(createNodesV2).toBe(createNodes);
    expect(createNodes[0]).toBe(SPEC_FILE_GLOB);
    expect(SPEC_FILE_GLOB).toBe('**/*.md');
  });

  it('makes a project per task, shaped for per-task hashing, plus the project owning the spec', async () => {
    const spec = addSpec('examples/textkit/PROJECT_SPEC.md', TEXTKIT);
    const plan = await planOf(spec);
    const results = await run([spec, 'README.md', 'docs/guide.md']);
    expect(results.map(([file]) => file)).toEqual([spec]);
    const projects = projectsOf(results);

    expect(projects['examples/textkit']).toEqual({ root: 'examples/textkit', name: 'br-spec-examples-textkit', tags: ['br:spec'] });
    expect(Object.keys(projects)).toHaveLength(plan.tasks.length + 1);

    const features = new Map(plan.features.map((f) => [f.id, f]));
    for (const task of plan.tasks) {
      const root = `examples/textkit/.buildrunner/PROJECT_SPEC.md/${task.featureId}/${task.id}`;
      const project = projects[root] as ProjectConfiguration;
      const { line, ...definition } = task;
      const facts = {
        title: task.title,
        spec,
        feature: task.featureId,
        featureTitle: features.get(task.featureId)?.title,
        domain: task.domain,
        complexity: task.complexity,
        priority: task.priority,
        estimateMinutes: task.estimateMinutes,
        line,
      };
      expect(project.name).toBe(`br-${task.id}`);
      expect(project.tags).toEqual(['br:task', `br:feature:${task.featureId}`, `br:domain:${task.domain}`]);
      // The edge to the spec's folder project comes from createDependencies (spec-dependencies.ts).
      expect(project.implicitDependencies).toEqual(task.dependsOn.map((id) => `br-${id}`));
      expect(project.metadata).toEqual({
        ...facts,
        description: task.title,
        technologies: ['nx-buildrunner'],
        targetGroups: { BuildRunner: ['br-task', 'br-verify'] },
      });
      const shared = [{ dependentTasksOutputFiles: '**/*', transitive: true }, { externalDependencies: [] }];
      expect(project.targets?.['br-task']).toEqual({
        executor: 'nx-buildrunner:task',
        cache: true,
        dependsOn: ['^br-task'],
        inputs: shared,
        outputs: [`{workspaceRoot}/.buildrunner/results/examples/textkit/PROJECT_SPEC.md/${task.id}`],
        options: {
          spec,
          task: definition,
          featureHash: featureHash(features.get(task.featureId) as Plan['features'][number]),
          dependencyHash: expect.stringMatching(/^[0-9a-f]{16}$/),
        },
        metadata: { ...facts, description: expect.stringContaining(task.title), technologies: ['nx-buildrunner'] },
      });
      expect(project.targets?.['br-verify']).toEqual({
        executor: 'nx-buildrunner:verify',
        cache: true,
        dependsOn: ['^br-verify'],
        inputs: [...task.files.map((f) => `{workspaceRoot}/examples/textkit/${f}`), ...shared],
        outputs: [],
        options: { ...taskOptions(project) },
        metadata: { ...facts, description: expect.stringContaining(task.title), technologies: ['nx-buildrunner'] },
      });
    }
    // Isolated plugin workers send results as JSON: nothing may be lost on the way.
    expect(JSON.parse(JSON.stringify(results))).toEqual(results);
  });

  it('follows the options', async () => {
    const spec = addSpec('specs/todo.md', join(SHARED, 'todo-app/PROJECT_SPEC.md'));
    addSpec('specs/PROJECT_SPEC.md', TEXTKIT);
    const options: BuildRunnerPluginOptions = {
      specs: 'specs/todo.md',
      targetName: 'agent',
      verifyTargetName: 'check',
      projectPrefix: 'todo-',
      specProjectPrefix: 'owner-',
      agent: { backend: 'command', command: 'my-agent' },
      verification: { commands: ['npm test'], retries: 1, timeoutMs: 5000 },
      integrationBranch: 'integration',
    };
    const plan = await planOf(spec, { defaultVerify: ['npm test'] });
    const results = await run(['specs/PROJECT_SPEC.md', spec], options);
    expect(results.map(([file]) => file)).toEqual([spec]);
    const projects = byName(results);
    expect(projects['owner-specs']?.root).toBe('specs');
    const first = plan.tasks[0] as Plan['tasks'][number];
    const project = projects[`todo-${first.id}`] as ProjectConfiguration;
    expect(Object.keys(project.targets ?? {})).toEqual(['agent', 'check']);
    expect(project.targets?.['agent']?.dependsOn).toEqual(['^agent']);
    expect(project.targets?.['check']?.dependsOn).toEqual(['^check']);
    expect(project.metadata?.['targetGroups']).toEqual({ BuildRunner: ['agent', 'check'] });
    expect(taskOptions(project, 'agent')).toMatchObject({
      agent: { backend: 'command', command: 'my-agent' },
      verification: { commands: ['npm test'], retries: 1, timeoutMs: 5000 },
      integrationBranch: 'integration',
    });
    const verify = taskOptions(project, 'check') as VerifyTargetOptions;
    expect(verify.timeoutMs).toBe(5000);
    expect(verify).not.toHaveProperty('agent');
    // The default verify commands reach tasks through the planner.
    expect(verify.task.verify).toEqual(first.verify);
    expect(plan.tasks.some((t) => t.verify.includes('npm test'))).toBe(true);
  });

  it('gives tasks of two specs with the same ids names qualified by their folder, edges included', async () => {
    addSpec('a/PROJECT_SPEC.md', TEXTKIT);
    addSpec('b/PROJECT_SPEC.md', TEXTKIT);
    const plan = await planOf('a/PROJECT_SPEC.md');
    const projects = byName(await run(['b/PROJECT_SPEC.md', 'a/PROJECT_SPEC.md']));
    expect(Object.keys(projects).sort()).toEqual(
      ['br-spec-a', 'br-spec-b', ...plan.tasks.flatMap((t) => [`br-a-${t.id}`, `br-b-${t.id}`])].sort(),
    );
    const dependent = plan.tasks.find((t) => t.dependsOn.length > 0) as Plan['tasks'][number];
    expect(projects[`br-b-${dependent.id}`]?.implicitDependencies).toEqual(dependent.dependsOn.map((id) => `br-b-${id}`));
  });

  it('fails a bad spec with FILE:LINE errors and keeps the projects of the others', async () => {
    const good = addSpec('good/PROJECT_SPEC.md', TEXTKIT);
    const bad = addSpec('bad/PROJECT_SPEC.md', join(SHARED, 'cycle/PROJECT_SPEC.md'));
    const error = await run([good, bad]).then(
      () => undefined,
      (e: unknown) => e as Error & { errors: Array<[string, Error]>; partialResults: CreateNodesResultArray },
    );
    expect(error?.name).toBe('AggregateCreateNodesError');
    expect(error?.errors.map(([file]) => file)).toEqual([bad]);
    const message = error?.errors[0]?.[1].message ?? '';
    expect(message).toMatch(/^bad\/PROJECT_SPEC\.md:\d+: error: /);
    expect(message.split('\n').every((line) => /^bad\/PROJECT_SPEC\.md:\d+(:\d+)?: error: /.test(line))).toBe(true);
    expect(message).toMatch(/cycle/i);
    const kept = projectsOf(error?.partialResults ?? []);
    expect(kept['good']?.name).toBe('br-spec-good');
    expect(Object.keys(kept)).toHaveLength((await planOf(good)).tasks.length + 1);
  });

  it('reports an unreadable spec at line 0', async () => {
    const error = await run(['gone/PROJECT_SPEC.md']).then(
      () => undefined,
      (e: unknown) => e as { errors: Array<[string, Error]> },
    );
    expect(error?.errors[0]?.[1].message).toMatch(/^gone\/PROJECT_SPEC\.md:0: error: cannot plan this spec: ENOENT/);
  });

  it('plans each spec once: later runs read the plan cache until the spec or the options change', async () => {
    const a = addSpec('a/PROJECT_SPEC.md', TEXTKIT);
    const b = addSpec('b/PROJECT_SPEC.md', join(SHARED, 'todo-app/PROJECT_SPEC.md'));
    const bad = addSpec('c/PROJECT_SPEC.md', join(SHARED, 'cycle/PROJECT_SPEC.md'));
    const first = countingPlanner();
    const firstError = await run([a, b, bad], undefined, first).catch((e: { partialResults: CreateNodesResultArray }) => e);
    expect(first.calls.sort()).toEqual([a, b, bad]);

    const second = countingPlanner();
    const secondError = await run([a, b, bad], undefined, second).catch((e: { partialResults: CreateNodesResultArray }) => e);
    expect(second.calls).toEqual([]);
    expect(secondError).toEqual(firstError);

    writeFileSync(join(root, b), `${readFileSync(join(root, b), 'utf8')}\n<!-- edited -->\n`);
    const third = countingPlanner();
    await run([a, b, bad], undefined, third).catch(() => undefined);
    expect(third.calls).toEqual([b]);

    const fourth = countingPlanner();
    await run([a], { verification: { commands: ['npm test'] } }, fourth);
    expect(fourth.calls).toEqual([a]);
    // Settings that do not change plans do not plan again.
    const fifth = countingPlanner();
    await run([a], { verification: { commands: ['npm test'], timeoutMs: 10 }, agent: { model: 'x' } }, fifth);
    expect(fifth.calls).toEqual([]);
  });

  it('keeps its plan cache in the workspace data directory by default', async () => {
    const spec = addSpec('PROJECT_SPEC.md', TEXTKIT);
    const previous = process.env['NX_WORKSPACE_DATA_DIRECTORY'];
    process.env['NX_WORKSPACE_DATA_DIRECTORY'] = join(root, 'data');
    try {
      const [, nodes] = createNodes;
      const results = await nodes([spec], undefined, context);
      expect(Object.keys(projectsOf(results))).toContain('.');
      expect(planCacheDirectory(root)).toBe(join(root, 'data', 'nx-buildrunner', 'plans'));
      expect(readdirSync(planCacheDirectory(root))).toHaveLength(1);
    } finally {
      if (previous === undefined) delete process.env['NX_WORKSPACE_DATA_DIRECTORY'];
      else process.env['NX_WORKSPACE_DATA_DIRECTORY'] = previous;
    }
  });

  /** What Nx hashes of each task project: its targets' options, by project name. */
  const hashedOptions = (results: CreateNodesResultArray) =>
    Object.fromEntries(
      Object.values(projectsOf(results))
        .filter((p) => p.targets)
        .map((p) => [p.name, JSON.stringify([taskOptions(p), taskOptions(p, 'br-verify')])]),
    );

  it('reruns only the edited feature and its dependents: their target options change, no others', async () => {
    const spec = addSpec('app/PROJECT_SPEC.md', TEXTKIT);
    const options = hashedOptions;
    const before = options(await run([spec]));
    const plan = await planOf(spec);
    // Feature 2 (word statistics) gets one more requirement; Feature 3 (the CLI) depends on it.
    const text = readFileSync(join(root, spec), 'utf8');
    const edited = text.replace('- Empty or whitespace-only text gives zeros', '- Empty or whitespace-only text gives zeros\n- Tabs count as spaces');
    expect(edited).not.toBe(text);
    writeFileSync(join(root, spec), edited);
    const after = options(await run([spec]));

    const stats = plan.features[1]?.id as string;
    const dependents = new Set<string>(plan.tasks.filter((t) => t.featureId === stats).map((t) => t.id));
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of plan.tasks) {
        if (!dependents.has(t.id) && t.dependsOn.some((d) => dependents.has(d))) {
          dependents.add(t.id);
          grew = true;
        }
      }
    }
    const changed = Object.keys(before).filter((name) => before[name] !== after[name]);
    expect(changed.sort()).toEqual([...dependents].map((id) => `br-${id}`).sort());
    expect(changed.length).toBeLessThan(Object.keys(before).length);
  });

  it('reruns nothing when a feature is inserted above others, renumbering them, or a box is ticked', async () => {
    const spec = addSpec('app/PROJECT_SPEC.md', TEXTKIT);
    const before = hashedOptions(await run([spec]));
    const text = readFileSync(join(root, spec), 'utf8');
    const renumbered = text
      .replace('### Feature 4: Documentation', '### Feature 5: Documentation')
      .replace('**Depends on:** Feature 3', '**Depends on:** Feature 4')
      .replace('### Feature 3: Command Line', '### Feature 4: Command Line')
      .replace('**Depends on:** Feature 1, Feature 2', '**Depends on:** Feature 2, Feature 3')
      .replace('### Feature 2: Word Statistics', '### Feature 3: Word Statistics')
      .replace(
        '### Feature 1: Slugify',
        '### Feature 1: Banner\n**Domain:** backend\n\n**Requirements:**\n- Print a banner\n\n---\n\n### Feature 2: Slugify',
      )
      .replace('- [ ] Tests pass', '- [x] Tests pass');
    writeFileSync(join(root, spec), renumbered);
    const after = hashedOptions(await run([spec]));
    const added = Object.keys(after).filter((name) => !(name in before));
    expect(added).toEqual(['br-banner']);
    expect(Object.keys(before).filter((name) => before[name] !== after[name])).toEqual([]);
  });

  it('makes no error of warnings: a fresh scaffolded spec gives only its folder project', async () => {
    write('PROJECT_SPEC.md', specTemplate('Shop'));
    const plan = await planOf('PROJECT_SPEC.md');
    expect(plan.diagnostics.some((d) => d.severity === 'warning')).toBe(true);
    expect(projectsOf(await run(['PROJECT_SPEC.md']))).toEqual({ '.': { root: '.', name: 'br-spec-root', tags: ['br:spec'] } });
  });
});

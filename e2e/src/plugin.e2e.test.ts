// nx-buildrunner as a user gets it: published to a local registry, added to a fresh Nx
// workspace with `nx add`, and checked through Nx's own commands only.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { cleanupOnExit } from '../../tools/registry/cleanup-on-exit.mjs';
import { CommandFailed } from '../../tools/registry/run.mjs';
import { E2E_VERSION, publishPackage, startLocalRegistry, type LocalRegistry } from '../../tools/registry/registry.mjs';
import { cacheSummary, finishedTasks, type FinishedTask } from './run-many-output';
import { createWorkspace, type Workspace } from './workspace';

const SPEC = join(__dirname, '../../examples/textkit/PROJECT_SPEC.md');
const IMPLEMENTATION = join(__dirname, '../fixtures/textkit');
const KEEP = process.env.BR_E2E_KEEP === '1';

// The textkit spec's features and their `Depends on:` lines, written out by hand so the
// graph Nx reports is checked against the spec, not against the planner's own output.
const FEATURE_DEPENDENCIES: Record<string, string[]> = {
  slugify: [],
  'word-statistics': [],
  'command-line': ['slugify', 'word-statistics'],
  documentation: ['command-line'],
};

interface PlannedTask {
  id: string;
  featureId: string;
  dependsOn: string[];
  verify: string[];
}

/** The part of `nx graph --file=graph.json` read here. */
interface ProjectGraphFile {
  graph: { dependencies: Record<string, { source: string; target: string }[]> };
}

let dir: string;
let logFile: string;
let registry: LocalRegistry | undefined;
let workspace: Workspace;
let tasks: PlannedTask[] = [];
let unregisterCleanup: () => void = () => {};
// The steps build on each other; after the first failure the rest only add noise.
let failedStep: string | undefined;

const project = (taskId: string) => `br-${taskId}`;
const projectsOf = (featureIds: string[]) =>
  tasks
    .filter((task) => featureIds.includes(task.featureId))
    .map((task) => project(task.id))
    .sort();

function printLog(reason: string): void {
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log yet)';
  const verdaccio = registry && existsSync(registry.logFile) ? readFileSync(registry.logFile, 'utf8').trim() : '';
  console.error(
    [`==== e2e failed: ${reason}; every command's output follows ====`, log, verdaccio && `==== verdaccio log ====\n${verdaccio}`, `==== temp dir: ${dir}${KEEP ? ' (kept)' : ' (set BR_E2E_KEEP=1 to keep it)'}`]
      .filter(Boolean)
      .join('\n'),
  );
}

function step(name: string, body: () => Promise<void>): void {
  it(name, async (context) => {
    if (failedStep) context.skip(`an earlier step failed: ${failedStep}`);
    onTestFailed(() => {
      failedStep = name;
      printLog(name);
    });
    await body();
  });
}

async function runVerify(): Promise<{ output: string; verified: FinishedTask[] }> {
  const { output } = await workspace.nx(['run-many', '-t', 'br-verify', '--outputStyle=static']);
  return { output, verified: finishedTasks(output).filter((task) => task.target === 'br-verify') };
}

const projectsBy = (verified: FinishedTask[], source: FinishedTask['source']) =>
  verified
    .filter((task) => task.source === source)
    .map((task) => task.project)
    .sort();

// Vitest's fork outlives a killed main process and would go on installing and running nx;
// exiting runs the clean-ups instead.
const exitWithRunner = () => process.exit(1);

beforeAll(async () => {
  process.once('disconnect', exitWithRunner);
  dir = mkdtempSync(join(tmpdir(), 'br-e2e-'));
  if (!KEEP) unregisterCleanup = cleanupOnExit(() => rmSync(dir, { recursive: true, force: true }));
  logFile = join(dir, 'e2e.log');
  writeFileSync(logFile, '');
  try {
    registry = await startLocalRegistry();
    await publishPackage(registry.url, { logFile });
    workspace = await createWorkspace({ dir, registryUrl: registry.url, logFile });
    await workspace.nx(['add', `nx-buildrunner@${E2E_VERSION}`]);
  } catch (error) {
    failedStep = 'setup';
    printLog(`setup: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
});

afterAll(async () => {
  process.off('disconnect', exitWithRunner);
  await registry?.stop();
  if (KEEP) {
    console.log(`e2e workspace kept in ${dir}`);
  } else {
    rmSync(dir, { recursive: true, force: true });
    unregisterCleanup();
  }
});

describe('nx-buildrunner installed from a registry into a fresh Nx workspace', () => {
  step('`nx add` installs the package, registers the plugin and ignores the runtime folder', async () => {
    const packageJson = JSON.parse(readFileSync(join(workspace.root, 'package.json'), 'utf8'));
    // npm saves a caret range.
    expect(String(packageJson.devDependencies['nx-buildrunner']).replace(/^\^/, '')).toBe(E2E_VERSION);
    const installed = JSON.parse(readFileSync(join(workspace.root, 'node_modules/nx-buildrunner/package.json'), 'utf8'));
    expect(installed.version).toBe(E2E_VERSION);

    const nxJsonText = readFileSync(join(workspace.root, 'nx.json'), 'utf8');
    const plugins: unknown[] = JSON.parse(nxJsonText).plugins ?? [];
    const ours = plugins.filter((entry) => (typeof entry === 'string' ? entry : (entry as { plugin?: string }).plugin) === 'nx-buildrunner');
    expect(ours).toHaveLength(1);
    const gitignore = readFileSync(join(workspace.root, '.gitignore'), 'utf8');
    expect(gitignore.split('\n')).toContain('.buildrunner/');

    // Running the generator again changes nothing.
    await workspace.nx(['g', 'nx-buildrunner:init']);
    expect(readFileSync(join(workspace.root, 'nx.json'), 'utf8')).toBe(nxJsonText);
    expect(readFileSync(join(workspace.root, '.gitignore'), 'utf8')).toBe(gitignore);
  });

  step('`nx show projects` lists one project per planned task', async () => {
    cpSync(SPEC, join(workspace.root, 'PROJECT_SPEC.md'));
    // What the tasks would have written, so br-verify finds their files and passing tests.
    cpSync(IMPLEMENTATION, workspace.root, { recursive: true });
    await workspace.run('git', ['add', '.']);
    await workspace.run('git', ['commit', '--quiet', '-m', 'textkit spec and implementation']);

    // The plan as the published CLI prints it: what Nx's projects must mirror.
    const { stdout } = await workspace.run('npx', ['--no-install', 'br', 'task', 'list', '--json', '--spec', 'PROJECT_SPEC.md']);
    tasks = JSON.parse(stdout).tasks;
    expect([...new Set(tasks.map((task) => task.featureId))].sort()).toEqual(Object.keys(FEATURE_DEPENDENCIES).sort());

    const shown = JSON.parse((await workspace.nx(['show', 'projects', '--json'])).stdout) as string[];
    const taskProjects = tasks.map((task) => project(task.id)).sort();
    expect(shown.filter((name) => taskProjects.includes(name)).sort()).toEqual(taskProjects);

    const first = JSON.parse((await workspace.nx(['show', 'project', taskProjects[0] ?? '', '--json'])).stdout);
    expect(Object.keys(first.targets)).toEqual(expect.arrayContaining(['br-task', 'br-verify']));
  });

  step('`nx graph --file` holds the task dependencies, which `nx affected` follows', async () => {
    await workspace.nx(['graph', '--file=graph.json']);
    const { graph } = JSON.parse(readFileSync(join(workspace.root, 'graph.json'), 'utf8')) as ProjectGraphFile;
    const byProject = new Map(tasks.map((task) => [project(task.id), task]));

    // Exactly the planner's edges between task projects, in Nx's graph.
    const edges = Object.values(graph.dependencies)
      .flat()
      .filter((edge) => byProject.has(edge.source) && byProject.has(edge.target))
      .map((edge) => `${edge.source} -> ${edge.target}`)
      .sort();
    const planned = tasks.flatMap((task) => task.dependsOn.map((on) => `${project(task.id)} -> ${project(on)}`)).sort();
    expect(edges).toEqual(planned);

    // Seen feature by feature, those edges are the spec's `Depends on:` lines.
    const featureEdges = new Set<string>();
    for (const edge of edges) {
      const [from, to] = edge.split(' -> ').map((name) => byProject.get(name)?.featureId);
      if (from !== to) featureEdges.add(`${from} -> ${to}`);
    }
    const expected = Object.entries(FEATURE_DEPENDENCIES).flatMap(([feature, on]) => on.map((other) => `${feature} -> ${other}`));
    expect([...featureEdges].sort()).toEqual(expected.sort());

    // A real project owns the spec, and every task depends on it: `nx affected` sees spec edits.
    const affected = JSON.parse((await workspace.nx(['show', 'projects', '--affected', '--files=PROJECT_SPEC.md', '--json'])).stdout) as string[];
    expect(affected).toEqual(expect.arrayContaining([...byProject.keys()]));
  });

  step('`nx run-many -t br-verify` verifies every task in dependency order', async () => {
    const { verified } = await runVerify();
    const order = verified.map((task) => task.project);
    expect([...order].sort()).toEqual(projectsOf(Object.keys(FEATURE_DEPENDENCIES)));
    expect(projectsBy(verified, 'cache')).toEqual([]);
    for (const task of tasks) {
      for (const on of task.dependsOn) {
        expect(order.indexOf(project(on)), `${project(on)} finishes before ${project(task.id)}`).toBeLessThan(order.indexOf(project(task.id)));
      }
    }
    // The spec's `Verify:` commands reached the tasks, and each task's own ran and passed.
    expect(tasks.flatMap((task) => task.verify)).toEqual(
      expect.arrayContaining(['node --test test/slugify.test.js', 'node --test test/stats.test.js', 'node --test test/cli.test.js']),
    );
    for (const task of tasks) {
      const printed = verified.find((finished) => finished.project === project(task.id))?.output ?? '';
      for (const command of task.verify) expect(printed).toContain(command);
      expect(printed).toContain('Verification passed.');
    }
  });

  step('a second `nx run-many -t br-verify` comes entirely from the cache', async () => {
    const { output, verified } = await runVerify();
    expect(projectsBy(verified, 'ran')).toEqual([]);
    expect(projectsBy(verified, 'cache')).toEqual(tasks.map((task) => project(task.id)).sort());
    expect(cacheSummary(output)).toEqual({ cached: tasks.length, total: tasks.length });
  });

  step("editing one feature's section reruns that feature's tasks and their dependents only", async () => {
    const specFile = join(workspace.root, 'PROJECT_SPEC.md');
    const before = readFileSync(specFile, 'utf8');
    const description = '**Description:** Count words, sentences and reading time of a text.';
    expect(before).toContain(description);
    writeFileSync(specFile, before.replace(description, '**Description:** Count the words, sentences and reading time of any text.'));

    const { verified } = await runVerify();
    expect(projectsBy(verified, 'ran')).toEqual(projectsOf(['word-statistics', 'command-line', 'documentation']));
    expect(projectsBy(verified, 'cache')).toEqual(projectsOf(['slugify']));
  });

  step('a failing verify command fails its task', async () => {
    const testFile = join(workspace.root, 'test/slugify.test.js');
    const passing = readFileSync(testFile, 'utf8');
    expect(passing).toContain("'hello-world'");
    writeFileSync(testFile, passing.replace("'hello-world'", "'hello-world-and-more'"));

    const failure = await workspace
      .nx(['run-many', '-t', 'br-verify', `--projects=${projectsOf(['slugify']).join(',')}`, '--outputStyle=static'])
      .then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(CommandFailed);
    const output = (failure as CommandFailed).output;
    expect(output).toMatch(/FAIL\W+node --test test\/slugify\.test\.js/);
    // The test runner's own report of the broken assertion: the command really ran.
    expect(output).toMatch(/not ok 1 - lowercases, strips accents/);
    expect(output).toContain('Verification failed.');
  });
});

import * as posix from 'node:path/posix';

/** The slice of Nx's project configurations this needs. */
export interface ProjectTargets {
  root: string;
  targets?: Record<string, { executor?: string }>;
}

const TEST_TARGET = 'test';

function contains(root: string, dir: string): boolean {
  const r = posix.normalize(root === '' ? '.' : root);
  return r === '.' || dir === r || dir.startsWith(`${r}/`);
}

/**
 * The workspace's own test command for a spec's folder: `nx run <project>:test` of the closest
 * project that holds the folder and has a `test` target. Used when neither the task nor the
 * plugin options name verify commands. Projects run by this plugin (task projects) never count.
 */
export function workspaceTestCommand(projects: Record<string, ProjectTargets>, specDir: string, ownExecutorPrefix: string): string | undefined {
  let best: { name: string; depth: number } | undefined;
  for (const [name, project] of Object.entries(projects)) {
    const targets = project.targets ?? {};
    const test = targets[TEST_TARGET];
    if (test === undefined || !contains(project.root, specDir)) continue;
    if (Object.values(targets).some((t) => t.executor?.startsWith(ownExecutorPrefix))) continue;
    const depth = project.root === '' || project.root === '.' ? 0 : posix.normalize(project.root).split('/').length;
    if (best === undefined || depth > best.depth || (depth === best.depth && name < best.name)) best = { name, depth };
  }
  return best === undefined ? undefined : `npx nx run ${best.name}:${TEST_TARGET}`;
}

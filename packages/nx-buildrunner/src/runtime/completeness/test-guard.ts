import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileChange } from '../git/raw-diff';
import type { Repo } from '../git/repo';
import type { TaskFlags } from '../monitor/flags';
import { specRelative } from '../monitor/spec-paths';
import type { CheckResult, VerifyCheck } from '../verify/types';
import { changesForCheck, textAt } from './changes';
import { compareTestFile, type Finding, type Justifies } from './test-compare';
import { isTestFile, testLanguage } from './test-files';
import { compareManifest, isRunnerConfig, runnerConfigFinding } from './test-setup';

export const TESTS_CHECK = 'tests-intact';

export interface TestGuardInput {
  repo: Repo;
  /** Absolute path of the task's worktree. */
  worktree: string;
  specDir: string;
  /** The spec's own path relative to its folder: the one file no task may edit. */
  specFile?: string;
  base: () => Promise<string>;
  /** Whether the task declares a path (relative to the spec's folder). */
  declared: (file: string) => boolean;
  justifies: Justifies;
  flags: TaskFlags;
}

/** Larger files are not test sources anyone reviews by hand; they are left to the test run. */
const MAX_TEST_BYTES = 1024 * 1024;

interface Versions {
  /** Worktree-relative path now (or the deleted path). */
  path: string;
  /** Where the file was at the base: itself, or the source of a rename. */
  basePath?: string;
  exists: boolean;
}

/**
 * Renames git sees (tracked files) plus those it cannot (a test file deleted and one of the same
 * name added untracked): a moved test is compared with its old self, not counted as deleted.
 */
function pairUp(changes: readonly FileChange[]): Versions[] {
  const added = changes.filter((c) => c.kind === 'added' && isTestFile(c.path));
  const taken = new Set<string>();
  const out: Versions[] = [];
  for (const c of changes) {
    if (c.kind === 'deleted') {
      const moved = added.find((a) => !taken.has(a.path) && path.posix.basename(a.path) === path.posix.basename(c.path));
      if (moved !== undefined && isTestFile(c.path)) {
        taken.add(moved.path);
        out.push({ path: moved.path, basePath: c.path, exists: true });
      } else out.push({ path: c.path, basePath: c.path, exists: false });
    } else if (c.kind === 'renamed') out.push({ path: c.path, basePath: c.from ?? c.path, exists: true });
    else if (c.kind === 'added' || c.kind === 'copied') out.push({ path: c.path, exists: true });
    else out.push({ path: c.path, basePath: c.path, exists: true });
  }
  return out.filter((v) => !(v.basePath === undefined && taken.has(v.path)));
}

async function readNow(worktree: string, file: string): Promise<string | undefined> {
  const full = path.join(worktree, ...file.split('/'));
  const info = await fs.stat(full).catch(() => undefined);
  if (info === undefined || !info.isFile() || info.size > MAX_TEST_BYTES) return undefined;
  return fs.readFile(full, 'utf8');
}

/**
 * Nothing faked: compares every test file the task touched with its version at the integration
 * base (`test-compare.ts`), checks the test scripts of `package.json` and the test runner's
 * configuration (`test-setup.ts`), and fails a task that edits its own spec. Errors fail the
 * verification, so the agent is told and tries again; warnings only go to the journal.
 */
export function testGuardCheck(input: TestGuardInput): VerifyCheck {
  return {
    name: TESTS_CHECK,
    async run(check): Promise<CheckResult> {
      const { base, listed } = await changesForCheck(check, input.repo, input.worktree, input.base);
      if (!listed.ok) return { name: TESTS_CHECK, ok: false, message: `cannot list the task's changes: ${listed.message}` };
      const findings: Finding[] = [];
      let tests = 0;
      for (const v of pairUp(listed.changes)) {
        const file = specRelative(v.path, input.specDir);
        const declared = input.declared(file);
        const before = v.basePath === undefined ? undefined : () => textAt(input.repo, base, v.basePath ?? v.path);
        const after = () => (v.exists ? readNow(input.worktree, v.path) : Promise.resolve(undefined));
        if (input.specFile !== undefined && (file === input.specFile || specRelative(v.basePath ?? v.path, input.specDir) === input.specFile)) {
          findings.push({ severity: 'error', file, message: 'edits the spec: its requirements and acceptance criteria are not the agent’s to change' });
        } else if (isTestFile(v.path) || (v.basePath !== undefined && isTestFile(v.basePath))) {
          tests++;
          const [was, now] = await Promise.all([before?.(), after()]);
          if (v.exists && now === undefined) continue;
          const versions = { file, language: testLanguage(v.path), declared, ...(was === undefined ? {} : { before: was }), ...(now === undefined ? {} : { after: now }) };
          findings.push(...compareTestFile(versions, input.justifies));
        } else if (path.posix.basename(v.path) === 'package.json' && before !== undefined) {
          findings.push(...compareManifest(file, await before(), await after(), declared));
        } else if (isRunnerConfig(v.path) && v.basePath !== undefined && !declared) {
          findings.push(runnerConfigFinding(file, v.exists ? 'changed' : 'deleted'));
        }
      }
      for (const f of findings) input.flags.raise({ severity: f.severity, rule: 'tests', message: `${f.file} ${f.message}`, path: f.file });
      const errors = findings.filter((f) => f.severity === 'error').map((f) => `${f.file} ${f.message}`);
      const warnings = findings.filter((f) => f.severity === 'warning').map((f) => `${f.file} ${f.message}`);
      const warned = warnings.length > 0 ? ` (warnings: ${warnings.join('; ')})` : '';
      if (errors.length > 0) {
        return { name: TESTS_CHECK, ok: false, message: `tests were weakened, not passed: ${errors.join('; ')}; restore them and make the code pass them${warned}` };
      }
      return { name: TESTS_CHECK, ok: true, message: `no test weakened (${tests} test file${tests === 1 ? '' : 's'} changed)${warned}` };
    },
  };
}

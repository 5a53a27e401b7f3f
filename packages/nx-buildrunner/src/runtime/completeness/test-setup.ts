import { posix } from 'node:path';
import type { Finding, Severity } from './test-compare';

/**
 * The other way to fake a green run: leave the tests alone and change what runs them. Pure, on
 * the two versions of `package.json` or of a test runner's configuration file.
 */

const TEST_SCRIPT = /^(?:pre|post)?test(?::|$)/;
/** A command that succeeds whatever the tests say. */
const NO_OP = /^\s*(?:true|:|exit\s+0|echo\b[^&|;]*|)\s*$/;
const SWALLOWED = /(?:\|\|\s*(?:true|:|exit\s+0)|;\s*(?:true|exit\s+0))\s*$/;

function scripts(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    const found = value !== null && typeof value === 'object' ? (value as { scripts?: unknown }).scripts : undefined;
    if (found === null || typeof found !== 'object') return {};
    return Object.fromEntries(Object.entries(found).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return undefined;
  }
}

/** `package.json`: its test scripts must not disappear, stop testing, or swallow failures. */
export function compareManifest(file: string, before: string | undefined, after: string | undefined, declared: boolean): Finding[] {
  const old = scripts(before);
  const now = scripts(after) ?? {};
  if (old === undefined) return [];
  const findings: Finding[] = [];
  const add = (severity: Severity, message: string) => findings.push({ severity, file, message });
  for (const [name, command] of Object.entries(old)) {
    if (!TEST_SCRIPT.test(name)) continue;
    const next = now[name];
    if (next === undefined) add('error', `removes the \`${name}\` script (\`${command}\`)`);
    else if (next === command) continue;
    else if (NO_OP.test(next) || SWALLOWED.test(next)) add('error', `makes the \`${name}\` script pass whatever the tests say: \`${command}\` became \`${next}\``);
    else if (!declared) add('warning', `changes the \`${name}\` script: \`${command}\` became \`${next}\``);
  }
  return findings;
}

const RUNNER_CONFIG = /^(?:vitest\.(?:config|workspace)|jest\.config|playwright\.config|cypress\.config|karma\.conf|\.mocharc|pytest\.ini$|tox\.ini$|setup\.cfg$|\.coveragerc$|phpunit\.xml)/i;

export function isRunnerConfig(file: string): boolean {
  return RUNNER_CONFIG.test(posix.basename(file));
}

/** A test runner's configuration changed by a task that does not declare it: which tests run may have changed. */
export function runnerConfigFinding(file: string, kind: 'changed' | 'deleted'): Finding {
  return { severity: 'warning', file, message: `${kind === 'deleted' ? 'deletes' : 'changes'} the test runner's configuration, which decides which tests run` };
}

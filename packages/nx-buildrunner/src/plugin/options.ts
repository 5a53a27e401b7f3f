/**
 * The plugin's options as written in `nx.json`, and the one place their defaults live.
 *
 * ```json
 * { "plugin": "nx-buildrunner", "options": { "specs": "specs/**\/*.md", "projectPrefix": "task-" } }
 * ```
 */

import { isScopePolicy, SCOPE_POLICIES, type ScopePolicy } from '../runtime/monitor/policy';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface VerificationSettings {
  /**
   * Commands that verify a task whose feature names none (say `npm test`). They are given to the
   * planner, so they end up in each such task's own `verify` list.
   */
  commands?: string[];
  /** How many times the task executor lets the agent fix a failed verification. */
  retries?: number;
  /** Time limit of one verify command, in milliseconds. */
  timeoutMs?: number;
  /** Writes outside a task's declared files and domain: `off`, `warn` (default) or `fail` (docs/completeness.md). */
  scope?: ScopePolicy;
  /** Fail tasks that delete, skip or weaken tests or edit their spec. Default true. */
  guardTests?: boolean;
}

export interface BuildRunnerPluginOptions {
  /**
   * Which Markdown files are specs: a glob (or several) relative to the workspace root.
   * Default `**\/PROJECT_SPEC.md`. Only `.md` files can match: see `SPEC_FILE_GLOB`.
   */
  specs?: string | string[];
  /** Target that carries a task out with an agent. Default `br-task`. */
  targetName?: string;
  /** Target that checks a task without an agent. Default `br-verify`. */
  verifyTargetName?: string;
  /** Task projects are named `<projectPrefix><taskId>`. Default `br-`. */
  projectPrefix?: string;
  /** The project owning a spec's folder is named `<specProjectPrefix><folder slug>`. Default `<projectPrefix>spec-`. */
  specProjectPrefix?: string;
  /** Settings of the agent backend, passed as they are to the task executor (its `AgentOptions`). */
  agent?: JsonObject;
  verification?: VerificationSettings;
  /** Branch that finished tasks merge into; the task executor picks one when unset. */
  integrationBranch?: string;
}

export interface NormalizedOptions {
  specs: string[];
  targetName: string;
  verifyTargetName: string;
  projectPrefix: string;
  specProjectPrefix: string;
  agent?: JsonObject;
  verification: VerificationSettings;
  integrationBranch?: string;
}

export const DEFAULT_SPECS = '**/PROJECT_SPEC.md';
export const DEFAULT_TARGET_NAME = 'br-task';
export const DEFAULT_VERIFY_TARGET_NAME = 'br-verify';
export const DEFAULT_PROJECT_PREFIX = 'br-';

/** Nx prints this error as the plugin's error, so it names the plugin and the option. */
function invalid(option: string, expected: string, value: unknown): Error {
  return new Error(`nx-buildrunner: option "${option}" must be ${expected}, got ${JSON.stringify(value)}`);
}

function text(option: string, value: unknown, fallback: string, allowEmpty = false): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === '')) {
    throw invalid(option, allowEmpty ? 'a string' : 'a non-empty string', value);
  }
  return value;
}

function stringList(option: string, value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== 'string' || item.trim() === '')) {
    throw invalid(option, 'a non-empty string or list of non-empty strings', value);
  }
  return list as string[];
}

function count(option: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalid(option, `an integer >= ${min}`, value);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function normalizeVerification(value: unknown): VerificationSettings {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw invalid('verification', 'an object', value);
  const settings: VerificationSettings = {};
  if (value['commands'] !== undefined) settings.commands = stringList('verification.commands', value['commands']);
  const retries = count('verification.retries', value['retries'], 0);
  if (retries !== undefined) settings.retries = retries;
  const timeoutMs = count('verification.timeoutMs', value['timeoutMs'], 1);
  if (timeoutMs !== undefined) settings.timeoutMs = timeoutMs;
  if (value['scope'] !== undefined) {
    if (!isScopePolicy(value['scope'])) throw invalid('verification.scope', `one of ${SCOPE_POLICIES.join(', ')}`, value['scope']);
    settings.scope = value['scope'];
  }
  if (value['guardTests'] !== undefined) {
    if (typeof value['guardTests'] !== 'boolean') throw invalid('verification.guardTests', 'true or false', value['guardTests']);
    settings.guardTests = value['guardTests'];
  }
  return settings;
}

/**
 * Fills defaults and rejects options Nx would otherwise turn into confusing graphs. Takes what
 * `nx.json` holds, which nothing has type-checked.
 */
export function normalizeOptions(options: BuildRunnerPluginOptions | unknown): NormalizedOptions {
  const given: Record<string, unknown> = isPlainObject(options) ? options : {};
  const targetName = text('targetName', given['targetName'], DEFAULT_TARGET_NAME);
  const verifyTargetName = text('verifyTargetName', given['verifyTargetName'], DEFAULT_VERIFY_TARGET_NAME);
  if (targetName === verifyTargetName) {
    throw invalid('verifyTargetName', `different from targetName "${targetName}"`, verifyTargetName);
  }
  const projectPrefix = text('projectPrefix', given['projectPrefix'], DEFAULT_PROJECT_PREFIX, true);
  const normalized: NormalizedOptions = {
    specs: given['specs'] === undefined ? [DEFAULT_SPECS] : stringList('specs', given['specs']),
    targetName,
    verifyTargetName,
    projectPrefix,
    specProjectPrefix: text('specProjectPrefix', given['specProjectPrefix'], `${projectPrefix}spec-`),
    verification: normalizeVerification(given['verification']),
  };
  if (given['agent'] !== undefined) {
    if (!isPlainObject(given['agent'])) throw invalid('agent', 'an object', given['agent']);
    normalized.agent = given['agent'] as JsonObject;
  }
  if (given['integrationBranch'] !== undefined) {
    normalized.integrationBranch = text('integrationBranch', given['integrationBranch'], '');
  }
  return normalized;
}

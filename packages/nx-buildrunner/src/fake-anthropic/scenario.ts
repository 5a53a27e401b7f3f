/**
 * What the fake Anthropic server answers, written down per task: the turns of each attempt and
 * the faults to inject. The server never keeps conversation state; it finds the task, attempt and
 * turn in each request (see locate.ts), so a retried request gets the same answer.
 */

export const STOP_REASONS = [
  'end_turn',
  'tool_use',
  'max_tokens',
  'stop_sequence',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export interface ScriptedToolCall {
  name: string;
  input: Record<string, unknown>;
}

/** One assistant reply. Strings in `text` and in tool inputs may use `${taskId}`, `${attempt}`, `${turn}`. */
export interface ScriptedTurn {
  text?: string;
  tools?: ScriptedToolCall[];
  /** Defaults to `tool_use` when the turn calls tools, else `end_turn`. */
  stop?: StopReason;
  /** Model latency: the reply starts after this long. */
  delayMs?: number;
}

export interface ScriptedAttempt {
  turns: ScriptedTurn[];
}

export interface TaskScript {
  /** Attempt N uses entry N-1; attempts past the end reuse the last entry. */
  attempts: ScriptedAttempt[];
}

export const FAULT_KINDS = ['429', '529', '500', 'drop', 'slow', 'error-event'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_ENDPOINTS = ['messages', 'count_tokens'] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

/** Every field given must equal the request's; an empty match takes any request. */
export interface FaultMatch {
  task?: string;
  attempt?: number;
  turn?: number;
  /** Defaults to `messages`: token counting is only faulted when asked for. */
  endpoint?: FaultEndpoint;
}

export interface Fault {
  kind: FaultKind;
  match?: FaultMatch;
  /** How many requests this fault consumes; unlimited when omitted. */
  times?: number;
  /** `slow`: wait before the reply starts (default 1000). */
  delayMs?: number;
  /** `slow` on a stream: pause between SSE frames (default 0). */
  frameDelayMs?: number;
  /** `429`/`529`/`500`: the `retry-after-ms` header (default 1; 0 sends none, so the SDK backs off on its own). */
  retryAfterMs?: number;
}

export interface Scenario {
  tasks?: Record<string, TaskScript>;
  /** For task ids missing from `tasks` (or requests with no task id at all). */
  default?: TaskScript;
  faults?: Fault[];
}

export interface ScenarioIssue {
  /** Where in the scenario, e.g. `tasks.T1.attempts[0].turns[2].stop`. */
  path: string;
  message: string;
  /** 1-based line when the scenario came from a file. */
  line?: number;
}

export type ScenarioCheck = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

/** Path segments as the `yaml` package and issue paths both use them. */
export type ScenarioPath = readonly (string | number)[];

export function formatScenarioPath(path: ScenarioPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || '(scenario)';
}

interface RawIssue {
  path: ScenarioPath;
  message: string;
}

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** Collects issues while walking the scenario; each check returns whether the value was usable. */
class Checker {
  readonly issues: RawIssue[] = [];

  fail(path: ScenarioPath, message: string): false {
    this.issues.push({ path, message });
    return false;
  }

  object(value: unknown, path: ScenarioPath, allowed: readonly string[]): value is Fields {
    if (!isRecord(value)) return this.fail(path, `expected an object, got ${describe(value)}`);
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.fail([...path, key], `unknown key (expected one of: ${allowed.join(', ')})`);
      }
    }
    return true;
  }

  list(value: unknown, path: ScenarioPath, nonEmpty: boolean): value is unknown[] {
    if (!Array.isArray(value)) return this.fail(path, `expected a list, got ${describe(value)}`);
    if (nonEmpty && value.length === 0) return this.fail(path, 'must not be empty');
    return true;
  }

  string(value: unknown, path: ScenarioPath): value is string {
    return typeof value === 'string' || this.fail(path, `expected a string, got ${describe(value)}`);
  }

  count(value: unknown, path: ScenarioPath, min: number): value is number {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return true;
    return this.fail(path, `expected a whole number >= ${min}, got ${describe(value)}`);
  }

  oneOf<T extends string>(value: unknown, path: ScenarioPath, options: readonly T[]): value is T {
    if (typeof value === 'string' && (options as readonly string[]).includes(value)) return true;
    return this.fail(path, `expected one of ${options.map((o) => `'${o}'`).join(', ')}, got ${describe(value)}`);
  }

  optional(value: Fields, key: string, path: ScenarioPath, check: (v: unknown, p: ScenarioPath) => boolean): void {
    if (value[key] !== undefined) check(value[key], [...path, key]);
  }
}

function checkTool(c: Checker, value: unknown, path: ScenarioPath): void {
  if (!c.object(value, path, ['name', 'input'])) return;
  if (value.name === undefined) c.fail([...path, 'name'], 'is required');
  else c.string(value.name, [...path, 'name']);
  if (value.input === undefined) c.fail([...path, 'input'], 'is required');
  else if (!isRecord(value.input)) c.fail([...path, 'input'], `expected an object, got ${describe(value.input)}`);
}

function checkTurn(c: Checker, value: unknown, path: ScenarioPath): void {
  if (!c.object(value, path, ['text', 'tools', 'stop', 'delayMs'])) return;
  c.optional(value, 'text', path, (v, p) => c.string(v, p));
  c.optional(value, 'stop', path, (v, p) => c.oneOf(v, p, STOP_REASONS));
  c.optional(value, 'delayMs', path, (v, p) => c.count(v, p, 0));
  c.optional(value, 'tools', path, (v, p) => {
    if (!c.list(v, p, false)) return false;
    v.forEach((tool, i) => checkTool(c, tool, [...p, i]));
    return true;
  });
  if (value.stop === 'tool_use' && !(Array.isArray(value.tools) && value.tools.length > 0)) {
    c.fail([...path, 'stop'], "'tool_use' needs at least one entry in tools");
  }
}

function checkTask(c: Checker, value: unknown, path: ScenarioPath): void {
  if (!c.object(value, path, ['attempts'])) return;
  const attempts = value.attempts;
  if (attempts === undefined) {
    c.fail([...path, 'attempts'], 'is required');
    return;
  }
  if (!c.list(attempts, [...path, 'attempts'], true)) return;
  attempts.forEach((attempt, i) => {
    const at = [...path, 'attempts', i];
    if (!c.object(attempt, at, ['turns'])) return;
    if (attempt.turns === undefined) {
      c.fail([...at, 'turns'], 'is required');
      return;
    }
    if (!c.list(attempt.turns, [...at, 'turns'], true)) return;
    attempt.turns.forEach((turn, j) => checkTurn(c, turn, [...at, 'turns', j]));
  });
}

function checkFault(c: Checker, value: unknown, path: ScenarioPath): void {
  if (!c.object(value, path, ['kind', 'match', 'times', 'delayMs', 'frameDelayMs', 'retryAfterMs'])) return;
  if (value.kind === undefined) c.fail([...path, 'kind'], 'is required');
  else c.oneOf(value.kind, [...path, 'kind'], FAULT_KINDS);
  c.optional(value, 'times', path, (v, p) => c.count(v, p, 1));
  c.optional(value, 'delayMs', path, (v, p) => c.count(v, p, 0));
  c.optional(value, 'frameDelayMs', path, (v, p) => c.count(v, p, 0));
  c.optional(value, 'retryAfterMs', path, (v, p) => c.count(v, p, 0));
  c.optional(value, 'match', path, (match, p) => {
    if (!c.object(match, p, ['task', 'attempt', 'turn', 'endpoint'])) return false;
    c.optional(match, 'task', p, (v, q) => c.string(v, q));
    c.optional(match, 'attempt', p, (v, q) => c.count(v, q, 1));
    c.optional(match, 'turn', p, (v, q) => c.count(v, q, 0));
    c.optional(match, 'endpoint', p, (v, q) => c.oneOf(v, q, FAULT_ENDPOINTS));
    return true;
  });
}

/**
 * Checks a parsed scenario and returns it typed, or every problem with its path. Never throws.
 * `lineOf` maps a path to a source line when the scenario came from a file.
 */
export function validateScenario(value: unknown, lineOf?: (path: ScenarioPath) => number | undefined): ScenarioCheck {
  const c = new Checker();
  if (c.object(value, [], ['tasks', 'default', 'faults'])) {
    c.optional(value, 'tasks', [], (tasks, p) => {
      if (!isRecord(tasks)) return c.fail(p, `expected an object of task id -> script, got ${describe(tasks)}`);
      for (const [id, task] of Object.entries(tasks)) checkTask(c, task, [...p, id]);
      return true;
    });
    c.optional(value, 'default', [], (task, p) => (checkTask(c, task, p), true));
    c.optional(value, 'faults', [], (faults, p) => {
      if (!c.list(faults, p, false)) return false;
      faults.forEach((fault, i) => checkFault(c, fault, [...p, i]));
      return true;
    });
  }
  if (c.issues.length === 0) return { ok: true, scenario: value as Scenario };
  return {
    ok: false,
    issues: c.issues.map(({ path, message }) => {
      const line = lineOf?.(path);
      return line === undefined
        ? { path: formatScenarioPath(path), message }
        : { path: formatScenarioPath(path), message, line };
    }),
  };
}

/** Checks one fault given at runtime (`server.injectFault`), with the same rules as the scenario's. */
export function validateFault(value: unknown): ScenarioIssue[] {
  const c = new Checker();
  checkFault(c, value, []);
  return c.issues.map(({ path, message }) => ({ path: formatScenarioPath(path), message }));
}

/** Thrown only at the edges (loading a file, starting the server), never by validateScenario. */
export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly ScenarioIssue[],
  ) {
    super(
      `Invalid fake-anthropic scenario (${source}):\n` +
        issues
          .map((i) => `  ${i.line === undefined ? '' : `${source}:${i.line}: `}${i.path}: ${i.message}`)
          .join('\n'),
    );
    this.name = 'ScenarioError';
  }
}

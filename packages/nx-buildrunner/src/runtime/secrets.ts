/**
 * One scrubber for everything the runtime writes or sends: prompts, verification output, results.
 * Secrets are recognised three ways: by their known shapes (API keys, tokens, private keys), by
 * being the value of a secret-named environment variable, and by sitting in an assignment to a
 * secret-named key. Scrubbing is idempotent, so layers may apply it more than once.
 */

export const REDACTED = '[redacted]';

/** `ANTHROPIC_API_KEY`, `NPM_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `DB_PASSWORD`, `apiKey`, `authToken`. */
const SECRET_NAME = /(?:^|_)(?:API_?)?KEY$|TOKEN$|SECRET|PASSWORD|PASSWD|CREDENTIAL/;

/** Values shorter than this are too common (`1`, `true`, `dev`) to replace wherever they occur. */
const MIN_ENV_SECRET_LENGTH = 8;

const KNOWN_SHAPES: readonly RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bnpm_[A-Za-z0-9]{30,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/** `Authorization: Bearer abc…` and `x-api-key: abc…` in logged requests or curl commands. */
const AUTH_HEADER = /\b(authorization|x-api-key)(["']?\s*[:=]\s*["']?)(?:(Bearer|Basic)\s+)?([^\s"',]+)/gi;

/**
 * `NAME=value` at the start of a line with an upper-case name: dotenv files, shell scripts, `env`
 * dumps, module constants. Lower-case names at line start are ordinary code (`token = next()`).
 */
const ENV_LINE = /^(\s*(?:export\s+)?)([A-Z_][A-Z0-9_]*)(\s*=\s*)(.*)$/gm;

/** `name = "literal"`, `"name": "literal"`, `name: literal` anywhere. */
const ASSIGNMENT = /\b([A-Za-z_][A-Za-z0-9_-]*)(["']?\s*(?::=|[:=])\s*)(["'`]?)([^\s"'`;,)}\]]+)\3/g;

/**
 * Names already judged. Every scrub of every string looks at every variable of the environment,
 * and a batch process scrubs thousands of strings: the same few hundred names each time. Bounded,
 * since assignments in scrubbed code bring names of their own.
 */
const judged = new Map<string, boolean>();
const MAX_JUDGED = 10_000;

/** Secret-looking key names; camelCase is read as snake case (`apiKey` is `API_KEY`). */
export function isSecretName(name: string): boolean {
  const known = judged.get(name);
  if (known !== undefined) return known;
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase();
  const secret = SECRET_NAME.test(snake);
  if (judged.size >= MAX_JUDGED) judged.clear();
  judged.set(name, secret);
  return secret;
}

interface SecretScan {
  /** Every variable name, joined: a variable added, removed or renamed changes it. */
  names: string;
  /** The secret-named variables and their values when scanned. */
  secrets: [string, string | undefined][];
  values: string[];
}

/**
 * The last scan of each environment. Reading all of `process.env` goes through the C++ getenv for
 * every value, and a batch process scrubs thousands of strings against the same environment.
 * Reused only while the names and every secret-named value are unchanged, so a secret set
 * mid-run is scrubbed from then on.
 */
const scans = new WeakMap<NodeJS.ProcessEnv, SecretScan>();

/** Values of secret-named variables, longest first so a key that contains another is replaced whole. */
function secretValues(env: NodeJS.ProcessEnv): string[] {
  const keys = Object.keys(env);
  const names = keys.join('\0');
  const last = scans.get(env);
  if (last !== undefined && last.names === names && last.secrets.every(([name, value]) => env[name] === value)) return last.values;
  const secrets = keys
    .filter(isSecretName)
    .map((name): [string, string | undefined] => [name, env[name]]);
  const values = new Set<string>();
  for (const [, value] of secrets) if (value !== undefined && value.length >= MIN_ENV_SECRET_LENGTH) values.add(value);
  const sorted = [...values].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  scans.set(env, { names, secrets, values: sorted });
  return sorted;
}

/** A reference to a secret (`$TOKEN`, `process.env.TOKEN`) is safe to show and useful to the reader. */
function isReference(value: string): boolean {
  return /^(?:\$|process\.env|os\.environ|env\.|getenv|<|\[redacted\])/.test(value) || value.length === 0;
}

/**
 * Code is full of assignments to key-named variables whose values are not secrets
 * (`headerKey: "content-type"`); generated secrets mix letters and digits and are long.
 */
function looksGenerated(value: string): boolean {
  return value.length >= MIN_ENV_SECRET_LENGTH && /[A-Za-z]/.test(value) && /[0-9]/.test(value);
}

export function scrubSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return scrubWith(text, secretValues(env));
}

function scrubWith(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) out = out.split(value).join(REDACTED);
  for (const shape of KNOWN_SHAPES) out = out.replace(shape, REDACTED);
  out = out.replace(AUTH_HEADER, (_all, name: string, sep: string, scheme: string | undefined) =>
    `${name}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  );
  out = out.replace(ENV_LINE, (all, lead: string, name: string, eq: string, value: string) => {
    const bare = value.trim().replace(/^["']|["']$/g, '');
    const plain = /^(?:\d+|true|false|null|none)$/i.test(bare);
    return isSecretName(name) && !isReference(bare) && !plain ? `${lead}${name}${eq}${REDACTED}` : all;
  });
  return out.replace(ASSIGNMENT, (all, name: string, sep: string, quote: string, value: string) =>
    isSecretName(name) && looksGenerated(value) && !isReference(value) ? `${name}${sep}${quote}${REDACTED}${quote}` : all,
  );
}

/** A copy of `env` without secret-named variables: what child processes the runtime starts get. */
export function scrubEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!isSecretName(name)) clean[name] = value;
  }
  return clean;
}

/** Every string inside a JSON-like value scrubbed; keys are kept, structure is unchanged. */
export function scrubDeep<T>(value: T, env: NodeJS.ProcessEnv = process.env): T {
  const values = secretValues(env);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubWith(v, values);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item)]));
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * Keeping credentials out of what agents see and what we record. Names are judged by shape
 * because a workspace can hold any number of tokens we have never heard of.
 */

const SECRET_NAME = /(^|_)(API_?KEY|KEY|TOKEN|PASSWORD|PASSWD|CREDENTIALS?)(_|$)|SECRET/i;

/** Values shorter than this are too common to redact without mangling ordinary text. */
const MIN_SECRET_LENGTH = 8;

export const REDACTED = '[redacted]';

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A copy of `env` without ANTHROPIC_API_KEY and every other *_KEY, *_TOKEN or *SECRET* variable. */
export function scrubEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!isSecretName(name)) clean[name] = value;
  }
  return clean;
}

/** The values worth redacting: those of secret-named variables, plus any given explicitly. */
export function secretValues(env: NodeJS.ProcessEnv, extra: readonly (string | undefined)[] = []): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value && isSecretName(name)) values.add(value);
  }
  for (const value of extra) if (value) values.add(value);
  // Longest first, so a secret that contains another is replaced whole.
  return [...values].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

import { isSecretName, REDACTED, scrubSecrets } from '../runtime/secrets';
import type { AgentEvent } from './types';

/**
 * Two strengths of redaction. What the model reads (tool results) loses only exact secret values,
 * so file contents stay faithful enough to edit; what we record or report (summaries, errors,
 * events) also goes through the runtime's scrubber, which knows key shapes and assignments.
 */

/** Values shorter than this are too common to redact without mangling ordinary text. */
const MIN_SECRET_LENGTH = 8;

/** The values of secret-named variables in `env`, plus any given explicitly (the API key). */
export function secretValues(env: NodeJS.ProcessEnv, extra: readonly (string | null | undefined)[] = []): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value && isSecretName(name)) values.add(value);
  }
  for (const value of extra) if (value) values.add(value);
  // Longest first, so a secret that contains another is replaced whole.
  return [...values].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** For text the model reads: exact secret values only. */
export function redactValues(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** For text we record, log or show: exact values, then everything the runtime scrubber knows. */
export function scrubForRecord(text: string, secrets: readonly string[]): string {
  return scrubSecrets(redactValues(text, secrets));
}

/** Events carry model and tool text, which can quote anything: they are scrubbed like records. */
export function scrubEvent(event: AgentEvent, secrets: readonly string[]): AgentEvent {
  if (event.type === 'text') return { type: 'text', text: scrubForRecord(event.text, secrets) };
  if (event.type === 'retry') return { type: 'retry', reason: scrubForRecord(event.reason, secrets) };
  return event;
}

import { isSecretName } from '../../runtime/secrets';

/** Shorter values are too common to mean anything when found in a change. */
const MIN_SECRET_LENGTH = 8;

/**
 * Names of the secret-named environment variables whose values occur in `data`. A task's change
 * that holds the API key (or any other credential of the run) must never be merged or written.
 */
export function leakedSecrets(data: Buffer, env: NodeJS.ProcessEnv): string[] {
  const names: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH && isSecretName(name) && data.includes(value)) names.push(name);
  }
  return names.sort();
}

/** `data` with every secret value replaced, for what is kept of a change that was refused. */
export function redactSecretValues(data: Buffer, env: NodeJS.ProcessEnv): Buffer {
  const names = leakedSecrets(data, env);
  if (names.length === 0) return data;
  let text = data.toString('latin1');
  for (const name of names) text = text.split(Buffer.from(env[name] ?? '', 'utf8').toString('latin1')).join('[redacted]');
  return Buffer.from(text, 'latin1');
}

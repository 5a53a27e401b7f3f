import { createHash } from 'node:crypto';
import type { DraftTask } from './decompose';

/** JSON with object keys sorted at every depth, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * sha256 of everything that defines the task's work. Not its line: an edit above a feature moves
 * it without changing what it asks for, and must not make Nx redo it.
 */
export function taskHash(task: DraftTask): string {
  const definition: Partial<DraftTask> = { ...task };
  delete definition.line;
  return createHash('sha256').update(canonicalJson(definition)).digest('hex').slice(0, 16);
}

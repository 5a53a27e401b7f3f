import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { formatDiagnostic, hasErrors } from '../spec/diagnostic';
import { loadSpec } from '../spec';
import { planSpec } from '../plan';
import type { Plan, PlanOptions } from '../plan/types';
import type { Spec } from '../spec/types';
import { type CliIo, UsageError } from './io';

export const DEFAULT_SPEC = 'PROJECT_SPEC.md';

export interface LoadedPlan {
  /** As shown to the user and written into plan files: relative to the cwd, POSIX separators. */
  file: string;
  spec: Spec;
  plan: Plan;
  ok: boolean;
}

/** Paths in output are relative so the same spec gives the same bytes on every machine. */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  return shown.split(sep).join('/');
}

export function resolveSpecFile(io: CliIo, given: string | undefined): string {
  const file = resolve(io.cwd, given ?? DEFAULT_SPEC);
  if (given === undefined && !existsSync(file)) {
    throw new UsageError(`no ${DEFAULT_SPEC} in ${io.cwd}; pass --spec FILE`);
  }
  return file;
}

/** `options` as the plugin plans with them, when task hashes must match the projects Nx runs. */
export function loadPlan(io: CliIo, given: string | undefined, options: PlanOptions = {}): LoadedPlan {
  const absolute = resolveSpecFile(io, given);
  const file = displayPath(io.cwd, absolute);
  const spec = { ...loadSpec(absolute), path: file };
  const plan = planSpec(spec, options);
  return { file, spec, plan, ok: !hasErrors(plan.diagnostics) };
}

/** Errors and warnings go to stderr as `FILE:LINE: severity: message`, one per line. */
export function reportDiagnostics(io: CliIo, loaded: LoadedPlan): void {
  for (const d of loaded.plan.diagnostics) io.err(formatDiagnostic(loaded.file, d));
}

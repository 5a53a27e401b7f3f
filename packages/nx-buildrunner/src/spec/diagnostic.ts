/**
 * Errors are values: every stage returns what it could make of its input plus diagnostics
 * that point at the line a user has to change. Nothing in spec/ or plan/ throws on bad input.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** 1-based line in the spec file; 0 when the problem is the file as a whole. */
  line: number;
  column?: number;
}

export function error(message: string, line: number, column?: number): Diagnostic {
  return column === undefined ? { severity: 'error', message, line } : { severity: 'error', message, line, column };
}

export function warning(message: string, line: number, column?: number): Diagnostic {
  return column === undefined ? { severity: 'warning', message, line } : { severity: 'warning', message, line, column };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `FILE:LINE: message` (with `:COLUMN` when known), the form editors and CI logs link. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = d.column === undefined ? `${file}:${d.line}` : `${file}:${d.line}:${d.column}`;
  return `${where}: ${d.severity}: ${d.message}`;
}

export { parseSpec } from './parse';
export { loadSpec } from './load';
export { slugify } from './slug';
export { error, formatDiagnostic, hasErrors, warning } from './diagnostic';
export type { Diagnostic, Severity } from './diagnostic';
export { DOMAINS, PRIORITIES } from './types';
export type {
  AcceptanceCriterion,
  Component,
  ComponentAction,
  DependencyRef,
  Domain,
  Feature,
  Priority,
  Requirement,
  Spec,
  SpecFormat,
} from './types';

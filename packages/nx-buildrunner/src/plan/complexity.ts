import type { Domain } from '../spec/types';
import type { Complexity, EstimateMinutes } from './types';

/**
 * Work where a mistake leaks data or money: always reviewed as critical, whatever its size.
 * Word stems, matched at word starts so `author` is not `auth` but `authorization` is.
 */
const CRITICAL =
  /\b(auth[nz]?\b|authenticat|authoriz|oauth|log[ -]?ins?\b|sign[ -]?in\b|passwords?\b|passphrase|credentials?\b|payments?\b|billing|checkout|invoic|refund|security|secure\b|encrypt|decrypt|crypto|permissions?\b|rbac\b|acl\b|access control|secrets?\b|jwt\b|2fa\b|mfa\b|vulnerab)/i;

export function mentionsCriticalWork(...texts: readonly string[]): boolean {
  return texts.some((text) => CRITICAL.test(text));
}

/**
 * Critical by subject (never for docs: writing about security is not security code), otherwise
 * by the amount of work, which the estimate already measures.
 */
export function complexityOf(domain: Domain, estimate: EstimateMinutes, subject: readonly string[]): Complexity {
  if (domain !== 'docs' && mentionsCriticalWork(...subject)) return 'critical';
  return estimate === 60 ? 'simple' : estimate === 90 ? 'medium' : 'complex';
}

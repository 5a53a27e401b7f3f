/**
 * What happens to a task that writes outside its scope (its declared files and its domain):
 * `off` says nothing, `warn` flags it in the journal, `fail` fails its verification.
 * Kept free of imports: the plugin validates its options with it.
 */
export const SCOPE_POLICIES = ['off', 'warn', 'fail'] as const;
export type ScopePolicy = (typeof SCOPE_POLICIES)[number];

export const DEFAULT_SCOPE_POLICY: ScopePolicy = 'warn';

export function isScopePolicy(value: unknown): value is ScopePolicy {
  return typeof value === 'string' && (SCOPE_POLICIES as readonly string[]).includes(value);
}

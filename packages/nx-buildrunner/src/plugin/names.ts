import { createHash } from 'node:crypto';

/**
 * Nx needs one name per project across the whole workspace, and task ids are unique only inside
 * their spec. Every project asks for a short name and offers a qualified one (with its spec's
 * folder); clashing requests get the qualified name, and a clash that survives that (two specs in
 * one folder with the same task id) gets a hash of the project's key as well. The result depends
 * only on the set of requests, never on the order Nx lists spec files in.
 */

export interface NameRequest {
  /** Unique and stable per project: its root. */
  key: string;
  short: string;
  qualified: string;
}

function claims(names: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

export function assignNames(requests: readonly NameRequest[]): Map<string, string> {
  const shortClaims = claims(requests.map((r) => r.short));
  const first = requests.map((r) => ((shortClaims.get(r.short) ?? 0) > 1 ? r.qualified : r.short));
  const firstClaims = claims(first);
  const names = new Map<string, string>();
  requests.forEach((request, i) => {
    const name = first[i] as string;
    if ((firstClaims.get(name) ?? 0) <= 1) names.set(request.key, name);
    else names.set(request.key, `${name}-${createHash('sha256').update(request.key).digest('hex').slice(0, 6)}`);
  });
  return names;
}

/** `examples/Text Kit` -> `examples-text-kit`; the workspace root is `root`. */
export function slugifyPath(path: string): string {
  const slug = path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'root' : slug;
}

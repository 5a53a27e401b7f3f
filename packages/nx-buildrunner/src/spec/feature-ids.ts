import { type Diagnostic, error } from './diagnostic';
import { fullSlug, truncateSlug } from './slug';

export interface Nameable {
  title: string;
  number?: number;
  line: number;
}

/**
 * Ids are slugs of titles, so editing one feature never renames another. Two features whose
 * titles give the same slug are an error (the spec names one thing twice); both still get ids,
 * the later one suffixed `-2`, `-3` in document order. Slugs that only collide because long
 * titles were cut to length are suffixed the same way without complaint. A title with nothing
 * to transliterate becomes `feature-<N>`, N being its number or its position.
 */
export function assignIds(features: readonly Nameable[]): { ids: string[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const used = new Set<string>();
  const firstByName = new Map<string, Nameable>();
  const ids = features.map((feature, i) => {
    const full = fullSlug(feature.title);
    const name = full || `title:${feature.title.normalize('NFKC').toLowerCase().trim()}`;
    const first = firstByName.get(name);
    if (first) {
      diagnostics.push(error(`duplicate feature '${feature.title}': same id as the feature at line ${first.line}`, feature.line));
    } else {
      firstByName.set(name, feature);
    }
    const base = truncateSlug(full) || `feature-${feature.number ?? i + 1}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
  return { ids, diagnostics };
}

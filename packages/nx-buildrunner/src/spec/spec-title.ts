import { basename, extname } from 'node:path';
import { specTitleFromHeading } from './feature-heading';
import type { Section } from './sections';

/** The first h1 (without a `PROJECT_SPEC -` prefix), else front matter `title` or `project`, else the file name. */
export function specTitle(root: Section, metadata: Record<string, unknown>, path: string): string {
  const h1 = root.children.find((s) => s.depth === 1);
  const fromHeading = h1 ? specTitleFromHeading(h1.title) : '';
  if (fromHeading) return fromHeading;
  for (const key of ['title', 'project']) {
    const value = metadata[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return fileTitle(path);
}

/** `docs/PROJECT_SPEC.md` is titled `PROJECT_SPEC`. */
export function fileTitle(path: string): string {
  return basename(path, extname(path)) || 'spec';
}

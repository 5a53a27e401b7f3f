import { normaliseLabel } from './labels';

/**
 * Sections that describe the project rather than ask for work. A heading is one of these when
 * every part of it (split on `and`, `&`, `,`, `/`) is a known phrase: `Goals and non-goals`,
 * `Background & motivation`. Leading numbering (`2. Overview`) is ignored.
 */
const NON_FEATURE_PHRASES = new Set([
  'about',
  'acknowledgements',
  'appendix',
  'assumptions',
  'background',
  'change log',
  'changelog',
  'constraints',
  'contents',
  'context',
  'current state',
  'dependencies',
  'executive summary',
  'faq',
  'future',
  'future work',
  'glossary',
  'goal',
  'goals',
  'intro',
  'introduction',
  'license',
  'metrics',
  'motivation',
  'non goals',
  'nongoals',
  'not in scope',
  'notes',
  'open questions',
  'out of scope',
  'overview',
  'problem',
  'problem statement',
  'purpose',
  'questions',
  'references',
  'related',
  'related work',
  'risks',
  'see also',
  'stakeholders',
  'status',
  'success metrics',
  'summary',
  'table of contents',
  'team',
  'tech stack',
  'technical requirements',
  'technology',
  'timeline',
  'tl dr',
  'tldr',
  'toc',
  'vision',
  'won t do',
  'wont do',
]);

export function isNonFeatureSection(title: string): boolean {
  const parts = title
    .replace(/^\s*\d+(?:\.\d+)*[.)]?\s+/, '')
    .split(/\s+and\s+|[&,/]/i)
    .map(normaliseLabel)
    .filter(Boolean);
  return parts.length > 0 && parts.every((p) => NON_FEATURE_PHRASES.has(p));
}

/** Subsections inside a feature that list what the feature will not do: skipped, not read as work. */
const EXCLUSIONS = new Set(['out of scope', 'not in scope', 'non goals', 'nongoals', 'won t do', 'wont do', 'future work', 'later']);

export function isExclusionSection(title: string): boolean {
  return EXCLUSIONS.has(normaliseLabel(title.replace(/^\s*\d+(?:\.\d+)*[.)]?\s+/, '')));
}
